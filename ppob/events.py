"""What PPOB announces through the outbox when a purchase reaches its end."""

from __future__ import annotations

import dataclasses

from market.events import Event, event


@dataclasses.dataclass(frozen=True, kw_only=True)
class TransactionOutcome(Event):
    transaction_id: int
    ref_id: str
    cooperative_id: int
    member_id: int | None
    sku: str
    amount: int  # what the customer paid


@event("ppob.transaction.succeeded", version=1)
class TransactionSucceeded(TransactionOutcome):
    """The biller delivered; *margin* is the cooperative's share, booked as its income."""

    margin: int


@event("ppob.transaction.failed", version=1)
class TransactionFailed(TransactionOutcome):
    """The biller refused or failed; the customer's money was returned."""
