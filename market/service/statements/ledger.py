"""Buku besar: the postings of one chart line in a period with the running balance, for all its
members' sub-accounts together or one member's."""

from __future__ import annotations

from datetime import date

from market import db
from market.errors import NotFound
from market.service.statements.base import Book, open_book, period
from market.statement_schemas import GeneralLedger, LedgerRow

MAX_ROWS = 5000


async def _accounts(book: Book, key: str, member_id: int | None) -> dict[int, int | None]:
    """The line's account ids (one member's only, when asked) and each one's member."""
    rows = await db.execute("SELECT id, member_id FROM ledger_account WHERE cooperative_id = ?", book.coop_id)
    found = {r["id"]: r["member_id"] for r in rows if book.line_of.get(r["id"]) == key}
    if member_id is not None:
        found = {k: v for k, v in found.items() if v == member_id}
    if not found:
        raise NotFound(f"Akun {key} tidak ditemukan", field="account")
    return found


async def _totals(coop_id: int, ids: list[int], start: date, end: date) -> tuple[int, int, int]:
    """(balance before *start*, debits, credits of the period), debit-positive."""
    marks = ", ".join("?" * len(ids))
    totals = await db.execute(
        "SELECT SUM(CASE WHEN booked_on < ? THEN amount ELSE 0 END) AS opening,"
        " SUM(CASE WHEN booked_on >= ? AND amount > 0 THEN amount ELSE 0 END) AS debit,"
        " SUM(CASE WHEN booked_on >= ? AND amount < 0 THEN -amount ELSE 0 END) AS credit"
        f" FROM ledger_posting WHERE book = ? AND booked_on <= ? AND account_id IN ({marks})",
        start,
        start,
        start,
        coop_id,
        end,
        *ids,
    )
    opening, debit, credit = (int(totals[0][k] or 0) for k in ("opening", "debit", "credit"))
    return opening, debit, credit


async def _postings(coop_id: int, ids: list[int], start: date, end: date) -> list[dict]:
    marks = ", ".join("?" * len(ids))
    return await db.execute(
        "SELECT p.booked_on, p.entry_id, p.account_id, p.member_id, p.amount, e.reference, e.description"
        " FROM ledger_posting p JOIN journal_entry e ON e.id = p.entry_id"
        f" WHERE p.book = ? AND p.booked_on BETWEEN ? AND ? AND p.account_id IN ({marks})"
        " ORDER BY p.booked_on, p.entry_id, p.id LIMIT ?",
        coop_id,
        start,
        end,
        *ids,
        MAX_ROWS + 1,
    )


@db.read_only
async def general_ledger(
    coop_id: int, number: str, start: date | None = None, end: date | None = None, *, member_id: int | None = None
) -> GeneralLedger:
    """The postings of line *number* (at most MAX_ROWS of them, ``truncated`` beyond), with the
    running balance in the line's natural sign; the totals and closing cover the whole period."""
    book = await open_book(coop_id)
    start, end = period(book, start, end)
    line = book.lines.get(number)
    if line is None:
        raise NotFound(f"Akun {number} tidak ditemukan", field="account")
    accounts = await _accounts(book, number, member_id)
    ids = sorted(accounts)
    opening, debit, credit = await _totals(coop_id, ids, start, end)
    postings = await _postings(coop_id, ids, start, end)
    running = opening * line.sign
    rows = []
    for p in postings[:MAX_ROWS]:
        amount = int(p["amount"])
        running += amount * line.sign
        day = p["booked_on"]
        rows.append(
            LedgerRow(
                booked_on=day if isinstance(day, date) else date.fromisoformat(str(day)),
                entry_id=p["entry_id"],
                reference=p["reference"],
                description=p["description"],
                member_id=accounts[p["account_id"]] or p["member_id"],
                debit=max(amount, 0),
                credit=max(-amount, 0),
                balance=running,
            )
        )
    return GeneralLedger(
        heading=book.heading(start, end),
        number=number,
        name=line.name,
        type=str(line.type),
        member_id=member_id,
        opening=opening * line.sign,
        rows=rows,
        total_debit=debit,
        total_credit=credit,
        closing=(opening + debit - credit) * line.sign,
        truncated=len(postings) > MAX_ROWS,
    )
