"""Closing months: once a month is closed nothing may be booked on or before its last day.

There is no reopening. A mistake found in a closed month is corrected by an entry in the open
period (a reversal or a new manual entry dated today), so a report once signed never changes.
The year-end close (issue 13) locks the whole year the same way.
"""

from __future__ import annotations

import calendar
from datetime import date

from market import db
from market.clock import today_in
from market.errors import Conflict, InvalidInput
from market.models import Cooperative
from market.service.cooperatives import get_cooperative
from market.service.journal.access import MANAGERS
from market.service.journal.schemas import PeriodsOut
from market.service.users import Actor, require_coop


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


async def locked_through(coop_id: int) -> date | None:
    """The last day of the last closed month of the cooperative's books (None: none closed)."""
    return (await get_cooperative(coop_id)).books_locked_through


async def close_month(coop_id: int, year: int, month: int, *, actor: Actor) -> date:
    """Close (lock) the month *year*-*month* and every month before it; return the new lock date.

    Only a month that has ended in the cooperative's time zone can be closed: the current or a
    future month is refused. Closing a month already closed changes nothing. A closed month is
    never reopened — corrections go into the open period.
    """
    require_coop(actor, coop_id, roles=MANAGERS)
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise InvalidInput("Bulan tidak valid", field="month")
    coop = await get_cooperative(coop_id)
    end = last_day(year, month)
    today = today_in(coop)
    if end >= today.replace(day=1):
        raise Conflict(
            f"Bulan {month:02d}/{year} belum berakhir; hanya bulan yang sudah lewat dapat ditutup", field="month"
        )
    async with db.transaction():
        await Cooperative.filter(id=coop_id).filter(books_locked_through__isnull=True).update(books_locked_through=end)
        await Cooperative.filter(id=coop_id, books_locked_through__lt=end).update(books_locked_through=end)
    return (await get_cooperative(coop_id)).books_locked_through or end


async def periods(coop_id: int) -> PeriodsOut:
    """The lock date and the ended months that can still be closed (newest 24)."""
    coop = await get_cooperative(coop_id)
    today = today_in(coop)
    months: list[str] = []
    year, month = today.year, today.month
    for _ in range(24):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        if coop.books_locked_through and last_day(year, month) <= coop.books_locked_through:
            break
        months.append(f"{year:04d}-{month:02d}")
    return PeriodsOut(locked_through=coop.books_locked_through, closable=list(reversed(months)))
