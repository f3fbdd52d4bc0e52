"""The reports a syariah cooperative files beside its statements (koperasi.md §5): the sources and
uses of its zakat, infak and sedekah fund (2116), and of its dana kebajikan (qardhul hasan, 2118),
straight from the book — what came in (credits), what went out (debits), opening and closing."""

from __future__ import annotations

from datetime import date

from market import db
from market import service as market
from market.errors import InvalidInput
from market.service import Actor
from syariah.schemas import FundReport, ZisLine
from syariah.service.common import STAFF, syariah_coop, today

FUNDS = {
    "zakat": ("dana_zakat", "Laporan sumber dan penggunaan dana zakat, infak dan sedekah"),
    "kebajikan": ("dana_kebajikan", "Laporan sumber dan penggunaan dana kebajikan (qardhul hasan)"),
}


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def fund_report(
    actor: Actor, coop_id: int, fund: str, start: date | None = None, end: date | None = None
) -> FundReport:
    """The fund's sources and uses over [start, end] (default: this fiscal year to date)."""
    market.require_coop(actor, coop_id, STAFF)
    await syariah_coop(coop_id)
    code, title = FUNDS[fund]
    end = end or await today(coop_id)
    start = start or date(end.year, 1, 1)
    if start > end:
        raise InvalidInput("Tanggal awal harus sebelum tanggal akhir", field="from")
    account = await market.coop_account(coop_id, code)
    before = await db.execute(
        "SELECT COALESCE(SUM(amount), 0) AS s FROM ledger_posting WHERE account_id = ? AND booked_on < ?",
        account.id,
        start,
    )
    rows = await db.execute(
        "SELECT p.booked_on, p.amount, e.description FROM ledger_posting p JOIN journal_entry e ON e.id = p.entry_id"
        " WHERE p.account_id = ? AND p.booked_on >= ? AND p.booked_on <= ? ORDER BY p.booked_on, p.id",
        account.id,
        start,
        end,
    )
    sources = [
        ZisLine(booked_on=_day(r["booked_on"]), description=r["description"], amount=-r["amount"])
        for r in rows
        if r["amount"] < 0
    ]
    uses = [
        ZisLine(booked_on=_day(r["booked_on"]), description=r["description"], amount=r["amount"])
        for r in rows
        if r["amount"] > 0
    ]
    opening = -int(before[0]["s"])
    return FundReport(
        cooperative_id=coop_id,
        fund=fund,
        title=title,
        date_from=start,
        date_to=end,
        opening=opening,
        sources=sources,
        uses=uses,
        closing=opening + sum(s.amount for s in sources) - sum(u.amount for u in uses),
    )
