"""The year-end close: figures from last year's book, the funds and members' shares exact to the
rupiah, the policy frozen with the close, versions, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from market import service
from market.money import allocate
from market.schemas import CooperativeUpdate, MemberUpdate, SavingsMovementIn
from shu import service as shu
from shu.errors import AlreadyApproved, AlreadyClosed, PolicyFrozen, PolicyInvalid, YearNotLocked
from shu.schemas import PolicyIn
from shu.service import compute
from tests.market.shu_books import expense
from tests.shu.year import YEAR, book_year, closed_year, lock, manager

POLICY_FUNDS = {"cadangan": 3000, "jasa_usaha": 4000, "jasa_modal": 2000, "pendidikan": 1000}


def amounts(p) -> dict[str, int]:
    return {f.code: f.amount for f in p.funds}


def shares(p) -> dict[int, tuple[int, int]]:
    return {m.member_id: (m.jasa_usaha, m.jasa_modal) for m in p.members}


def test_the_funds_split_by_largest_remainder_sum_to_the_shu_exactly():
    bps = {"cadangan": 2500, "jasa_usaha": 4500, "jasa_modal": 1500, "pengurus": 250, "karyawan": 500}
    bps |= {"pendidikan": 250, "sosial": 500}
    fig = compute.Figures(0, 0, 0, 7_097_245, 7_097_245, 7_097_245, 0)
    funds, _ = compute.split_funds(fig, PolicyIn(funds=bps))
    assert sum(funds.values()) == 7_097_245  # rounding each fund half up would give 7.097.244
    # floors leave 2 rupiah: to jasa modal (.75) and then cadangan (.25, the first of the ties)
    assert funds == {
        "cadangan": 1_774_312,
        "jasa_usaha": 3_193_760,
        "jasa_modal": 1_064_587,
        "pengurus": 177_431,
        "karyawan": 354_862,
        "pendidikan": 177_431,
        "sosial": 354_862,
    }


async def test_the_close_takes_the_years_phu_and_the_members_shares_add_up_to_each_pool(db):
    coop, a, b, c = await closed_year()
    p = await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    assert (p.version, p.state, p.shu, p.member_shu, p.non_member_shu) == (1, "proposed", 285_000, 172_129, 112_871)
    # 285.000 by 30/40/20/10 %; 40 % of the non-member 112.871 (45.148) moves from jasa usaha to cadangan
    assert amounts(p) == {"cadangan": 85_500 + 45_148, "jasa_usaha": 68_852, "jasa_modal": 57_000, "pendidikan": 28_500}
    full = await shu.get_proposal(coop.id, YEAR)
    assert shares(full) == {a.id: (32_872, 34_200), b.id: (16_355, 11_400), c.id: (19_625, 11_400)}
    assert sum(m.jasa_usaha for m in full.members) == 68_852 and sum(m.jasa_modal for m in full.members) == 57_000
    assert all(m.total == m.jasa_usaha + m.jasa_modal for m in full.members)
    assert full.share_of(a.id).weights == {"purchase": 1_000_000, "ppob": 5_000}
    assert full.share_of(a.id).capital == 300_000 and full.share_of(a.id).member_number


async def test_a_member_who_left_shares_only_when_the_policy_says_so(db):
    coop, a, b, c = await closed_year()
    await service.update_member(coop.id, b.id, MemberUpdate(status="exited"))
    p = await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    full = await shu.get_proposal(coop.id, YEAR)
    assert b.id not in shares(full)  # b's weight is out of the split: a and c share the whole pool
    assert [full.share_of(m.id).jasa_usaha for m in (a, c)] == allocate(68_852, [1_005_000, 600_000])
    assert [full.share_of(m.id).jasa_modal for m in (a, c)] == allocate(57_000, [300_000, 100_000])
    await shu.decide(p.id, approved=False, item_id=None)
    await shu.set_policy(coop.id, YEAR, PolicyIn(funds=POLICY_FUNDS, exited_members_share=True))
    await shu.close_year(coop.id, YEAR, actor=await manager(coop.id), revise=True)
    again = await shu.get_proposal(coop.id, YEAR)
    assert again.version == 2 and again.share_of(b.id).jasa_usaha == 16_355


async def test_capital_on_31_december_or_the_average_of_the_twelve_month_ends(db):
    coop, a, b, c = await book_year()
    with service.booking_on(date(YEAR, 12, 1)):
        await service.deposit(coop.id, b.id, SavingsMovementIn(kind="wajib", amount=1_200_000))
    await lock(coop.id)
    await shu.set_policy(coop.id, YEAR, PolicyIn(funds=POLICY_FUNDS, capital_basis="average_monthly"))
    p = await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    full = await shu.get_proposal(coop.id, YEAR)
    # month ends: Jan–May nothing, Jun–Nov a 300.000, b 100.000, c 100.000; December b 1.300.000
    assert [full.share_of(m.id).jasa_modal for m in (a, b, c)] == allocate(57_000, [2_100_000, 1_900_000, 700_000])
    assert [full.share_of(m.id).capital for m in (a, b, c)] == [175_000, 158_333, 58_333]  # the averages
    await shu.decide(p.id, approved=False, item_id=None)
    await shu.set_policy(coop.id, YEAR, PolicyIn(funds=POLICY_FUNDS, capital_basis="year_end"))
    await shu.close_year(coop.id, YEAR, actor=await manager(coop.id), revise=True)
    year_end = await shu.get_proposal(coop.id, YEAR)
    assert [year_end.share_of(m.id).jasa_modal for m in (a, b, c)] == allocate(57_000, [300_000, 1_300_000, 100_000])


async def test_per_line_weights_make_each_line_its_own_pool(db):
    coop, a, b, c = await closed_year()
    lines = {"purchase": 5000, "supply": 3000, "ppob": 2000}
    await shu.set_policy(coop.id, YEAR, PolicyIn(funds=POLICY_FUNDS, line_weights=lines))
    await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    full = await shu.get_proposal(coop.id, YEAR)
    purchase, supply, ppob = allocate(68_852, [5000, 3000, 2000])  # 34.426 / 20.656 / 13.770
    a_purchase, c_purchase = allocate(purchase, [1_000_000, 600_000])
    assert [full.share_of(m.id).jasa_usaha for m in (a, b, c)] == [a_purchase + ppob, supply, c_purchase]
    assert sum(m.jasa_usaha for m in full.members) == 68_852


async def test_a_loss_year_distributes_nothing(db):
    coop, a, b, c = await book_year()
    with service.booking_on(date(YEAR, 7, 1)):
        await expense(coop.id, "uji:listrik", "beban_listrik", 400_000, "Listrik setahun")
    await lock(coop.id)
    p = await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    assert p.shu == -115_000 and p.member_shu == 0 and p.detail["loss"] is True
    assert set(amounts(p).values()) == {0}
    full = await shu.get_proposal(coop.id, YEAR)
    assert all(m.total == 0 for m in full.members) and full.share_of(a.id).weights["purchase"] == 1_000_000
    decided = await shu.decide(p.id, approved=True, item_id=None)  # carried forward: nothing booked
    assert decided.state == "approved" and decided.decided_at is not None


async def test_a_loss_the_policy_covers_from_cadangan_is_booked_once_when_approved(db):
    coop, *_ = await book_year()
    with service.booking_on(date(YEAR, 7, 1)):
        await expense(coop.id, "uji:listrik", "beban_listrik", 400_000, "Listrik setahun")
    await lock(coop.id)
    await shu.set_policy(coop.id, YEAR, PolicyIn(funds=POLICY_FUNDS, loss_carry="cadangan"))
    p = await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    assert p.shu == -115_000
    cadangan = await service.chart_account(coop.id, "cadangan")
    carried = await service.chart_account(coop.id, "shu_belum_dibagi")
    assert await service.balance_of(cadangan.id) == 0  # nothing booked before the RAT decides
    await shu.decide(p.id, approved=True, item_id=None)
    await shu.decide(p.id, approved=True, item_id=None)  # again: the same decision, booked once
    # Dr cadangan 115.000 / Cr SHU belum dibagi 115.000: the reserve covers the loss
    assert await service.balance_of(cadangan.id) == -115_000
    assert await service.balance_of(carried.id) == 115_000
    neraca = await service.statements.balance_sheet(coop.id)
    assert neraca.shu_prior_years == 0  # last year's loss no longer stands as undistributed SHU


async def test_a_policy_changed_after_the_close_does_not_change_it(db):
    coop, a, b, c = await closed_year()
    before = await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    new = {"cadangan": 5000, "jasa_usaha": 5000}
    await service.update_cooperative(coop.id, CooperativeUpdate(shu_policy=new))
    frozen = await shu.get_policy(coop.id, YEAR)
    assert frozen.frozen and frozen.funds == POLICY_FUNDS
    with pytest.raises(PolicyFrozen):
        await shu.set_policy(coop.id, YEAR, PolicyIn(funds=new))
    assert amounts(await shu.get_proposal(coop.id, YEAR)) == amounts(before)
    nxt = await shu.get_policy(coop.id, YEAR + 1)  # the next year is separate: today's settings
    assert nxt.funds == new and not nxt.frozen


async def test_the_policy_must_add_up_and_zakat_is_for_a_syariah_cooperative(db):
    coop, *_ = await book_year()
    with pytest.raises(PolicyInvalid):
        await shu.set_policy(coop.id, YEAR, PolicyIn(funds={"cadangan": 5000, "jasa_usaha": 4000}))
    with pytest.raises(PolicyInvalid):
        await shu.set_policy(coop.id, YEAR, PolicyIn(funds={"jasa_usaha": 9000, "zakat": 1000}))
    with pytest.raises(PolicyInvalid):
        await shu.set_policy(coop.id, YEAR, PolicyIn(funds=POLICY_FUNDS, line_weights={"purchase": 6000}))
    with pytest.raises(PolicyInvalid, match="tidak dikenal: bunga"):
        await shu.set_policy(coop.id, YEAR, PolicyIn(funds=POLICY_FUNDS, line_weights={"bunga": 10000}))
    # a savings-and-loan cooperative may weigh the jasa its members paid on their loans
    with_loans = PolicyIn(funds=POLICY_FUNDS, line_weights={"purchase": 6000, "loan": 4000})
    assert (await shu.set_policy(coop.id, YEAR, with_loans)).line_weights == {"purchase": 6000, "loan": 4000}
    own = PolicyIn(funds={"jasa_usaha": 9000, "masjid": 1000}, fund_names={"masjid": "Dana masjid"})
    assert (await shu.set_policy(coop.id, YEAR, own)).fund_names == {"masjid": "Dana masjid"}


async def test_a_year_not_locked_through_december_is_refused(db):
    coop, *_ = await book_year()
    with pytest.raises(YearNotLocked):
        await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    assert await shu.latest_proposal(coop.id, YEAR) is None


async def test_revise_makes_v2_and_keeps_v1_and_an_approved_year_is_final(db):
    coop, a, b, c = await closed_year()
    actor = await manager(coop.id)
    v1 = await shu.close_year(coop.id, YEAR, actor=actor)
    with pytest.raises(AlreadyClosed):
        await shu.close_year(coop.id, YEAR, actor=actor)
    v2 = await shu.close_year(coop.id, YEAR, actor=actor, revise=True)
    assert (v2.version, v2.state) == (2, "proposed") and v2.id != v1.id
    assert (await shu.get_proposal(coop.id, YEAR, version=1)).state == "superseded"
    assert (await shu.latest_proposal(coop.id, YEAR)).id == v2.id
    await shu.decide(v2.id, approved=True, item_id=7)
    assert (await shu.decide(v2.id, approved=True, item_id=7)).decided_by_item_id == 7  # idempotent
    with pytest.raises(AlreadyApproved):
        await shu.close_year(coop.id, YEAR, actor=actor, revise=True)
