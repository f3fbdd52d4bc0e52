"""Neraca saldo: every chart line's opening balance, the period's debits and credits, closing."""

from __future__ import annotations

from datetime import date

from market.service.statements.base import movements, open_book, period
from market.statement_schemas import TrialBalance, TrialBalanceRow


async def trial_balance(coop_id: int, start: date | None = None, end: date | None = None) -> TrialBalance:
    """The cooperative's trial balance for the period (default: this fiscal year to date).

    Opening and closing are debit-positive; both the movements and the closing balances add up
    on each side (``total_debit == total_credit``, ``closing_debit == closing_credit``) because
    every entry balances within the cooperative's book."""
    book = await open_book(coop_id)
    start, end = period(book, start, end)
    found = await movements(book, start, end)
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
