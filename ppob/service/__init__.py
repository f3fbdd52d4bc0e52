"""PPOB's business rules as plain async functions: the public surface of the package.

``products`` (price list sync, markups, platform fee, quotes), ``transactions`` (the state
machine, callbacks, polling, history), ``books`` (its ledger entries), ``validation`` (customer
numbers, PLN tokens), ``port`` (the biller adapter wired at start-up).
"""

from ppob.errors import BillerRejected as BillerRejectedError
from ppob.errors import BillerUnavailable as BillerUnavailableError
from ppob.service.books import wallet_balance
from ppob.service.port import biller, use_biller, wiring
from ppob.service.products import (
    CATEGORIES,
    PricedProduct,
    Quote,
    SyncReport,
    get_product,
    last_sync,
    list_markups,
    list_products,
    list_products_exist,
    platform_fee,
    quote,
    set_markup,
    set_platform_fee,
    sync_price_list,
)
from ppob.service.transactions import (
    CSV_COLUMNS,
    HistoryFilter,
    apply_result,
    buy_prepaid,
    check_pln_customer,
    check_transaction,
    expire_inquiries,
    export_csv,
    find_transaction,
    follow_up,
    invoice_paid,
    invoice_unpaid,
    open_invoice,
    get_transaction,
    handle_callback,
    inquire_bill,
    list_transactions,
    new_ref_id,
    pay_bill,
    poll_pending,
)
from ppob.service.validation import normalize_phone, operator_of, parse_pln_token, validate_customer_no

__all__ = [name for name in dir() if not name.startswith("_")]
