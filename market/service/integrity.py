"""Checks that every book balances (what the suite asserts after every test) and the raw trial
balance of one owner."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from market import chart, db
from market.models import Account
from market.service.ledger import natural_balance


@dataclass
class TrialBalanceRow:
    code: str
    name: str
    type: str
    owner_key: str
    debit: int
    credit: int


async def trial_balance(cooperative_id: int | None) -> list[TrialBalanceRow]:
    """Every account of one owner (a cooperative with its members' accounts, or the platform)."""
    if cooperative_id is None:
        accounts = await Account.filter(cooperative_id=None).order_by("code")
    else:
        accounts = await Account.filter(cooperative_id=cooperative_id).order_by("owner_key", "code")
    return [
        TrialBalanceRow(
            code=a.code,
            name=a.name,
            type=str(a.type),
            owner_key=a.owner_key,
            debit=a.balance if a.balance > 0 else 0,
            credit=-a.balance if a.balance < 0 else 0,
        )
        for a in accounts
    ]


async def _pair_problems() -> list[str]:
    """Both halves of each inter-book pair: the cooperative's side plus the platform's is zero."""
    problems = []
    for coop_code, (platform_code, _) in (
        (chart.COOP_PAIR, chart.PLATFORM_PAIR),
        (chart.COOP_PPOB_PAIR, chart.PLATFORM_PPOB_PAIR),
    ):
        prefix = platform_code.split("{")[0]
        sums: dict[int, int] = defaultdict(int)
        for a in await Account.filter(code=coop_code, member_id=None, cooperative_id__not_isnull=True):
            sums[a.cooperative_id or 0] += a.balance
        for a in await Account.filter(code__startswith=prefix, cooperative_id=None):
            sums[int(a.code.removeprefix(prefix))] += a.balance
        problems += [
            f"coop {coop} {coop_code} is off its platform pair by {total}" for coop, total in sums.items() if total
        ]
    return problems


async def books_problems() -> list[str]:
    """Everything that says the books do not balance; an empty list means they do.

    Checked per book (the platform's, each cooperative's), not only over the whole ledger: every
    entry balances within each book it touches, every book's balances sum to zero, each posting
    sits in its account's book, the two halves of every inter-book pair are equal and opposite,
    every account's balance is the sum of its postings and none that may not is negative.
    """
    problems = []
    unbalanced = await db.execute(
        "SELECT entry_id, book, SUM(amount) AS total FROM ledger_posting GROUP BY entry_id, book"
        " HAVING SUM(amount) <> 0"
    )
    problems += [f"entry {r['entry_id']} sums to {r['total']} in book {r['book']}" for r in unbalanced]
    books = await db.execute(
        "SELECT COALESCE(cooperative_id, 0) AS book, SUM(balance) AS total FROM ledger_account"
        " GROUP BY COALESCE(cooperative_id, 0) HAVING SUM(balance) <> 0"
    )
    problems += [f"book {r['book']} is off by {r['total']}" for r in books]
    misplaced = await db.execute(
        "SELECT p.id, p.book, a.cooperative_id FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id"
        " WHERE p.book <> COALESCE(a.cooperative_id, 0)"
    )
    problems += [f"posting {r['id']} in book {r['book']}, its account in {r['cooperative_id']}" for r in misplaced]
    problems += await _pair_problems()
    drift = await db.execute(
        "SELECT a.id, a.balance, COALESCE(SUM(p.amount), 0) AS total FROM ledger_account a"
        " LEFT JOIN ledger_posting p ON p.account_id = a.id GROUP BY a.id, a.balance"
        " HAVING a.balance <> COALESCE(SUM(p.amount), 0)"
    )
    problems += [f"account {r['id']} balance {r['balance']} != postings {r['total']}" for r in drift]
    negative = await Account.filter(allow_negative=False)
    problems += [f"account {a.id} ({a.code}) negative" for a in negative if natural_balance(a) < 0]
    return problems
