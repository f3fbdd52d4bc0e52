"""What the syariah services share: the cooperative (syariah only), its day and months, and the
balance-days of savings accounts — the input of every average-daily-balance share."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from market import db
from market import service as market
from market.errors import InvalidInput
from market.service import Role
from syariah.errors import MonthNotOver, NotSyariah

MANAGERS = frozenset({Role.MANAGER})
STAFF = frozenset({Role.MANAGER, Role.CASHIER})
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


async def syariah_coop(coop_id: int):
    """The cooperative, which must be a syariah one (a conventional one is refused, 409)."""
    coop = await market.get_cooperative(coop_id)
    if not coop.syariah:
        raise NotSyariah("Fitur ini hanya untuk koperasi syariah")
    return coop


async def today(coop_id: int) -> date:
    return await market.day_in(coop_id)


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of ``YYYY-MM``."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except ValueError:
        raise InvalidInput("Bulan harus berformat TTTT-BB", field="month") from None
    return first, date(year, number, calendar.monthrange(year, number)[1])


def month_label(month: str) -> str:
    first, _ = month_bounds(month)
    return f"{MONTHS[first.month - 1]} {first.year}"


async def ended(coop_id: int, month: str, as_of: date | None) -> tuple[date, date, date]:
    """(first day, last day, booking day) of a month that is over in the cooperative's time zone."""
    first, last = month_bounds(month)
    day = as_of or await today(coop_id)
    if last >= day:
        raise MonthNotOver(f"{month_label(month)} belum berakhir; hitung setelah bulan berakhir", field="month")
    return first, last, day


async def balance_days(account_ids: list[int], first: date, last: date) -> dict[int, int]:
    """Σ over the days of [first, last] of each account's end-of-day natural balance (a
    liability's: its credits less its debits). An average daily balance is this over the days.

    From two grouped scans of the posting index: the balance before the month, and each day's
    change — a change on day d counts for the days d … last."""
    if not account_ids:
        return {}
    marks = ", ".join("?" * len(account_ids))
    days = (last - first).days + 1
    totals: dict[int, int] = defaultdict(int)
    opening = await db.execute(
        f"SELECT account_id, SUM(amount) AS s FROM ledger_posting WHERE account_id IN ({marks})"
        " AND booked_on < ? GROUP BY account_id",
        *account_ids,
        first,
    )
    for r in opening:
        totals[r["account_id"]] += -int(r["s"]) * days
    changes = await db.execute(
        f"SELECT account_id, booked_on, SUM(amount) AS s FROM ledger_posting WHERE account_id IN ({marks})"
        " AND booked_on >= ? AND booked_on <= ? GROUP BY account_id, booked_on",
        *account_ids,
        first,
        last,
    )
    for r in changes:
        on = r["booked_on"]
        on = on if isinstance(on, date) else date.fromisoformat(str(on))
        totals[r["account_id"]] += -int(r["s"]) * ((last - on).days + 1)
    return {a: totals.get(a, 0) for a in account_ids}
