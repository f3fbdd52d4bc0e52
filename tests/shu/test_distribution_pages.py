"""The distribution's pages: the manager runs it and sees the report and the funds; the cashier
pays a cash share with "Bayar" and gets the receipt; a member reads their SHU by year."""

from __future__ import annotations

import re

from market.schemas import Role
from shu.models import ProposalState
from tests.builders import deposit, make_coop, make_member
from tests.shu.proposals import approved_proposal
from tests.web.helpers import csrf_of, signed_in

YEAR = 2025


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def setting(payout: str):
    coop = await make_coop()
    a, b = await make_member(coop.id), await make_member(coop.id)
    await approved_proposal(
        coop.id, YEAR, 100_000, {"cadangan": 30_000, "jasa_usaha": 40_000, "jasa_modal": 20_000, "pendidikan": 10_000},
        {a.id: (30_000, 15_000), b.id: (10_000, 5_000)}, payout=payout, state=ProposalState.APPROVED,
    )  # fmt: skip
    return coop, a, b


async def test_the_manager_runs_the_distribution_from_its_page(client):
    coop, a, _ = await setting("wallet")
    await signed_in(client, Role.MANAGER, coop.id)
    url = f"/koperasi/{coop.id}/shu/{YEAR}/pembagian"
    before = await client.get(url)
    assert before.status_code == 200 and 'id="run"' in before.text
    # when
    run = await client.post(url, data={"csrf_token": csrf_of(before.text)})
    # then
    assert run.status_code == 303 and run.headers["location"] == url
    after = plain((await client.get(url)).text)
    assert "Selesai: 2 dari 2 anggota." in after
    assert "Dana pendidikan 2113 Rp 10.000 Rp 10.000" in after
    assert f"{a.name} {a.member_number} Rp 30.000 Rp 15.000 Rp 45.000 Sudah masuk" in after
    csv = await client.get(url + ".csv")
    assert csv.status_code == 200 and "Saldo dompet,Sudah masuk" in csv.text
    assert (await client.get(url + ".pdf")).content.startswith(b"%PDF")


async def test_the_cashier_pays_a_cash_share_and_prints_the_receipt(client):
    coop, a, b = await setting("cash")
    await deposit(coop.id, b.id, "sukarela", 200_000)
    manager_client_csrf = await signed_in(client, Role.MANAGER, coop.id)
    await client.post(f"/koperasi/{coop.id}/shu/{YEAR}/pembagian", data={"csrf_token": manager_client_csrf})
    await client.post("/keluar", data={"csrf_token": manager_client_csrf})
    await signed_in(client, Role.CASHIER, coop.id)
    listing = await client.get(f"/koperasi/{coop.id}/shu-tunai")
    assert listing.status_code == 200 and a.name in listing.text
    credit_id = re.search(rf'id="credit-(\d+)">\s*<div>\s*<strong>{re.escape(a.name)}', listing.text).group(1)  # type: ignore[union-attr]
    # when
    paid = await client.post(
        f"/koperasi/{coop.id}/shu-tunai/{credit_id}/bayar", data={"csrf_token": csrf_of(listing.text)}
    )
    # then
    assert paid.status_code == 303
    receipt = plain((await client.get(paid.headers["location"])).text)
    assert "Struk pembayaran SHU" in receipt and "Dibayar Rp 45.000" in receipt and a.member_number in receipt
    assert f'id="pay-{credit_id}"' not in (await client.get(f"/koperasi/{coop.id}/shu-tunai")).text


async def test_a_member_reads_their_shu_by_year(client):
    coop, a, _ = await setting("wallet")
    await signed_in(client, Role.MEMBER, coop.id, a.id)
    assert 'href="/saya/shu"' in (await client.get("/saya")).text
    page = plain((await client.get("/saya/shu")).text)
    assert f"SHU tahun {YEAR}" in page and "Rp 45.000" in page and "Disahkan RAT; menunggu dibagikan." in page
