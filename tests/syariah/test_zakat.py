"""Zakat at the year-end close of a syariah cooperative (koperasi.md §5): its policy's rate on the
base it names — the SHU before tax, off the top, the other funds sharing the rest in their
proportions — approved, appropriated into dana zakat (2116) and shown by the ZIS report; a
conventional cooperative's policy refuses a zakat share (422)."""

from __future__ import annotations

from datetime import date

import pytest

from market.clock import today_in
from market.money import allocate, apply_bps
from shu import service as shu
from shu.errors import PolicyInvalid
from shu.schemas import PolicyIn
from shu.service import compute
from syariah import service as syariah
from tests.books import balances
from tests.builders import make_coop, make_user, token_for
from tests.shu.year import YEAR, closed_year, manager

FUNDS = {"cadangan": 3000, "jasa_usaha": 4000, "jasa_modal": 2000, "pendidikan": 750, "zakat": 250}


def test_zakat_on_the_shu_before_tax_comes_off_the_top_and_the_rest_keeps_its_proportions():
    fig = compute.Figures(0, 0, 1_000_000, 10_000_001, 9_000_001, 9_000_001, 0)
    funds, detail = compute.split_funds(fig, PolicyIn(funds=FUNDS, zakat_base="shu_sebelum_pajak"))
    zakat = apply_bps(10_000_001, 250)  # 250,000.025 -> 250,000
    assert funds["zakat"] == zakat == 250_000
    rest = allocate(9_000_001 - zakat, [3000, 4000, 2000, 750])
    assert [funds[c] for c in ("cadangan", "jasa_usaha", "jasa_modal", "pendidikan")] == rest
    assert sum(funds.values()) == 9_000_001
    assert detail["zakat"] == {"base": "shu_sebelum_pajak", "base_amount": 10_000_001, "bps": 250}
    # on the SHU after tax it is one fund among the others, as before
    after, _ = compute.split_funds(fig, PolicyIn(funds=FUNDS))
    assert after["zakat"] == allocate(9_000_001, list(FUNDS.values()))[4] == 225_000


async def test_a_syariah_close_books_its_zakat_into_the_fund_the_zis_report_shows(db):
    coop, a, b, c = await closed_year(syariah=True)
    boss = await manager(coop.id)
    await shu.set_policy(coop.id, YEAR, PolicyIn(funds=FUNDS, zakat_base="shu_sebelum_pajak"))
    p = await shu.close_year(coop.id, YEAR, actor=boss)
    # the year of tests/market/shu_books: 305,000 before the 20,000 tax, 285,000 after
    assert (p.shu_before_tax, p.shu) == (305_000, 285_000)
    funds = {f.code: f.amount for f in p.funds}
    assert funds["zakat"] == apply_bps(305_000, 250) == 7_625
    assert sum(funds.values()) == 285_000
    await shu.decide(p.id, approved=True, item_id=None)
    await shu.distribute(coop.id, YEAR, actor=boss)
    assert (await balances(coop.id))["dana_zakat"] == 7_625
    report = await syariah.fund_report(boss, coop.id, "zakat", date(YEAR, 1, 1), today_in(coop))
    assert report.opening == 0 and report.closing == 7_625
    assert [s.amount for s in report.sources] == [7_625] and report.uses == []


async def test_a_conventional_policy_refuses_a_zakat_share_and_a_zakat_base(db, client):
    coop, *_ = await closed_year()
    with pytest.raises(PolicyInvalid, match="zakat hanya untuk koperasi syariah"):
        await shu.set_policy(coop.id, YEAR, PolicyIn(funds=FUNDS))
    no_zakat = {"cadangan": 3000, "jasa_usaha": 7000}
    with pytest.raises(PolicyInvalid, match="Dasar zakat"):
        await shu.set_policy(coop.id, YEAR, PolicyIn(funds=no_zakat, zakat_base="shu_sebelum_pajak"))
    headers = await token_for(await make_user("manager", coop_id=coop.id))
    answer = await client.put(
        f"/api/v1/cooperatives/{coop.id}/shu/{YEAR}/policy", json={"funds": FUNDS}, headers=headers
    )
    assert answer.status_code == 422 and answer.json()["code"] == "shu.policy_invalid"


async def test_a_syariah_cooperatives_default_policy_gives_zakat_2_5_percent_of_the_shu_before_tax(db):
    coop = await make_coop(syariah=True, shu_policy={"cadangan": 3000, "jasa_usaha": 4000, "jasa_modal": 3000})
    policy = await shu.get_policy(coop.id, YEAR)
    assert (policy.funds["zakat"], policy.funds["cadangan"], policy.zakat_base) == (250, 2750, "shu_sebelum_pajak")
    plain = await make_coop(shu_policy={"cadangan": 3000, "jasa_usaha": 4000, "jasa_modal": 3000})
    conventional = await shu.get_policy(plain.id, YEAR)
    assert "zakat" not in conventional.funds and conventional.zakat_base == "shu_setelah_pajak"
