"""What the SHU close announces to the other packages (through the outbox)."""

from __future__ import annotations

from market.events import Event, event


@event("shu.distributed", version=1)
class ShuDistributed(Event):
    """Every member's share of an approved proposal is credited (or kept for cash at the counter)."""

    cooperative_id: int
    fiscal_year: int
    proposal_id: int
    distribution_id: int
    members: int
    amount: int  # the members' shares together
    method: str  # wallet / sukarela / cash
