"""What the network counter announces to the other packages (through the outbox)."""

from __future__ import annotations

from market.events import Event, event


@event("network.counter_done", version=1)
class CounterDone(Event):
    """Cash went out of (withdrawal) or into (deposit) a counter's till for a member's wallet."""

    transaction_id: int
    kind: str  # withdrawal / deposit
    via: str  # phone / code / counter
    counter_cooperative_id: int
    home_cooperative_id: int
    member_id: int
    amount: int


@event("network.settlement_requested", version=1)
class SettlementRequested(Event):
    """The network pays a cooperative what its counters are owed, through a cooperative payout."""

    settlement_id: int
    cooperative_id: int
    payout_id: int
    amount: int
