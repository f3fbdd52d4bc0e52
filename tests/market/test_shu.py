"""Live SHU from the books: the PHU's SHU of the year to date, the non-member part apart, the
pools, and members' shares by their tagged business and their capital — figures by hand."""

from datetime import date

from market import service
from market.money import allocate
from market.schemas import Role
from tests.builders import make_member, make_user, token_for
from tests.market.shu_books import book_a_year, expense


async def test_the_shu_is_the_books_result_and_members_share_it_by_their_tagged_business(db):
    # given the year booked in tests/market/shu_books.py
    coop, a, b, c = await book_a_year()
    # when
    shu = await service.live_shu(coop.id)
    # then: income 2.505.000 − expenses 2.200.000 = 305.000 before tax; − tax 20.000 = 285.000
    assert (shu.income, shu.expenses, shu.tax) == (2_505_000, 2_200_000, 20_000)
    assert (shu.shu_before_tax, shu.shu_after_tax) == (305_000, 285_000)
    # 285.000 split 305.000 : 200.000 → 172.128,71 / 112.871,29 → the rupiah left to members
    assert (shu.member_gross, shu.non_member_gross) == (305_000, 200_000)
    assert (shu.member_shu, shu.non_member_shu) == (172_129, 112_871)
    # JU pool: 40 % of 285.000 = 114.000, less 40 % of the non-member 112.871 (45.148) to cadangan
    assert (shu.pool_jasa_usaha_gross, shu.non_member_jasa_usaha, shu.pool_jasa_usaha) == (114_000, 45_148, 68_852)
    assert shu.pool_jasa_modal == 57_000  # 20 % of 285.000
    # weights: a 1.000.000 purchase + 5.000 ppob, b 500.000 supply, c 600.000 purchase
    assert {m: s.by_kind for m, s in shu.members.items()} == {
        a.id: {"purchase": 1_000_000, "ppob": 5_000},
        b.id: {"supply": 500_000},
        c.id: {"purchase": 600_000},
    }
    assert shu.weight_total == 2_105_000 and shu.by_kind == {"purchase": 1_600_000, "ppob": 5_000, "supply": 500_000}
    # JU 68.852 × 1.005.000 / 500.000 / 600.000 ÷ 2.105.000 = 32.872,33 / 16.354,39 / 19.625,27 → +1 to b
    assert [shu.members[m.id].jasa_usaha for m in (a, b, c)] == [32_872, 16_355, 19_625]
    # JM 57.000 by pokok + wajib 300.000 : 100.000 : 100.000 (c's sukarela does not count)
    assert [shu.members[m.id].jasa_modal for m in (a, b, c)] == [34_200, 11_400, 11_400]
    assert sum(m.jasa_usaha for m in shu.members.values()) == shu.pool_jasa_usaha


async def test_with_the_setting_off_the_non_member_part_stays_in_the_jasa_usaha_pool(db):
    coop, a, b, c = await book_a_year(non_member_shu_to_reserve=False)
    shu = await service.live_shu(coop.id)
    assert shu.non_member_shu == 112_871 and shu.non_member_jasa_usaha == 0
    assert shu.pool_jasa_usaha == 114_000
    assert [shu.members[m.id].jasa_usaha for m in (a, b, c)] == allocate(114_000, [1_005_000, 500_000, 600_000])


async def test_a_loss_year_has_nothing_to_distribute(db):
    coop, a, b, c = await book_a_year()
    await expense(coop.id, "uji:listrik", "beban_listrik", 400_000, "Listrik setahun")
    shu = await service.live_shu(coop.id)
    assert (shu.shu_before_tax, shu.shu_after_tax) == (-95_000, -115_000)
    assert (shu.distributable, shu.pool_jasa_usaha, shu.pool_jasa_modal, shu.non_member_shu) == (0, 0, 0, 0)
    assert all(m.total == 0 for m in shu.members.values())
    assert shu.members[a.id].weight == 1_005_000  # the weights still show


async def test_only_this_years_entries_count_and_a_past_year_reads_its_own(db):
    coop, a, b, c = await book_a_year()
    last_year = date.today().year - 1
    await expense(coop.id, "uji:lalu", "beban_gaji", 10_000, "Gaji lama", booked_on=date(last_year, 12, 31))
    await expense(
        coop.id,
        "uji:ppob-lalu",
        "ppob_anggota",
        -7_000,
        "PPOB lama",
        tag={"member_id": b.id, "kind": "ppob"},
        booked_on=date(last_year, 6, 1),
    )
    now = await service.live_shu(coop.id)
    assert now.expenses == 2_200_000 and now.members[b.id].by_kind == {"supply": 500_000}
    past = await service.live_shu(coop.id, year=last_year)
    assert (past.income, past.expenses, past.shu_after_tax) == (7_000, 10_000, -3_000)
    assert (past.period_start, past.period_end) == (date(last_year, 1, 1), date(last_year, 12, 31))
    assert past.members[b.id].by_kind == {"ppob": 7_000}


async def test_a_members_shu_lists_the_entries_its_weight_comes_from(db):
    coop, a, b, c = await book_a_year()
    explained = await service.member_shu(coop.id, a.id)
    assert [(e.reference, e.kind, e.amount) for e in explained.entries] == [
        ("uji:jual-a", "purchase", 1_000_000),
        ("uji:ppob-a", "ppob", 5_000),
    ]
    assert sum(e.amount for e in explained.entries) == explained.mine.weight
    assert explained.entries[0].description == "Penjualan uji:jual-a"
    idle = await make_member(coop.id)
    nothing = await service.member_shu(coop.id, idle.id)
    assert (nothing.mine.weight, nothing.mine.jasa_usaha, nothing.entries) == (0, 0, [])


async def test_the_api_gives_the_member_every_figure_and_the_entries(client):
    coop, a, b, c = await book_a_year()
    headers = await token_for(await make_user(Role.MEMBER, member_id=a.id))
    r = await client.get(f"/api/v1/cooperatives/{coop.id}/members/{a.id}/shu", headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["shu_before_tax"], body["shu_after_tax"], body["non_member_shu"]) == (305_000, 285_000, 112_871)
    assert (body["pool_jasa_usaha"], body["pool_jasa_modal"], body["non_member_shu_to_reserve"]) == (
        68_852,
        57_000,
        True,
    )
    assert (body["weight"], body["weight_by_kind"], body["weight_total"]) == (
        1_005_000,
        {"purchase": 1_000_000, "ppob": 5_000},
        2_105_000,
    )
    assert (body["jasa_usaha"], body["jasa_modal"], body["total"]) == (32_872, 34_200, 67_072)
    assert [(e["reference"], e["amount"]) for e in body["entries"]] == [
        ("uji:jual-a", 1_000_000),
        ("uji:ppob-a", 5_000),
    ]
