"""The business rules of payments, the package's public surface for other packages.

Payments carry an owner they do not interpret (``kind`` + the owner's own ``owner_id``) and
announce their outcomes on the outbox as the typed events of ``payments.events``:
``PaymentSucceeded`` / ``PaymentFailed`` / ``PaymentExpired``, ``PaymentRefunded`` /
``RefundFailed`` (with the refunded ``part_id``) and ``PayoutSucceeded`` / ``PayoutFailed`` /
``PayoutCancelled`` / ``PayoutReversed``. The gateway is passed in (a port
wired at start-up, see market.runtime); nothing here reads settings or imports FastAPI.

What these functions hand back are values, never payments' ORM rows: the frozen schemas of
``payments.schemas`` (``PaymentOut``, ``RefundOut``, ``PayoutOut``, ``MovementOut``,
``WalletInfo``), the dataclasses ``Applied``, ``Movement`` and ``Reconciled``, plain ints, and
the ledger accounts of ``market.service`` (``clearing``, ``coop_balance_account``, …).
"""

from payments.service.accounts import clearing, coop_balance_account, xendit_cash
from payments.service.callbacks import handle_callback
from payments.service.invoices import (
    check_amount,
    create_payment,
    expire_payment,
    find_payment,
    get_payment,
    list_payments,
)
from payments.service.limits import DEFAULT_RULES, WalletRules, sent_today, withdrawn_today
from payments.service.payouts import cancel_payout, coop_balance, get_payout, list_payouts, request_payout
from payments.service.pin import check_pin, has_pin, put_pin, require_pin, set_pin
from payments.service.reconcile import Reconciled, reconcile
from payments.service.refunds import list_refunds, refund_payment
from payments.service.statement import KIND_LABELS, Statement, month_bounds, statement_csv, wallet_statement
from payments.service.transfers import (
    TRANSFER_MAX_IDR,
    TRANSFER_MIN_IDR,
    book_transfer,
    find_recipient,
    get_transfer,
    owner_name,
    transfer,
    transfer_by_reference,
)
from payments.service.transitions import Applied, apply_invoice
from payments.service.wallets import (
    TOPUP_MAX_IDR,
    TOPUP_MIN_IDR,
    Movement,
    credit_wallet,
    debit_wallet,
    get_movement,
    get_wallet,
    member_wallet,
    pending_topups,
    record_wallet_movement,
    start_topup,
    user_wallet,
    wallet_balance,
    wallet_history,
    wallet_ledger_account,
    wallet_of,
)
from payments.service.withdrawals import CHANNEL_NAMES, list_withdrawals, names_match, request_withdrawal

__all__ = [name for name in dir() if not name.startswith("_")]
