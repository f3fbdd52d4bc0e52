"""Double-entry ledger: accounts, balanced journal entries, balances, trial balance.

Postings are signed: debit positive, credit negative; every entry's postings sum to zero and an
account's ``balance`` is always the sum of its postings. Accounts of type asset and expense are
debit-normal, the others credit-normal; an account that may not go negative refuses a posting
that would take its *natural* balance (balance × normal sign) below zero.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from market import db
from market.errors import InsufficientBalance, InvalidInput, NotFound, UnbalancedEntry
from market.models import Account, AccountType, JournalEntry

DEBIT_NORMAL = {AccountType.ASSET, AccountType.EXPENSE}


def normal_sign(account_type: AccountType | str) -> int:
    return 1 if AccountType(account_type) in DEBIT_NORMAL else -1


def natural_balance(account: Account) -> int:
    """The balance as the account's own side sees it (a positive cash or savings amount)."""
    return account.balance * normal_sign(account.type)


def owner_key(cooperative_id: int | None = None, member_id: int | None = None, user_id: int | None = None) -> str:
    """``platform``, ``coop:<id>``, ``member:<id>`` or ``user:<id>`` (a buyer's own accounts)."""
    if user_id is not None:
        return f"user:{user_id}"
    if member_id is not None:
        return f"member:{member_id}"
    if cooperative_id is not None:
        return f"coop:{cooperative_id}"
    return "platform"


@dataclass(frozen=True)
class Leg:
    """One side of an entry: ``amount`` > 0 debits the account, < 0 credits it."""

    account: Account
    amount: int


def debit(account: Account, amount: int) -> Leg:
    return Leg(account, amount)


def credit(account: Account, amount: int) -> Leg:
    return Leg(account, -amount)


# Accounts looked up with cached=True, by (database epoch, owner key, code).
_known: dict[tuple[int, str, str], Account] = {}


async def get_or_create_account(
    code: str,
    name: str,
    account_type: AccountType,
    *,
    cooperative_id: int | None = None,
    member_id: int | None = None,
    user_id: int | None = None,
    allow_negative: bool = True,
    cached: bool = False,
) -> Account:
    """Return the owner's account with *code*, creating it on first use.

    Accounts of a member carry their cooperative too, so the cooperative's books include them.
    ``cached=True`` (for the platform's own accounts on hot paths) answers from this process's
    memory after the first call: the account's identity never changes, but the ``balance`` of the
    object returned is then not a fresh reading — use ``balance_of``.
    """
    key = owner_key(cooperative_id, member_id, user_id)
    if cached and (hit := _known.get((db.epoch, key, code))) is not None:
        return hit
    account = await Account.get_or_none(owner_key=key, code=code)
    if account is not None:
        if cached:
            _known[(db.epoch, key, code)] = account
        return account
    async with db.transaction():
        await db.execute(
            "INSERT INTO ledger_account (owner_key, code, name, type, cooperative_id, member_id,"
            " allow_negative, balance) VALUES (?, ?, ?, ?, ?, ?, ?, 0)"
            " ON CONFLICT (owner_key, code) DO NOTHING",
            key,
            code,
            name,
            str(account_type),
            cooperative_id,
            member_id,
            allow_negative,
        )
    return await Account.get(owner_key=key, code=code)


def _net(reference: str, legs: list[Leg]) -> tuple[dict[int, int], dict[int, Account]]:
    """The entry's net amount per account: whole rupiah, summing to zero, at least one non-zero."""
    merged: dict[int, int] = defaultdict(int)
    accounts: dict[int, Account] = {}
    for leg in legs:
        if isinstance(leg.amount, bool) or not isinstance(leg.amount, int):
            raise InvalidInput("amounts are whole rupiah (int)")
        merged[leg.account.id] += leg.amount
        accounts[leg.account.id] = leg.account
    if sum(merged.values()) != 0:
        raise UnbalancedEntry(f"entry {reference} does not balance: {dict(merged)}")
    nonzero = {k: v for k, v in merged.items() if v != 0}
    if not nonzero:
        raise InvalidInput("an entry needs at least one non-zero posting")
    return nonzero, accounts


async def post_entry(
    reference: str,
    legs: list[Leg],
    *,
    description: str = "",
    cooperative_id: int | None = None,
    actor_user_id: int | None = None,
) -> tuple[JournalEntry, bool]:
    """Post a balanced entry once per *reference*; return it and whether it was created now.

    *actor_user_id* is the person who booked it (a cashier taking a deposit), kept apart from
    whose accounts it moves.

    Runs inside the caller's transaction (or its own). Posting the same reference again returns
    the first entry and changes nothing. Balances move by conditional updates, taken in account
    id order so two entries touching the same accounts never deadlock; an account that may not
    go negative and would, fails the whole entry with InsufficientBalance.
    """
    merged, accounts = _net(reference, legs)
    now = datetime.now(UTC)
    async with db.transaction():
        rows = await db.execute(
            "INSERT INTO journal_entry (reference, description, cooperative_id, actor_user_id, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (reference) DO NOTHING RETURNING id",
            reference,
            description[:300],
            cooperative_id,
            actor_user_id,
            now,
        )
        if not rows:
            return await JournalEntry.get(reference=reference), False
        entry_id = rows[0]["id"]
        ordered = sorted(merged.items())
        await db.execute(
            "INSERT INTO ledger_posting (entry_id, account_id, amount) VALUES "
            + ", ".join(["(?, ?, ?)"] * len(ordered)),
            *[value for account_id, amount in ordered for value in (entry_id, account_id, amount)],
        )
        for account_id, amount in ordered:
            account = accounts[account_id]
            guard = ""
            if not account.allow_negative:
                guard = " AND balance >= ?" if normal_sign(account.type) > 0 else " AND balance <= ?"
            args = (amount, account_id) + ((-amount,) if guard else ())
            changed = await db.execute(
                "UPDATE ledger_account SET balance = balance + ? WHERE id = ?" + guard + " RETURNING id", *args
            )
            if not changed:
                raise InsufficientBalance(f"Saldo {account.name} tidak cukup", account_id=account_id)
            account.balance += amount
    entry = JournalEntry(
        id=entry_id,
        reference=reference,
        description=description,
        cooperative_id=cooperative_id,
        actor_user_id=actor_user_id,
        created_at=now,
    )
    entry._saved_in_db = True
    return entry, True


async def balance_of(account_id: int) -> int:
    """The natural balance of an account, read fresh from the database."""
    account = await Account.get_or_none(id=account_id)
    if account is None:
        raise NotFound("akun tidak ditemukan")
    return natural_balance(account)


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


async def books_problems() -> list[str]:
    """Everything that says the books do not balance; an empty list means they do."""
    problems = []
    unbalanced = await db.execute(
        "SELECT entry_id, SUM(amount) AS total FROM ledger_posting GROUP BY entry_id HAVING SUM(amount) <> 0"
    )
    problems += [f"entry {r['entry_id']} sums to {r['total']}" for r in unbalanced]
    drift = await db.execute(
        "SELECT a.id, a.balance, COALESCE(SUM(p.amount), 0) AS total FROM ledger_account a"
        " LEFT JOIN ledger_posting p ON p.account_id = a.id GROUP BY a.id, a.balance"
        " HAVING a.balance <> COALESCE(SUM(p.amount), 0)"
    )
    problems += [f"account {r['id']} balance {r['balance']} != postings {r['total']}" for r in drift]
    negative = await Account.filter(allow_negative=False)
    problems += [f"account {a.id} ({a.code}) negative" for a in negative if natural_balance(a) < 0]
    return problems
