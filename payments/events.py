"""What payments announce to the other packages (through the outbox). Other packages import these
classes; payments never imports theirs.

A payment belongs to an owner the payments package does not interpret: ``kind`` (``order``,
``ppob``, ``wallet_topup``) and that owner's own integer id, ``owner_id``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from market.events import Event, event


@dataclasses.dataclass(frozen=True, kw_only=True)
class PaymentOutcome(Event):
    """The fields every payment outcome carries."""

    payment_id: int
    kind: str
    owner_id: int
    amount: int
    status: str
    previous_status: str
    late: bool  # the news came after the payment had already lapsed (a virtual-account race)
    provider_id: str | None
    cooperative_id: int | None
    wallet_id: int | None
    metadata: dict[str, Any]


@event("payment.succeeded", version=1)
class PaymentSucceeded(PaymentOutcome):
    """The money was collected (it sits in clearing, or in the wallet for a top-up)."""


@event("payment.failed", version=1)
class PaymentFailed(PaymentOutcome):
    """The payer's payment failed; nothing was collected."""


@event("payment.expired", version=1)
class PaymentExpired(PaymentOutcome):
    """The invoice lapsed unpaid."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class RefundOutcome(Event):
    payment_id: int
    refund_id: int
    kind: str
    owner_id: int
    part_id: int | None  # the owner's own id of the part refunded (orders: the sub-order)
    amount: int
    status: str
    failure_code: str


@event("payment.refunded", version=1)
class PaymentRefunded(RefundOutcome):
    """A refund reached the payer."""


@event("payment.refund_failed", version=1)
class RefundFailed(RefundOutcome):
    """A refund failed at the provider; its money is back where it came from."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class PayoutOutcome(Event):
    payout_id: int
    cooperative_id: int
    amount: int
    status: str
    failure_code: str


@event("payout.succeeded", version=1)
class PayoutSucceeded(PayoutOutcome):
    """The money reached the cooperative's bank account."""


@event("payout.failed", version=1)
class PayoutFailed(PayoutOutcome):
    """The payout failed; the money is back in the cooperative's balance."""


@event("payout.cancelled", version=1)
class PayoutCancelled(PayoutOutcome):
    """The payout was cancelled before it was sent; the money is back."""


@event("payout.reversed", version=1)
class PayoutReversed(PayoutOutcome):
    """The bank returned a paid-out sum; the money is back in the balance."""


@event("wallet.transferred", version=1)
class WalletTransferred(Event):
    """Money moved from one wallet to another (the recipient sees it at once)."""

    transfer_id: int
    from_wallet_id: int
    to_wallet_id: int
    amount: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class WithdrawalOutcome(Event):
    payout_id: int
    wallet_id: int
    amount: int
    fee: int
    status: str
    failure_code: str


@event("wallet.withdrawal_paid", version=1)
class WithdrawalPaid(WithdrawalOutcome):
    """A wallet's cash-out reached its owner's bank account or e-wallet."""


@event("wallet.withdrawal_returned", version=1)
class WithdrawalReturned(WithdrawalOutcome):
    """A cash-out failed, was cancelled or bounced: the amount and the fee are back in the wallet."""
