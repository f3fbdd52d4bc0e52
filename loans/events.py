"""What loans announce to the other packages (through the outbox)."""

from __future__ import annotations

from market.events import Event, event


@event("loans.disbursed", version=1)
class LoanDisbursed(Event):
    loan_id: int
    cooperative_id: int
    member_id: int
    principal: int
    paid_out: int  # principal less the administration fee
    channel: str  # wallet / cash


@event("loans.repaid", version=1)
class LoanRepaid(Event):
    """A payment on a loan: an instalment (``seq``) or the early settlement of the rest."""

    loan_id: int
    cooperative_id: int
    member_id: int
    payment_id: int
    principal: int
    jasa: int
    late_charge: int
    closed: bool
