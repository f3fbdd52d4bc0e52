"""Laporan perubahan ekuitas: each equity line's opening, what the period added and took, closing.

A booked equity line (simpanan pokok, wajib, cadangan…) adds its credits and takes its debits.
The two SHU lines follow the neraca (``balance_sheet``): SHU tahun berjalan gains the period's
SHU; when the period crosses into a new fiscal year, what it held at the opening moves to SHU
tahun lalu belum dibagi (a decrease on one line, an increase on the other).
"""

from __future__ import annotations

from datetime import date, timedelta

from market import db
from market.models import AccountType
from market.service.statements.balance_sheet import SHU_BEFORE, SHU_NOW, balance_sheet
from market.service.statements.base import is_result, movements, open_book, period
from market.statement_schemas import EquityRow, EquityStatement


def _split(delta: int) -> tuple[int, int]:
    return max(delta, 0), max(-delta, 0)


@db.read_only
async def equity_statement(coop_id: int, start: date | None = None, end: date | None = None) -> EquityStatement:
    book = await open_book(coop_id)
    start, end = period(book, start, end)
    found = await movements(book, start, end)
    rows = []
    for line in book.ordered(found):
        if line.type != AccountType.EQUITY or line.code in (SHU_NOW.code, SHU_BEFORE.code):
            continue
        opening, debit, credit = found[line.key]
        opening = -opening
        if opening or debit or credit:
            rows.append(
                EquityRow(
                    number=line.number,
                    code=line.code,
                    name=line.name,
                    opening=opening,
                    increase=credit,
                    decrease=debit,
                    closing=opening + credit - debit,
                )
            )
    shu_period = -sum(d - c for key, (_, d, c) in found.items() if is_result(book.lines[key]))
    before, after = await balance_sheet(coop_id, start - timedelta(days=1)), await balance_sheet(coop_id, end)
    moved = before.shu_current_year if before.at.year != end.year else 0
    rest = after.shu_current_year - before.shu_current_year + moved
    up, down = _split(rest)
    prior_up, prior_down = _split(after.shu_prior_years - before.shu_prior_years)
    for spec, opening, closing, increase, decrease in (
        (SHU_BEFORE, before.shu_prior_years, after.shu_prior_years, prior_up, prior_down),
        (SHU_NOW, before.shu_current_year, after.shu_current_year, up, down + moved),
    ):
        rows.append(
            EquityRow(
                number=spec.number,
                code=spec.code,
                name=spec.name,
                opening=opening,
                increase=increase,
                decrease=decrease,
                closing=closing,
            )
        )
    return EquityStatement(
        heading=book.heading(start, end),
        rows=rows,
        shu_period=shu_period,
        total_opening=sum(r.opening for r in rows),
        total_closing=sum(r.closing for r in rows),
    )
