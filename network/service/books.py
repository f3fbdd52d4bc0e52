"""The books of a counter movement: one entry across the member's cooperative's book, the
counter's and the platform's, each balanced on its own, and the accounts it uses.

A cooperative's position with the network is one signed figure kept in two accounts that never go
below zero: what the platform holds for it (``saldo_koperasi:<id>``, the platform's half of the
market pair ``piutang_platform``) and what it owes the network (``utang_jaringan`` in its book,
``piutang_jaringan:<id>`` in the platform's: a second pair of our own, always equal and
opposite). A movement changes that figure by *delta* (positive: the network owes it more) and the
entry re-splits it so that at most one of the two is non-zero: a cooperative that owes the network
pays from its balance first, one that is owed clears its debt first.

A withdrawal of v at counter C for a member of H: C's kas −v, C's position +v; H's position −v
against a clearing line that the member's wallet debit (payments) then empties — the wallet, a
liability of H's book, goes down by v. A deposit is the mirror. At the same cooperative's counter
the entry is kas against the clearing line only.
"""

from __future__ import annotations

from market import db
from market import service as market
from market.service import AccountType, Leg

DEBT = ("utang_jaringan", "2190", "Utang kepada jaringan Pasar Koperasi")
CLEARING = ("kliring_jaringan", "2191", "Kliring transaksi loket jaringan")
PLATFORM_CLAIM = ("piutang_jaringan:{coop_id}", "Piutang jaringan pada koperasi #{coop_id}")


async def debt_account(coop_id: int):
    """What the cooperative owes the network (its book; never below zero)."""
    code, number, name = DEBT
    return await market.get_or_create_account(
        code, name, AccountType.LIABILITY, cooperative_id=coop_id, allow_negative=False, number=number, cached=True
    )


async def clearing_account(coop_id: int):
    """A line of the member's cooperative that one counter movement fills and empties again."""
    code, number, name = CLEARING
    return await market.get_or_create_account(
        code, name, AccountType.LIABILITY, cooperative_id=coop_id, allow_negative=True, number=number, cached=True
    )


async def platform_claim(coop_id: int):
    """The platform's half of the debt pair: what the cooperative owes the network."""
    code, name = PLATFORM_CLAIM
    return await market.get_or_create_account(
        code.format(coop_id=coop_id), name.format(coop_id=coop_id), AccountType.ASSET, allow_negative=False, cached=True
    )


async def balances(coop_id: int) -> tuple[int, int]:
    """(what the platform holds for the cooperative, what it owes the network), read fresh."""
    held = await market.balance_of((await market.platform_pair(coop_id)).id)
    owed = await market.balance_of((await debt_account(coop_id)).id)
    return held, owed


async def lock(*coop_ids: int) -> None:
    """Lock the cooperatives' rows for the rest of the transaction, in id order (no deadlock)."""
    ids = sorted(set(coop_ids))
    for coop_id in ids:
        await db.execute("INSERT INTO network_coop_lock (cooperative_id) VALUES (?) ON CONFLICT DO NOTHING", coop_id)
    if db.is_postgres():
        marks = ", ".join("?" * len(ids))
        await db.execute(
            f"SELECT cooperative_id FROM network_coop_lock WHERE cooperative_id IN ({marks})"
            " ORDER BY cooperative_id FOR UPDATE",
            *ids,
        )


async def position_legs(coop_id: int, delta: int) -> list[Leg]:
    """The legs that change the cooperative's position by *delta*, in its book and the platform's:
    its legs sum to +delta (debits), the platform's to −delta."""
    held, owed = await balances(coop_id)
    after = held - owed + delta
    new_held, new_owed = max(after, 0), max(-after, 0)
    legs: list[Leg] = []
    if new_held != held:
        legs += [
            Leg(await market.chart_account(coop_id, "piutang_platform"), new_held - held),
            Leg(await market.platform_pair(coop_id), held - new_held),
        ]
    if new_owed != owed:
        legs += [Leg(await debt_account(coop_id), owed - new_owed), Leg(await platform_claim(coop_id), new_owed - owed)]
    return legs


async def movement_legs(*, withdrawal: bool, home_id: int, counter_id: int, amount: int) -> list[Leg]:
    """The network entry of a withdrawal (cash out of the counter) or a deposit (cash into it)."""
    sign = 1 if withdrawal else -1
    kas = await market.chart_account(counter_id, "kas")
    clearing = await clearing_account(home_id)
    legs = [Leg(kas, -sign * amount), Leg(clearing, sign * amount)]
    if home_id != counter_id:
        legs += await position_legs(counter_id, sign * amount)
        legs += await position_legs(home_id, -sign * amount)
    return legs


async def settle_legs(coop_id: int) -> list[Leg]:
    """Legs that offset what the cooperative owes the network against what the platform holds for
    it (another flow may have filled its balance since), or [] when one of them is zero."""
    held, owed = await balances(coop_id)
    both = min(held, owed)
    if both <= 0:
        return []
    return [
        Leg(await market.platform_pair(coop_id), both),
        Leg(await platform_claim(coop_id), -both),
        Leg(await debt_account(coop_id), both),
        Leg(await market.chart_account(coop_id, "piutang_platform"), -both),
    ]
