"""Double-entry ledger: accounts, balanced journal entries, balances, trial balance.

Postings are signed: debit positive, credit negative; every entry's postings sum to zero and an
account's ``balance`` is always the sum of its postings. Accounts of type asset and expense are
debit-normal, the others credit-normal; an account that may not go negative refuses a posting
that would take its *natural* balance (balance × normal sign) below zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime

from market import chart, db
from market.errors import InsufficientBalance, InvalidInput, NotFound, PeriodLocked, UnbalancedEntry
from market.models import Account, AccountType, JournalEntry
from market.service.zones import day_in

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
    """One side of an entry: ``amount`` > 0 debits the account, < 0 credits it.

    ``member_id`` and ``kind`` mark the leg as business a member did with their cooperative
    (``purchase``, ``supply``, ``ppob``): the leg's amount is that member's jasa-usaha weight."""

    account: Account
    amount: int
    member_id: int | None = None
    kind: str | None = None


def debit(account: Account, amount: int, *, member_id: int | None = None, kind: str | None = None) -> Leg:
    return Leg(account, amount, member_id, kind)


def credit(account: Account, amount: int, *, member_id: int | None = None, kind: str | None = None) -> Leg:
    return Leg(account, -amount, member_id, kind)


def book_of(account: Account) -> int:
    """The book an account belongs to: its cooperative's id, 0 for the platform's."""
    return account.cooperative_id or 0


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
    number: str = "",
) -> Account:
    """Return the owner's account with *code*, creating it on first use.

    Accounts of a member carry their cooperative too: they are in the cooperative's book.
    ``cached=True`` (for the platform's own accounts on hot paths) answers from this process's
    memory after the first call: the account's identity never changes, but the ``balance`` of the
    object returned is then not a fresh reading — use ``balance_of``. A row it has just created is
    not remembered: the caller's transaction may still roll it back."""
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
            "INSERT INTO ledger_account (owner_key, code, number, name, type, cooperative_id, member_id,"
            " allow_negative, balance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)"
            " ON CONFLICT (owner_key, code) DO NOTHING",
            key,
            code,
            number,
            name,
            str(account_type),
            cooperative_id,
            member_id,
            allow_negative,
        )
    return await Account.get(owner_key=key, code=code)


async def platform_pair(coop_id: int) -> Account:
    """The platform's side of the inter-book pair: what it owes the cooperative."""
    code, name = chart.PLATFORM_PAIR
    return await get_or_create_account(
        code.format(coop_id=coop_id),
        name.format(coop_id=coop_id),
        AccountType.LIABILITY,
        allow_negative=False,
        cached=True,
    )


async def chart_account(coop_id: int, code: str, *, member_id: int | None = None) -> Account:
    """One account of the cooperative's chart (a member's own, for the per-member lines)."""
    spec = chart.BY_CODE.get(code)
    if spec is None:
        raise NotFound(f"akun koperasi {code} tidak ada")
    if spec.per_member != (member_id is not None):
        raise InvalidInput(f"akun {code} {'per anggota' if spec.per_member else 'bukan per anggota'}")
    return await get_or_create_account(
        spec.code,
        spec.name,
        spec.type,
        cooperative_id=coop_id,
        member_id=member_id,
        allow_negative=spec.allow_negative,
        cached=member_id is None,
        number=spec.number,
    )


async def open_chart(coop_id: int) -> None:
    """Give a cooperative every account of the chart it does not have yet, in one statement."""
    specs = [spec for spec in chart.COOP_CHART if not spec.per_member]
    await db.execute(
        "INSERT INTO ledger_account (owner_key, code, number, name, type, cooperative_id, allow_negative, balance)"
        " VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?, 0)"] * len(specs)) + " ON CONFLICT (owner_key, code) DO NOTHING",
        *[
            v
            for spec in specs
            for v in (
                owner_key(coop_id),
                spec.code,
                spec.number,
                spec.name,
                str(spec.type),
                coop_id,
                spec.allow_negative,
            )
        ],
    )


async def bridge(legs: list[Leg]) -> list[Leg]:
    """*legs* plus the inter-book legs that make each book they touch balance on its own.

    For an entry whose legs balance as a whole but move money between the platform's book and
    cooperatives' books, each cooperative's shortfall is carried by its pair: the cooperative
    debits ``piutang_platform`` (the platform holds that money for it) and the platform credits
    ``saldo_koperasi:<id>`` (it owes it), so the pair always stays equal and opposite. Callers
    ask for this by name where money crosses books on purpose; ``post_entry`` itself never
    bridges, so a leg booked into the wrong book still fails.
    """
    by_book: dict[int, int] = defaultdict(int)
    for leg in legs:
        by_book[book_of(leg.account)] += leg.amount
    extra: list[Leg] = []
    for book, total in sorted(by_book.items()):
        if book and total:
            extra.append(Leg(await chart_account(book, chart.COOP_PAIR), -total))
            extra.append(Leg(await platform_pair(book), total))
    return legs + extra


Key = tuple[int, int | None, str | None]


def _net(reference: str, legs: list[Leg]) -> tuple[dict[Key, int], dict[int, Account]]:
    """The entry's net amount per account (and member tag): whole rupiah, at least one non-zero,
    summing to zero within every book the entry touches."""
    merged: dict[Key, int] = defaultdict(int)
    accounts: dict[int, Account] = {}
    by_book: dict[int, int] = defaultdict(int)
    for leg in legs:
        if isinstance(leg.amount, bool) or not isinstance(leg.amount, int):
            raise InvalidInput("amounts are whole rupiah (int)")
        merged[(leg.account.id, leg.member_id, leg.kind)] += leg.amount
        accounts[leg.account.id] = leg.account
        by_book[book_of(leg.account)] += leg.amount
    off = {book: total for book, total in by_book.items() if total}
    if off:
        raise UnbalancedEntry(f"entry {reference} does not balance in book(s) {off}: {dict(merged)}")
    nonzero = {k: v for k, v in merged.items() if v != 0}
    if not nonzero:
        raise InvalidInput("an entry needs at least one non-zero posting")
    return nonzero, accounts


async def _refuse_locked(books: set[int], booked_on: date) -> None:
    """A back-dated entry may not land in a closed month of any cooperative book it touches."""
    coops = sorted(b for b in books if b)
    if not coops:
        return
    marks = ", ".join("?" * len(coops))
    rows = await db.execute(
        f"SELECT name, books_locked_through FROM cooperative WHERE id IN ({marks})"
        " AND books_locked_through IS NOT NULL AND books_locked_through >= ?",
        *coops,
        booked_on,
    )
    if rows:
        raise PeriodLocked(
            f"Periode {booked_on:%m/%Y} sudah ditutup untuk {rows[0]['name']}: catat koreksi di periode yang terbuka",
            field="booked_on",
        )


_booking_day: ContextVar[date | None] = ContextVar("booking_day", default=None)


@contextmanager
def booking_on(day: date) -> Iterator[None]:
    """Entries the flows post inside this block are dated *day* (a demo writing last year's
    business through the real flows, a back-office replay), still refused in a locked month."""
    token = _booking_day.set(day)
    try:
        yield
    finally:
        _booking_day.reset(token)


_ROWS = 2000  # postings per INSERT (7 parameters each)


async def _write_postings(entry_id: int, booked_on: date, merged: dict[Key, int], accounts: dict[int, Account]) -> None:
    """The entry's postings in one statement, then each account's balance by a conditional
    update in account id order (an account that may not go negative refuses the whole entry)."""
    ordered = sorted(merged.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2] or ""))
    # In statements of at most _ROWS rows: an entry with a leg per member (the SHU appropriation
    # of a large cooperative) stays under the engines' limit on bound parameters.
    for start in range(0, len(ordered), _ROWS):
        rows = ordered[start : start + _ROWS]
        await db.execute(
            "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on, member_id, kind) VALUES "
            + ", ".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(rows)),
            *[
                value
                for (account_id, member_id, kind), amount in rows
                for value in (entry_id, account_id, amount, book_of(accounts[account_id]), booked_on, member_id, kind)
            ],
        )
    per_account: dict[int, int] = defaultdict(int)
    for (account_id, _, _), amount in ordered:
        per_account[account_id] += amount
    for account_id, amount in sorted(per_account.items()):
        if not amount:
            continue
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


async def post_entry(
    reference: str,
    legs: list[Leg],
    *,
    description: str = "",
    cooperative_id: int | None = None,
    actor_user_id: int | None = None,
    booked_on: date | None = None,
    source: str = "",
    reverses_id: int | None = None,
    attachment: str = "",
) -> tuple[JournalEntry, bool]:
    """Post a balanced entry once per *reference*; return it and whether it was created now.

    *actor_user_id* is the person who booked it (a cashier taking a deposit), kept apart from
    whose accounts it moves. *booked_on* is the accounting date (default: today in the time zone
    of *cooperative_id*); a date given explicitly may not fall in a locked month of any book the
    entry touches. Today's month is never locked (``close_month`` refuses it), so the flows that
    book as things happen need no check.

    Runs inside the caller's transaction (or its own). Posting the same reference again returns
    the first entry and changes nothing. Balances move by conditional updates, taken in account
    id order so two entries touching the same accounts never deadlock; an account that may not
    go negative and would, fails the whole entry with InsufficientBalance.
    """
    merged, accounts = _net(reference, legs)
    now = datetime.now(UTC)
    booked_on = booked_on or _booking_day.get()
    if booked_on is None:
        booked_on = await day_in(cooperative_id, now)
    else:
        await _refuse_locked({book_of(a) for a in accounts.values()}, booked_on)
    async with db.transaction():
        rows = await db.execute(
            "INSERT INTO journal_entry (reference, description, cooperative_id, actor_user_id, booked_on, source,"
            " reverses_id, attachment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (reference) DO NOTHING RETURNING id",
            reference,
            description[:300],
            cooperative_id,
            actor_user_id,
            booked_on,
            source,
            reverses_id,
            attachment,
            now,
        )
        if not rows:
            return await JournalEntry.get(reference=reference), False
        entry_id = rows[0]["id"]
        await _write_postings(entry_id, booked_on, merged, accounts)
    entry = JournalEntry(
        id=entry_id,
        reference=reference,
        description=description,
        cooperative_id=cooperative_id,
        actor_user_id=actor_user_id,
        booked_on=booked_on,
        source=source,
        reverses_id=reverses_id,
        attachment=attachment,
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
