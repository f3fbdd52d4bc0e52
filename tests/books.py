"""Reading a cooperative's book in tests: its accounts' balances by code, and the postings tagged
as a member's business (their jasa-usaha weight), straight from the ledger tables."""

from __future__ import annotations

from collections import defaultdict

from market import db as database
from market import service as market
from market.service.ledger import normal_sign


async def balances(coop_id: int) -> dict[str, int]:
    """The natural balance of each account of the cooperative's book by code (a per-member
    line, simpanan or wallet, summed over its members)."""
    out: dict[str, int] = defaultdict(int)
    for row in await market.trial_balance(coop_id):
        out[row.code] += (row.debit - row.credit) * normal_sign(row.type)
    return dict(out)


async def book_total(book: int) -> int:
    """The sum of the balances of a book's accounts (0 for the platform's): zero when it balances."""
    rows = await database.execute(
        "SELECT COALESCE(SUM(balance), 0) AS total FROM ledger_account WHERE COALESCE(cooperative_id, 0) = ?", book
    )
    return int(rows[0]["total"])


async def tagged(coop_id: int, reference_like: str = "%") -> list[tuple[int, str, str, int]]:
    """(member, kind, account code, natural amount) of every tagged posting in the cooperative's
    book whose entry's reference matches *reference_like*: revenue credits and HPP debits count
    positive, a reversal negative. Sorted."""
    rows = await database.execute(
        "SELECT p.member_id, p.kind, a.code, a.type, p.amount FROM ledger_posting p"
        " JOIN ledger_account a ON a.id = p.account_id JOIN journal_entry e ON e.id = p.entry_id"
        " WHERE p.book = ? AND p.member_id IS NOT NULL AND e.reference LIKE ?",
        coop_id,
        reference_like,
    )
    return sorted((r["member_id"], r["kind"], r["code"], int(r["amount"]) * normal_sign(r["type"])) for r in rows)


async def moved(reference_like: str, account_id: int) -> int:
    """How much the entries whose reference matches moved one account (signed: debit positive)."""
    rows = await database.execute(
        "SELECT COALESCE(SUM(p.amount), 0) AS total FROM ledger_posting p JOIN journal_entry e ON e.id = p.entry_id"
        " WHERE e.reference LIKE ? AND p.account_id = ?",
        reference_like,
        account_id,
    )
    return int(rows[0]["total"])
