"""The SHU of a savings-and-loan cooperative: its whole business is lending, so the members' jasa
usaha comes from the jasa pinjaman they paid (policy line ``loan``), through shu's own close.

Last year, one product at 1.5 % a month flat, cash at the counter:
- a borrows 2,000,000 over 4 months (500,000 + 30,000 a month) and pays all four: jasa 120,000;
- b borrows 1,000,000 over 2 months (500,000 + 15,000) and pays both: jasa 30,000.
Income 150,000 (jasa pinjaman, all from members), salaries 50,000: SHU 100,000. Policy: cadangan
30 %, jasa usaha 40 % (all on the line ``loan``), jasa modal 20 %, pendidikan 10 % → 30,000 /
40,000 / 20,000 / 10,000. Jasa usaha 40,000 by jasa paid 120,000 : 30,000 → 32,000 / 8,000. Jasa
modal 20,000 by capital on 31 December, a 400,000 (pokok 100,000 + wajib 300,000), b 200,000 →
13,333.33 / 6,666.67 → the largest remainder gives the last rupiah to b: 13,333 / 6,667.
"""

from __future__ import annotations

from datetime import date

from loans import service as loans
from loans.schemas import ApplicationIn, DecisionIn, DisburseIn, PayIn, ProductIn
from market import service as market
from shu import service as shu
from shu.schemas import PolicyIn
from tests.builders import deposit, make_coop, make_member
from tests.loans.helpers import someone
from tests.market.shu_books import expense
from tests.shu.year import YEAR, lock, manager

POLICY = {"cadangan": 3000, "jasa_usaha": 4000, "jasa_modal": 2000, "pendidikan": 1000}


async def _borrow_and_repay(coop_id, boss, cashier, product_id, member_id, principal, term, month):
    with loans.on_day(date(YEAR, month, 10)):
        data = ApplicationIn(product_id=product_id, principal=principal, term_months=term, member_id=member_id)
        loan = await loans.apply(cashier, coop_id, data)
        await loans.decide(boss, coop_id, loan.id, DecisionIn(approve=True))
        await loans.disburse(cashier, coop_id, loan.id, DisburseIn(channel="cash"))
    for seq in range(1, term + 1):
        with loans.on_day(date(YEAR, month + seq, 10)):
            await loans.pay(cashier, coop_id, loan.id, PayIn(channel="cash", seq=seq))


async def test_jasa_usaha_of_a_savings_and_loan_cooperative_comes_from_the_jasa_members_paid(db):
    coop = await make_coop(shu_policy=POLICY, simpanan_pokok_amount=100_000)
    a, b = await make_member(coop.id), await make_member(coop.id)
    boss, cashier = someone(market.Role.MANAGER, coop.id), someone(market.Role.CASHIER, coop.id)
    with market.booking_on(date(YEAR, 1, 5)):
        for member, wajib in ((a, 300_000), (b, 100_000)):
            await deposit(coop.id, member.id, "pokok", 100_000)
            await deposit(coop.id, member.id, "wajib", wajib)
        kas, modal = await market.coop_account(coop.id, "kas"), await market.coop_account(coop.id, "modal_penyertaan")
        await market.post_entry(
            f"test:shu-loan-till-{coop.id}", [market.debit(kas, 3_000_000), market.credit(modal, 3_000_000)]
        )
    product = await loans.create_product(
        boss,
        coop.id,
        ProductIn(name="Pinjaman Umum", max_amount=5_000_000, max_term_months=12, rate_bps_month=150, method="flat"),
    )
    await _borrow_and_repay(coop.id, boss, cashier, product.id, a.id, 2_000_000, 4, 2)
    await _borrow_and_repay(coop.id, boss, cashier, product.id, b.id, 1_000_000, 2, 3)
    await expense(
        coop.id, f"test:gaji-{coop.id}", "beban_gaji", 50_000, "Honor pengelola", booked_on=date(YEAR, 11, 30)
    )
    await lock(coop.id)
    await shu.set_policy(coop.id, YEAR, PolicyIn(funds=POLICY, line_weights={"loan": 10_000}))

    p = await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    assert (p.shu, p.member_shu, p.non_member_shu) == (100_000, 100_000, 0)
    assert {f.code: f.amount for f in p.funds} == {
        "cadangan": 30_000,
        "jasa_usaha": 40_000,
        "jasa_modal": 20_000,
        "pendidikan": 10_000,
    }
    full = await shu.get_proposal(coop.id, YEAR)
    assert full.share_of(a.id).weights == {"loan": 120_000}
    assert full.share_of(b.id).weights == {"loan": 30_000}
    assert {m.member_id: (m.jasa_usaha, m.jasa_modal, m.total) for m in full.members} == {
        a.id: (32_000, 13_333, 45_333),
        b.id: (8_000, 6_667, 14_667),
    }
