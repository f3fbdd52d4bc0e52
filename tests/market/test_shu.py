"""Live SHU: the pools from the year's margin, split by participation and by capital."""

import pytest

from market import service
from market.errors import InvalidInput
from tests.builders import deposit, make_coop, make_member

POLICY = {"cadangan": 3000, "jasa_usaha": 4000, "jasa_modal": 2000, "pendidikan": 1000}


async def test_member_shares_follow_the_formula_and_add_up_to_each_pool(db):
    # given three members with capital and business, and one sale to a non-member
    coop = await make_coop(shu_policy=POLICY, simpanan_pokok_amount=100_000)
    a, b, c = [await make_member(coop.id) for _ in range(3)]
    for m in (a, b, c):
        await deposit(coop.id, m.id, "pokok", 100_000)
    await deposit(coop.id, a.id, "wajib", 200_000)
    await deposit(coop.id, c.id, "sukarela", 5_000_000)  # sukarela does not count by default
    await service.record_participation(coop.id, a.id, "purchase", 1_000_000, 100_000, "r1")
    await service.record_participation(coop.id, b.id, "supply", 2_000_000, 150_000, "r2")
    await service.record_participation(coop.id, None, "purchase", 500_000, 50_001, "r3")
    # when
    shu = await service.live_shu(coop.id)
    # then: margin 300,001 → JU pool 40 % = 120,000 (rounded half up), JM pool 20 % = 60,000
    assert shu.margin_total == 300_001 and shu.margin_non_members == 50_001
    assert (shu.pool_jasa_usaha, shu.pool_jasa_modal) == (120_000, 60_000)
    # JU by participation 1:2:0 → 40,000 / 80,000 / 0
    assert [shu.members[m.id].jasa_usaha for m in (a, b, c)] == [40_000, 80_000, 0]
    # JM by pokok + wajib 300,000 : 100,000 : 100,000 → 36,000 / 12,000 / 12,000
    assert [shu.members[m.id].jasa_modal for m in (a, b, c)] == [36_000, 12_000, 12_000]
    assert sum(m.jasa_usaha for m in shu.members.values()) == shu.pool_jasa_usaha
    assert sum(m.jasa_modal for m in shu.members.values()) == shu.pool_jasa_modal


async def test_recording_the_same_participation_twice_counts_once(db):
    coop = await make_coop()
    m = await make_member(coop.id)
    assert await service.record_participation(coop.id, m.id, "ppob", 50_000, 1_500, "ppob:1")
    assert not await service.record_participation(coop.id, m.id, "ppob", 50_000, 1_500, "ppob:1")
    assert (await service.live_shu(coop.id)).margin_total == 1_500


async def test_sukarela_counts_for_jasa_modal_only_when_the_policy_says_so(db):
    coop = await make_coop(sukarela_counts_for_modal=True, simpanan_pokok_amount=100_000)
    a, b = await make_member(coop.id), await make_member(coop.id)
    await deposit(coop.id, a.id, "pokok", 100_000)
    await deposit(coop.id, b.id, "pokok", 100_000)
    await deposit(coop.id, b.id, "sukarela", 200_000)
    await service.record_participation(coop.id, a.id, "purchase", 10_000, 100_000, "x")
    shu = await service.live_shu(coop.id)
    assert shu.capital_kinds == ("pokok", "wajib", "sukarela")
    assert shu.members[a.id].jasa_modal * 3 == shu.members[b.id].jasa_modal


async def test_participation_of_another_cooperatives_member_is_refused(db):
    coop, other = await make_coop(), await make_coop()
    stranger = await make_member(other.id)
    with pytest.raises(Exception) as err:
        await service.record_participation(coop.id, stranger.id, "purchase", 1000, 100, "bad")
    assert getattr(err.value, "status", None) == 404
    with pytest.raises(InvalidInput):
        await service.record_participation(coop.id, None, "purchase", 1000.5, 100, "bad2")
    assert (await service.live_shu(coop.id)).margin_total == 0
