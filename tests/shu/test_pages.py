"""The manager's year-close page, the RAT's PDF and the member's proposed share on their page."""

from __future__ import annotations

from market.schemas import Role
from tests.builders import login, make_user
from tests.shu.year import YEAR, book_year, closed_year, lock
from tests.web.helpers import csrf_of


async def test_the_manager_sets_the_policy_closes_the_year_and_prints_the_rat_document(client, db):
    coop, a, b, c = await book_year()
    boss = await make_user(Role.MANAGER, coop.id)
    await login(client, boss.email)
    url = f"/koperasi/{coop.id}/shu/{YEAR}"
    first = await client.get(url)
    assert first.status_code == 200 and "belum dikunci" in first.text and "/periode" in first.text
    assert "Tutup buku &amp; hitung SHU" not in first.text  # not before the year is locked
    funds = {"fund_cadangan": "3000", "fund_jasa_usaha": "4000", "fund_jasa_modal": "2000", "fund_pendidikan": "900"}
    form = {**funds, "capital_basis": "year_end", "loss_carry": "carried_forward", "payout": "wallet"}
    bad = await client.post(f"{url}/kebijakan", data={**form, "csrf_token": csrf_of(first.text)})
    assert bad.status_code == 422 and "10000" in bad.text
    await lock(coop.id)
    page = await client.get(url)
    assert "Tutup buku &amp; hitung SHU" in page.text
    closed = await client.post(f"{url}/tutup", data={"csrf_token": csrf_of(page.text)}, follow_redirects=True)
    assert closed.status_code == 200 and "versi 1" in closed.text and "Rp 68.852" in closed.text
    assert "Hitung ulang" in closed.text and a.name in closed.text
    pdf = await client.get(f"{url}/dokumen.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and len(pdf.content) > 2000


async def test_a_member_sees_their_proposed_share_and_not_the_managers_page(client, db):
    from shu import service as shu

    coop, a, b, c = await closed_year()
    await shu.close_year(coop.id, YEAR, actor=None)
    member = await make_user(Role.MEMBER, coop.id, member_id=a.id)
    await login(client, member.email)
    me = await client.get("/saya")
    assert me.status_code == 200 and f"SHU Anda tahun {YEAR} (usulan)" in me.text
    assert "Rp 67.072" in me.text  # jasa usaha 32.872 + jasa modal 34.200
    assert (await client.get(f"/koperasi/{coop.id}/shu/{YEAR}")).status_code in (403, 404)
