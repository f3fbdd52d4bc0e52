"""Set-up of the network counter tests: two cooperatives (the member's and the counter's), a member
with a login, a PIN and money in their wallet, and the figures of the three books."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from market import db as database
from market import service as market
from market.service import Actor, Role
from network import service as network
from payments import service as payments
from tests.builders import make_coop, make_member, make_user

PIN = "246810"


@dataclass
class World:
    home: object  # cooperative A: the member's
    counter: object  # cooperative B: whose till pays
    member: object
    member_actor: Actor  # the member signed in (a real login when it has a PIN)
    cashier: Actor  # B's cashier
    wallet_id: int
    member_user: object = None  # the member's login, when there is one
    cashier_user: object = None  # B's cashier's login, with *logins*


def someone(role: Role, coop_id: int | None = None, member_id: int | None = None) -> Actor:
    """Who is asking, for a service call that needs no login row (no password hashed)."""
    n = next(_ids)
    return Actor(n, f"orang{n}@uji.id", f"Orang {n}", role, coop_id, member_id)


_ids = itertools.count(100_000)


async def fund(entry: str, account, amount: int, source) -> None:
    """Money into an account from *source* of the same book (set-up, not a flow under test)."""
    await market.post_entry(f"test:{entry}", [market.debit(account, amount), market.credit(source, amount)])


async def world(
    *, wallet: int = 300_000, till: int = 1_000_000, home_held: int = 0, pin: bool = True, logins: bool = False
) -> World:
    """A's member with *wallet* (cash paid in at A), B's kas holding *till*, and *home_held* of A's
    own at the platform (a sale's proceeds, say). The member has a login and a PIN unless *pin* is
    False; B's cashier a login only with *logins* (each login and PIN is an argon2 hash)."""
    home = await make_coop(bank_name="BRI", bank_account_number="111222333", bank_account_holder="Koperasi A")
    counter = await make_coop(
        bank_name="Bank BCA",
        bank_account_number="1234567890",
        bank_account_holder="Koperasi B",
        timezone="Asia/Jayapura",
    )
    member = await make_member(home.id, phone="")
    member_user = await make_user("member", member_id=member.id) if pin or logins else None
    if pin and member_user is not None:
        await payments.set_pin(member_user.id, PIN)
    cashier_user = await make_user("cashier", coop_id=counter.id) if logins else None
    account = await payments.member_wallet(home.id, member.id)
    if wallet:
        await payments.credit_wallet(
            account.id,
            wallet,
            reference=f"test-cash-in-{member.id}",
            from_account=await market.coop_account(home.id, "kas"),
        )
    if till:
        await fund(
            f"till-{counter.id}",
            await market.coop_account(counter.id, "kas"),
            till,
            await market.coop_account(counter.id, "modal_penyertaan"),
        )
    if home_held:
        await market.post_entry(
            f"test:held-{home.id}",
            await market.bridge(
                [
                    market.debit(await payments.xendit_cash(), home_held),
                    market.credit(await market.coop_account(home.id, "penjualan_non_anggota"), home_held),
                ]
            ),
        )
    member_actor = await actor(member_user) if member_user else someone(Role.MEMBER, home.id, member.id)
    cashier = await actor(cashier_user) if cashier_user else someone(Role.CASHIER, counter.id)
    return World(home, counter, member, member_actor, cashier, account.id, member_user, cashier_user)


async def actor(user):
    return await market.actor_by_id(user.id)


async def bal(account) -> int:
    return await market.balance_of(account.id)


async def figures(w: World) -> dict[str, int]:
    """The three books' lines a counter movement touches, as natural balances."""
    a, b = w.home.id, w.counter.id
    return {
        "wallet": await payments.wallet_balance(w.wallet_id),
        "a_piutang_platform": await bal(await market.coop_account(a, "piutang_platform")),
        "a_utang_jaringan": await bal(await network.debt_account(a)),
        "b_kas": await bal(await market.coop_account(b, "kas")),
        "b_piutang_platform": await bal(await market.coop_account(b, "piutang_platform")),
        "b_utang_jaringan": await bal(await network.debt_account(b)),
        "p_saldo_a": await bal(await market.platform_pair(a)),
        "p_saldo_b": await bal(await market.platform_pair(b)),
        "p_piutang_a": await bal(await network.platform_claim(a)),
        "p_piutang_b": await bal(await network.platform_claim(b)),
    }


async def network_pair_problems() -> list[str]:
    """Our own pair (utang_jaringan ↔ piutang_jaringan:<id>) equal and opposite, clearing at zero."""
    rows = await database.execute(
        "SELECT cooperative_id AS coop, balance FROM ledger_account WHERE code = 'utang_jaringan' AND member_id IS NULL"
    )
    sums = {int(r["coop"]): int(r["balance"]) for r in rows}
    for r in await database.execute(
        "SELECT code, balance FROM ledger_account WHERE cooperative_id IS NULL AND code LIKE 'piutang_jaringan:%'"
    ):
        coop = int(r["code"].removeprefix("piutang_jaringan:"))
        sums[coop] = sums.get(coop, 0) + int(r["balance"])
    problems = [f"coop {c}: network debt off its platform claim by {t}" for c, t in sums.items() if t]
    left = await database.execute(
        "SELECT cooperative_id, balance FROM ledger_account WHERE code = 'kliring_jaringan' AND balance <> 0"
    )
    return problems + [f"clearing of coop {r['cooperative_id']} left at {r['balance']}" for r in left]


async def balanced() -> None:
    """Every book balances (the suite's own check) and so does the network's pair."""
    assert await market.books_problems() == []
    assert await network_pair_problems() == []


async def count(table: str, where: str = "", *args) -> int:
    rows = await database.execute(f"SELECT COUNT(*) AS n FROM {table} {where}", *args)
    return int(rows[0]["n"])
