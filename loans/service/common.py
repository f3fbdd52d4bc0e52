"""What the loan services share: the cooperative's day, loading (and locking) a loan, its
schedule as values, days past due and the collectibility band."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from loans.errors import LoanNotFound
from loans.models import Loan, LoanPolicy, ScheduleLine
from loans.schemas import BANDS, Band, LineOut, LoanOut, PolicyOut
from market import service as market
from market.service import Role

MANAGERS = frozenset({Role.MANAGER})
STAFF = frozenset({Role.MANAGER, Role.CASHIER})
KIND = "loan"  # the tag of a member's loan business in the ledger (their SHU jasa-usaha weight)


_day: ContextVar[date | None] = ContextVar("loans_day", default=None)


@contextmanager
def on_day(day: date) -> Iterator[None]:
    """Loan business done inside this block happens on *day* (its entries dated then too): the demo
    writing a year of loans through the real flows, a test walking a loan through its months."""
    token = _day.set(day)
    try:
        with market.booking_on(day):
            yield
    finally:
        _day.reset(token)


async def today(coop_id: int) -> date:
    """The cooperative's business day (its time zone), or the day of an ``on_day`` block."""
    return _day.get() or await market.day_in(coop_id)


async def load(coop_id: int, loan_id: int, *, lock: bool = False) -> Loan:
    query = Loan.filter(id=loan_id, cooperative_id=coop_id)
    if lock:
        query = query.select_for_update()
    row = await query.first()
    if row is None:
        raise LoanNotFound("Pinjaman tidak ditemukan")
    return row


def loan_out(row: Loan) -> LoanOut:
    return LoanOut.model_validate(row)


async def policy_of(coop_id: int) -> PolicyOut:
    row = await LoanPolicy.get_or_none(cooperative_id=coop_id)
    if row is None:
        row = LoanPolicy(cooperative_id=coop_id)  # the defaults, not stored until set
    return PolicyOut.model_validate(row)


def line_out(row: ScheduleLine) -> LineOut:
    return LineOut(
        seq=row.seq,
        due_on=row.due_on,
        principal=row.principal,
        jasa=row.jasa,
        total=row.principal + row.jasa,
        paid=row.paid_on is not None,
        paid_on=row.paid_on,
    )


async def lines_of(loan_id: int) -> list[ScheduleLine]:
    return list(await ScheduleLine.filter(loan_id=loan_id).order_by("seq"))


def days_past_due(lines: list[ScheduleLine], as_of: date) -> int:
    """Days since the oldest instalment still unpaid fell due (0 when none is late)."""
    late = [line.due_on for line in lines if line.paid_on is None and line.due_on < as_of]
    return (as_of - min(late)).days if late else 0


def band_of(dpd: int, bands: list[int]) -> Band:
    """Lancar up to bands[0] days past due, kurang lancar up to bands[1], diragukan up to bands[2], macet beyond."""
    for index, bound in enumerate(bands):
        if dpd <= bound:
            return BANDS[index]
    return BANDS[-1]


def overdue(lines: list[ScheduleLine], as_of: date) -> int:
    return sum(line.principal + line.jasa for line in lines if line.paid_on is None and line.due_on < as_of)
