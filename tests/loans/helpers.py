"""Set-up of the loan tests: a cooperative, two managers and a cashier (service actors, no
password hashed), a member with a login, a PIN, savings and money in the wallet; kas in the till."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from loans import service as loans
from loans.schemas import ApplicationIn, DecisionIn, DisburseIn, ProductIn
from market import db as database
from market import service as market
from market.service import Actor, Role
from payments import service as payments
from tests.builders import deposit, make_coop, make_member, make_user

PIN = "135790"
_ids = itertools.count(200_000)


def someone(role: Role, coop_id: int | None = None, member_id: int | None = None) -> Actor:
    n = next(_ids)
    return Actor(n, f"orang{n}@uji.id", f"Orang {n}", role, coop_id, member_id)


@dataclass
class World:
    coop: object
    member: object
    member_actor: Actor
    manager: Actor
    manager2: Actor
    cashier: Actor
    wallet_id: int


async def world(
    *, wallet: int = 2_000_000, till: int = 50_000_000, savings: int = 500_000, syariah: bool = False
) -> World:
    coop = await make_coop(syariah=syariah)
    member = await make_member(coop.id)
    user = await make_user("member", member_id=member.id)
    await payments.set_pin(user.id, PIN)
    if savings:
        await deposit(coop.id, member.id, "pokok", 100_000)
        await deposit(coop.id, member.id, "sukarela", savings - 100_000)
    account = await payments.member_wallet(coop.id, member.id)
    kas = await market.coop_account(coop.id, "kas")
    if wallet:
        await payments.credit_wallet(account.id, wallet, reference=f"test-loan-cash-in-{member.id}", from_account=kas)
    if till:
        await market.post_entry(
            f"test:loan-till-{coop.id}",
            [market.debit(kas, till), market.credit(await market.coop_account(coop.id, "modal_penyertaan"), till)],
        )
    member_actor = await market.actor_by_id(user.id)
    assert member_actor is not None
    return World(
        coop,
        member,
        member_actor,
        someone(Role.MANAGER, coop.id),
        someone(Role.MANAGER, coop.id),
        someone(Role.CASHIER, coop.id),
        account.id,
    )


async def product(w: World, **overrides):
    data = {
        "name": "Pinjaman Usaha Tani",
        "max_amount": 20_000_000,
        "max_term_months": 12,
        "rate_bps_month": 150,
        "method": "flat",
    }
    data.update(overrides)
    return await loans.create_product(w.manager, w.coop.id, ProductIn(**data))


async def active_loan(w: World, principal: int, term: int, *, channel: str = "wallet", **product_overrides):
    """A product, the member's application, the manager's approval and the disbursement."""
    p = await product(w, **product_overrides)
    loan = await loans.apply(
        w.member_actor, w.coop.id, ApplicationIn(product_id=p.id, principal=principal, term_months=term)
    )
    await loans.decide(w.manager, w.coop.id, loan.id, DecisionIn(approve=True))
    return await loans.disburse(w.cashier, w.coop.id, loan.id, DisburseIn(channel=channel))


async def bal(coop_id: int, code: str, member_id: int | None = None) -> int:
    if member_id is not None:
        return await market.balance_of((await market.chart_account(coop_id, code, member_id=member_id)).id)
    return await market.balance_of((await market.coop_account(coop_id, code)).id)


async def count(table: str, where: str = "", *args) -> int:
    rows = await database.execute(f"SELECT COUNT(*) AS n FROM {table} {where}", *args)
    return int(rows[0]["n"])


async def balanced() -> None:
    assert await market.books_problems() == []
