"""PPOB's business rules as plain async functions: the public surface of the package.

``products`` (price list sync, markups, platform fee, quotes); the transactions by sub-domain:
``prepaid`` (buy), ``postpaid`` (look a bill up, pay it), ``followup`` (the biller's answer,
callbacks, polling, the Xendit invoice and its outcome, expiry), ``history`` (reading, CSV), with
what they share in ``transactions`` (the state machine); ``screens`` (what each PPOB page shows,
one call per screen); ``books`` (its ledger entries), ``validation`` (customer numbers, PLN
tokens), ``port`` (``Link``: the biller and the rule numbers an edge hands
every service that needs them, ``link_of(runtime)``).
"""

from ppob.errors import BillerRejected as BillerRejectedError
from ppob.errors import BillerUnavailable as BillerUnavailableError
from ppob.service.books import wallet_balance
from ppob.service.followup import (
    apply_result,
    check_transaction,
    expire_inquiries,
    follow_up,
    handle_callback,
    invoice_paid,
    invoice_unpaid,
    open_invoice,
    poll_pending,
)
from ppob.service.history import (
    CSV_COLUMNS,
    HistoryFilter,
    export_csv,
    find_transaction,
    get_transaction,
    list_transactions,
)
from ppob.service.port import Link, link_of
from ppob.service.postpaid import inquire_bill, pay_bill
from ppob.service.prepaid import buy_prepaid, check_pln_customer
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
from ppob.service.transactions import new_ref_id
from ppob.service.validation import normalize_phone, operator_of, parse_pln_token, validate_customer_no

__all__ = [name for name in dir() if not name.startswith("_")]
