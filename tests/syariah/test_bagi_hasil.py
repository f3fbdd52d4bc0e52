"""Tabungan mudharabah and the month's bagi hasil, hand-computed (koperasi.md §5): deposits and
withdrawals on different days of November 2026, income before, in and after the month, the
nisbah 40:60, and the members' parts by largest remainder over their balance-days — adding up to
the savers' part exactly. The db fixture checks every book balances after each test."""

from __future__ import annotations

import asyncio
from datetime import date
from fractions import Fraction

import pytest

from market import service as market
from market.errors import InsufficientBalance, NotFound
from market.service import Actor, Role
from syariah import service as syariah
from syariah.errors import InvalidProduct, MonthNotOver, NotSyariah
from syariah.schemas import BonusIn, MovementIn, ProductIn, RunIn
from tests.books import balances
from tests.builders import deposit, make_coop, make_member, make_user, token_for

DEC_1 = date(2026, 12, 1)


def staff(role: Role, coop_id: int, n: int = 900_001) -> Actor:
    return Actor(n, f"staf{n}@uji.id", f"Staf {n}", role, coop_id, None)


async def income(coop_id: int, day: date, amount: int, n: int) -> None:
    """Jasa members paid on the cooperative's financing, booked on *day*."""
    kas = await market.coop_account(coop_id, "kas")
    jasa = await market.coop_account(coop_id, "jasa_pinjaman_anggota")
    await market.post_entry(
        f"test:jasa:{coop_id}:{n}",
        [market.debit(kas, amount), market.credit(jasa, amount)],
        cooperative_id=coop_id,
        booked_on=day,
    )


async def move(manager: Actor, coop_id: int, member_id: int, product_id: int, amount: int, day: date, **kw):
    with market.booking_on(day):
        data = MovementIn(member_id=member_id, product_id=product_id, amount=amount)
        return await syariah.move(manager, coop_id, data, **kw)


@pytest.fixture
async def bmt(db):
    coop = await make_coop(syariah=True, name="BMT Uji")
    manager = staff(Role.MANAGER, coop.id)
    product = await syariah.create_product(manager, coop.id, ProductIn(name="Tabungan Berkah", nisbah_bps=4000))
    a, b, c, d = [await make_member(coop.id) for _ in range(4)]
    # A: 1,000,000 since October, 400,000 out on 16 November; B: 3,000,000 in on 11 November;
    # C: 500,000 on the last day; D: in and out in October (no balance in November).
    await move(manager, coop.id, a.id, product.id, 1_000_000, date(2026, 10, 20))
    await move(manager, coop.id, a.id, product.id, 400_000, date(2026, 11, 16), withdraw=True)
    await move(manager, coop.id, b.id, product.id, 3_000_000, date(2026, 11, 11))
    await move(manager, coop.id, c.id, product.id, 500_000, date(2026, 11, 30))
    await move(manager, coop.id, d.id, product.id, 250_000, date(2026, 10, 2))
    await move(manager, coop.id, d.id, product.id, 250_000, date(2026, 10, 30), withdraw=True)
    # Income: October's and December's are not November's pool.
    await income(coop.id, date(2026, 10, 31), 5_000_000, 1)
    await income(coop.id, date(2026, 11, 3), 700_000, 2)
    await income(coop.id, date(2026, 11, 25), 300_003, 3)
    await income(coop.id, date(2026, 12, 1), 900_000, 4)
    return coop, manager, product, (a, b, c, d)


async def test_a_month_of_bagi_hasil_is_the_nisbah_of_the_pool_split_by_balance_days(bmt):
    coop, manager, product, (a, b, c, d) = bmt
    run = await syariah.share_out(manager, coop.id, product.id, RunIn(month="2026-11"), as_of=DEC_1)

    # The pool: 700,000 + 300,003; the savers' 40 % of 1,000,003 is 400,001.2 -> 400,001 (the
    # cooperative's 600,001.8 takes the leftover rupiah: largest remainder).
    assert (run.days, run.income, run.costs, run.pool, run.savers_part) == (30, 1_000_003, 0, 1_000_003, 400_001)
    # Balance-days: A 15 days × 1,000,000 + 15 × 600,000; B 20 × 3,000,000; C 1 × 500,000; D none.
    shares = {s.member_id: s for s in run.shares}
    assert {m: (s.balance_days, s.average_balance) for m, s in shares.items()} == {
        a.id: (24_000_000, 800_000),
        b.id: (60_000_000, 2_000_000),
        c.id: (500_000, 16_666),
    }
    assert run.balance_days == 84_500_000 and run.total_average_balance == 2_816_666
    # Exact shares 113,609.75 / 284,024.38 / 2,366.87: floors 399,999, the two rupiah left to C then A.
    exact = {m: Fraction(400_001 * s.balance_days, 84_500_000) for m, s in shares.items()}
    assert {m: int(x) for m, x in exact.items()} == {a.id: 113_609, b.id: 284_024, c.id: 2_366}
    assert {m: s.amount for m, s in shares.items()} == {a.id: 113_610, b.id: 284_024, c.id: 2_367}
    assert sum(s.amount for s in run.shares) == run.savers_part

    books = await balances(coop.id)
    assert books["beban_bagi_hasil"] == 400_001
    assert books[f"tabungan_mudharabah:{product.id}"] == 600_000 + 3_000_000 + 500_000 + 400_001
    saved = {s.member_id: s.balance for s in await syariah.balances(manager, coop.id)}
    assert saved == {a.id: 713_610, b.id: 3_284_024, c.id: 502_367, d.id: 0}
    assert run.booked_on == DEC_1


async def test_the_same_month_twice_or_at_once_is_shared_once(bmt):
    coop, manager, product, _ = bmt
    first, second = await asyncio.gather(
        syariah.share_out(manager, coop.id, product.id, RunIn(month="2026-11"), as_of=DEC_1),
        syariah.share_out(manager, coop.id, product.id, RunIn(month="2026-11"), as_of=DEC_1),
    )
    again = await syariah.share_out(manager, coop.id, product.id, RunIn(month="2026-11"), as_of=date(2027, 1, 5))
    assert first.id == second.id == again.id and again.booked_on == DEC_1
    assert (await balances(coop.id))["beban_bagi_hasil"] == 400_001
    assert len(await syariah.runs(manager, coop.id)) == 1


async def test_the_member_sees_every_input_of_their_formula(bmt):
    coop, manager, product, (a, *_) = bmt
    await syariah.share_out(manager, coop.id, product.id, RunIn(month="2026-11"), as_of=DEC_1)
    me = Actor(900_100, "a@uji.id", "A", Role.MEMBER, coop.id, a.id)
    [mine] = await syariah.member_shares(me, coop.id, a.id)
    assert (mine.pool, mine.nisbah_bps, mine.savers_part) == (1_000_003, 4000, 400_001)
    assert (mine.balance_days, mine.average_balance, mine.days, mine.amount) == (24_000_000, 800_000, 30, 113_610)
    assert (mine.total_balance_days, mine.total_average_balance) == (84_500_000, 2_816_666)
    with pytest.raises(NotFound):  # another member's
        await syariah.member_shares(me, coop.id, a.id + 1)
    [own] = await syariah.balances(me, coop.id)
    assert (own.member_id, own.balance) == (a.id, 713_610)


async def test_refusals_change_nothing(bmt):
    coop, manager, product, (a, *_) = bmt
    before = await balances(coop.id)
    with pytest.raises(MonthNotOver):
        await syariah.share_out(manager, coop.id, product.id, RunIn(month="2026-12"), as_of=DEC_1)
    with pytest.raises(InsufficientBalance):
        await move(manager, coop.id, a.id, product.id, 600_001, date(2026, 12, 1), withdraw=True)
    with pytest.raises(InvalidProduct):
        await syariah.create_product(manager, coop.id, ProductIn(name="X", nisbah_bps=5000, income_codes=["kas"]))
    with pytest.raises(InvalidProduct):
        await syariah.create_product(
            manager, coop.id, ProductIn(name="Y", nisbah_bps=5000, cost_codes=["beban_bagi_hasil"])
        )
    other = await make_coop(syariah=True)
    with pytest.raises(NotFound):  # another cooperative's manager
        await syariah.list_products(staff(Role.MANAGER, other.id, 900_002), coop.id)
    conventional = await make_coop()
    with pytest.raises(NotSyariah):
        await syariah.create_product(
            staff(Role.MANAGER, conventional.id, 900_003), conventional.id, ProductIn(name="Z", nisbah_bps=4000)
        )
    assert await balances(coop.id) == before
    assert await syariah.runs(manager, coop.id) == []


async def test_a_month_without_income_shares_nothing_and_books_nothing(bmt):
    coop, manager, product, _ = bmt
    run = await syariah.share_out(manager, coop.id, product.id, RunIn(month="2026-09"), as_of=DEC_1)
    assert (run.income, run.savers_part, run.shares) == (0, 0, [])
    assert (await balances(coop.id)).get("beban_bagi_hasil", 0) == 0


async def test_a_wadiah_bonus_is_given_by_average_balance_and_promised_nothing(db):
    coop = await make_coop(syariah=True)
    manager = staff(Role.MANAGER, coop.id, 900_004)
    x, y = await make_member(coop.id), await make_member(coop.id)
    with market.booking_on(date(2026, 10, 1)):
        await deposit(coop.id, x.id, "sukarela", 200_000)
    with market.booking_on(date(2026, 11, 21)):
        await deposit(coop.id, y.id, "sukarela", 600_000)  # 10 days of November
    run = await syariah.give_bonus(manager, coop.id, BonusIn(month="2026-11", amount=100_001), as_of=DEC_1)
    # x: 30 × 200,000 = 6,000,000; y: 10 × 600,000 = 6,000,000 -> 50,000.5 each; the odd rupiah to x (first).
    assert {s.member_id: (s.balance_days, s.amount) for s in run.shares} == {
        x.id: (6_000_000, 50_001),
        y.id: (6_000_000, 50_000),
    }
    books = await balances(coop.id)
    assert (books["beban_bonus_wadiah"], books["simpanan_sukarela"]) == (100_001, 800_000 + 100_001)
    assert run.kind == "bonus_wadiah" and run.product_name == "Tabungan wadiah"


async def test_the_api_shares_a_month_once_and_answers_balances_runs_and_a_members_bagi_hasil(bmt, client):
    coop, _, product, (a, _, _, _) = bmt
    headers = await token_for(await make_user("manager", coop_id=coop.id))
    base = f"/api/v1/cooperatives/{coop.id}"
    made = await client.post(
        f"{base}/mudharabah/products/{product.id}/runs", json={"month": "2026-11"}, headers=headers
    )
    assert made.status_code == 201, made.text
    assert (made.json()["pool"], made.json()["savers_part"]) == (1_000_003, 400_001)
    again = await client.post(
        f"{base}/mudharabah/products/{product.id}/runs", json={"month": "2026-11"}, headers=headers
    )
    assert again.json()["id"] == made.json()["id"]  # the same month is shared once
    assert [r["id"] for r in (await client.get(f"{base}/mudharabah/runs", headers=headers)).json()] == [
        made.json()["id"]
    ]
    mine = (await client.get(f"{base}/members/{a.id}/bagi-hasil", headers=headers)).json()
    assert [(s["month"], s["amount"]) for s in mine] == [("2026-11", 113_610)]
    deposit_once = {**headers, "Idempotency-Key": "setor-a-1"}
    body = {"member_id": a.id, "product_id": product.id, "amount": 50_000}
    first = await client.post(f"{base}/mudharabah/deposits", json=body, headers=deposit_once)
    replay = await client.post(f"{base}/mudharabah/deposits", json=body, headers=deposit_once)
    assert first.status_code == replay.status_code == 201 and first.json() == replay.json()
    [saved] = (await client.get(f"{base}/mudharabah/balances", params={"member_id": a.id}, headers=headers)).json()
    assert saved["balance"] == 713_610 + 50_000
    too_much = await client.post(f"{base}/mudharabah/withdrawals", json={**body, "amount": 10_000_000}, headers=headers)
    assert too_much.status_code == 409 and too_much.json()["code"].endswith("insufficient_balance")
    outsider = await token_for(await make_user("manager", coop_id=(await make_coop(syariah=True)).id))
    assert (await client.get(f"{base}/mudharabah/runs", headers=outsider)).status_code == 404
