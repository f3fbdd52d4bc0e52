"""Neraca saldo: every chart line's opening balance, the period's debits and credits, closing."""

from __future__ import annotations

from datetime import date

from market import chart, db
from market.service.statements.base import ChartLine, is_result, movements_in_year, open_book, period
from market.statement_schemas import TrialBalance, TrialBalanceRow

EARLIER = chart.BY_CODE["shu_belum_dibagi"]


@db.read_only
async def trial_balance(coop_id: int, start: date | None = None, end: date | None = None) -> TrialBalance:
    """The cooperative's trial balance for the period (default: this fiscal year to date).

    Opening and closing are debit-positive; both the movements and the closing balances add up
    on each side (``total_debit == total_credit``, ``closing_debit == closing_credit``) because
    every entry balances within the cooperative's book.

    An income or expense line opens with this fiscal year's result before *start* only: earlier
    years' result opens on line 3106 (SHU tahun lalu belum dibagi), as the neraca shows it."""
    book = await open_book(coop_id)
    start, end = period(book, start, end)
    raw = await movements_in_year(book, start, end)
    found = {key: list(v[:3]) for key, v in raw.items()}
    earlier = sum(raw[line.key][3] for line in book.lines.values() if line.key in raw and is_result(line))
    for line in book.lines.values():
        if line.key in found and is_result(line):
            found[line.key][0] -= raw[line.key][3]
    if earlier:
        key = EARLIER.number
        if key not in book.lines:
            book.lines[key] = ChartLine(key, EARLIER.number, EARLIER.code, EARLIER.name, EARLIER.type)
        found.setdefault(key, [0, 0, 0])[0] += earlier
    rows = []
    for line in book.ordered(found):
        opening, debit, credit = found[line.key]
        if not (opening or debit or credit):
            continue
        rows.append(
            TrialBalanceRow(
                number=line.number,
                code=line.code,
                name=line.name,
                type=str(line.type),
                opening=opening,
                debit=debit,
                credit=credit,
                closing=opening + debit - credit,
            )
        )
    return TrialBalance(
        heading=book.heading(start, end),
        rows=rows,
        total_debit=sum(r.debit for r in rows),
        total_credit=sum(r.credit for r in rows),
        closing_debit=sum(r.closing for r in rows if r.closing > 0),
        closing_credit=-sum(r.closing for r in rows if r.closing < 0),
    )
