"""The ``PaymentGateway`` port: what payments needs from a provider, in provider-neutral values.

One production adapter implements it (``payments.xendit.XenditGateway``); the sandbox speaks the
same wire protocol, so tests run that adapter unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

# Provider limits for one invoice, in whole rupiah. The largest per-channel maximum Xendit
# documents for Indonesia (virtual accounts); the invoice-wide limits are unconfirmed.
INVOICE_MIN_IDR = 1
INVOICE_MAX_IDR = 50_000_000_000
# /v2/payouts to banks over BI-FAST (RTGS has no cap, but BI-FAST is what the sandbox speaks).
PAYOUT_MIN_IDR = 10_000
PAYOUT_MAX_IDR = 250_000_000
PAYOUT_CHANNELS = ("ID_BCA", "ID_BRI", "ID_BNI", "ID_MANDIRI", "ID_PERMATA", "ID_BSI", "ID_CIMB", "ID_BJB")
# E-wallets a wallet may be cashed out to (the account number is the 08… phone number). The
# codes follow the ID_<NAME> pattern of the banks; xendit.md marks them unconfirmed.
PAYOUT_EWALLET_CHANNELS = ("ID_OVO", "ID_DANA", "ID_GOPAY", "ID_SHOPEEPAY", "ID_LINKAJA")
RefundReason = Literal["FRAUDULENT", "DUPLICATE", "REQUESTED_BY_CUSTOMER", "CANCELLATION", "OTHERS"]
REFUND_REASONS: tuple[str, ...] = get_args(RefundReason)


@dataclass(frozen=True)
class InvoiceInfo:
    """An invoice as the provider sees it; ``status`` is the provider's own word."""

    id: str
    external_id: str
    status: str  # PENDING, PAID, SETTLED, EXPIRED (sandbox adds FAILED)
    amount: int
    currency: str = ""
    invoice_url: str = ""
    expiry_date: str = ""
    paid_amount: int | None = None
    payment_method: str = ""
    payment_channel: str = ""
    failure_code: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class RefundInfo:
    id: str
    status: str  # PENDING, SUCCEEDED, FAILED, CANCELLED
    amount: int
    invoice_id: str = ""
    reference_id: str = ""
    failure_code: str = ""


@dataclass(frozen=True)
class PayoutInfo:
    id: str
    reference_id: str
    status: str  # ACCEPTED, REQUESTED, SUCCEEDED, FAILED, CANCELLED, REVERSED
    amount: int
    failure_code: str = ""


@dataclass(frozen=True)
class AccountCheck:
    """What the provider's name check says of a bank account: ``FOUND`` with the holder's name as
    the bank has it, ``NOT_FOUND``, or ``UNKNOWN`` (still pending, or the bank cannot be asked)."""

    status: str
    account_holder_name: str = ""
    is_virtual_account: bool = False


class PaymentGateway(Protocol):
    async def create_invoice(
        self,
        *,
        external_id: str,
        amount: int,
        description: str,
        duration_s: int,
        success_redirect_url: str | None = None,
        failure_redirect_url: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> InvoiceInfo: ...

    async def get_invoice(self, invoice_id: str) -> InvoiceInfo: ...

    async def find_invoices(self, external_id: str) -> list[InvoiceInfo]: ...

    async def expire_invoice(self, invoice_id: str) -> InvoiceInfo: ...

    async def create_refund(
        self, *, invoice_id: str, amount: int, reason: str, reference_id: str, idempotency_key: str
    ) -> RefundInfo: ...

    async def get_refund(self, refund_id: str) -> RefundInfo: ...

    async def create_payout(
        self,
        *,
        reference_id: str,
        channel_code: str,
        account_number: str,
        account_holder_name: str,
        amount: int,
        description: str,
        idempotency_key: str,
    ) -> PayoutInfo: ...

    async def get_payout(self, payout_id: str) -> PayoutInfo: ...

    async def find_payouts(self, reference_id: str) -> list[PayoutInfo]: ...

    async def cancel_payout(self, payout_id: str) -> PayoutInfo: ...

    async def get_balance(self) -> int: ...

    async def validate_account(
        self, *, channel_code: str, account_number: str, account_holder_name: str, reference_id: str
    ) -> AccountCheck: ...
