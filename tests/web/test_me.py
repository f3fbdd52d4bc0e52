"""A member's own page: savings and the live SHU with every figure needed to check it by hand."""

from market import service
from market.money import format_idr
from market.schemas import Role
from tests.builders import deposit, make_coop, make_member
from tests.web.helpers import signed_in


async def test_a_member_sees_savings_and_the_shu_explained_with_its_figures(client):
    # given
    coop = await make_coop(shu_policy={"cadangan": 5000, "jasa_usaha": 3000, "jasa_modal": 2000})
    me, other = await make_member(coop.id, name="Maria Wolo"), await make_member(coop.id)
    for member, wajib in ((me, 60_000), (other, 140_000)):
        await deposit(coop.id, member.id, "pokok", 100_000)
        await deposit(coop.id, member.id, "wajib", wajib)
    await service.record_participation(coop.id, me.id, "purchase", 1_000_000, 100_000, "uji:1")
    await service.record_participation(coop.id, other.id, "supply", 3_000_000, 233_333, "uji:2")
    await service.record_participation(coop.id, None, "purchase", 500_000, 10_000, "uji:3")
    shu = await service.member_shu(coop.id, me.id)
    await signed_in(client, Role.MEMBER, coop.id, me.id)
    # when
    response = await client.get("/saya")
    # then
    text = response.text
    assert response.status_code == 200 and "Halo, Maria Wolo" in text
    assert "Rp 100.000" in text and "Rp 60.000" in text and "Rp 160.000" in text  # pokok, wajib, total
    for figure in (
        shu.coop.margin_total,
        shu.coop.margin_non_members,
        shu.coop.pool_jasa_usaha,
        shu.coop.pool_jasa_modal,
        shu.coop.participation_total,
        shu.coop.capital_total,
        shu.mine.participation,
        shu.mine.capital,
        shu.mine.jasa_usaha,
        shu.mine.jasa_modal,
        shu.mine.total,
    ):
        assert format_idr(figure) in text, figure
    assert "× 30%" in text and "× 20%" in text  # the policy's shares, written out
    assert (
        f'{format_idr(shu.coop.pool_jasa_usaha)}</span> × <span class="money">'
        f"{format_idr(shu.mine.participation)}</span> ÷"
    ) in text
    assert "25%" in text  # 1.000.000 of 4.000.000 participation
    assert shu.mine.total == shu.mine.jasa_usaha + shu.mine.jasa_modal > 0


async def test_a_member_with_no_business_yet_sees_zero_and_why(client):
    # given
    coop = await make_coop()
    member = await make_member(coop.id)
    await signed_in(client, Role.MEMBER, coop.id, member.id)
    # when
    response = await client.get("/saya")
    # then
    assert response.status_code == 200
    assert "Belum ada margin yang dapat dibagi." in response.text
    assert "Belum ada setoran atau penarikan." in response.text
