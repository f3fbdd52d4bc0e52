"""The statement pages: each statement of the hand-computed cooperative (tests/market/coop_year.py)
with its period picker and its CSV/PDF links, the block alone for htmx, reachable from the
manager's and the member's menu, closed to another cooperative's staff."""

from __future__ import annotations

import re

from market.schemas import Role
from tests.market.coop_year import CURRENT, PRIOR, build_year
from tests.web.helpers import HTMX, signed_in

PERIOD = {"dari": f"{CURRENT}-01-01", "sampai": f"{CURRENT}-12-31"}


def _cells(html: str, label: str) -> list[str]:
    """The cells of the table row whose text cell is *label*."""
    row = next(r for r in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S) if f">{label}<" in r)
    return [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


async def test_a_member_reads_the_neraca_and_phu_of_their_cooperative(client):
    year = await build_year()
    await signed_in(client, Role.MEMBER, year.coop_id, year.member_a)
    home = await client.get("/saya")
    assert f'href="/koperasi/{year.coop_id}/laporan"' in home.text
    page = await client.get(f"/koperasi/{year.coop_id}/laporan/neraca", params={"sampai": f"{CURRENT}-12-31"})
    assert page.status_code == 200
    assert _cells(page.text, "JUMLAH ASET")[-1] == "1.388.000"
    assert _cells(page.text, "JUMLAH KEWAJIBAN DAN EKUITAS")[-1] == "1.388.000"
    assert _cells(page.text, "Akumulasi penyusutan")[-1] == "(50.000)"
    assert "Seimbang." in page.text
    phu = await client.get(f"/koperasi/{year.coop_id}/laporan/phu", params=PERIOD)
    assert _cells(phu.text, "SHU SETELAH PAJAK")[-2:] == ["44.000", "50.000"]  # beside the year before
    assert f"/api/v1/cooperatives/{year.coop_id}/reports/income-statement?from={CURRENT}-01-01" in phu.text
    assert "format=pdf" in phu.text and "format=csv" in phu.text


async def test_the_period_picker_swaps_only_the_statement_for_htmx(client):
    year = await build_year()
    await signed_in(client, Role.MANAGER, year.coop_id)
    menu = await client.get(f"/koperasi/{year.coop_id}/laporan")
    assert menu.status_code == 200 and f"/koperasi/{year.coop_id}/laporan/arus-kas" in menu.text
    block = await client.get(f"/koperasi/{year.coop_id}/laporan/arus-kas", params=PERIOD, headers=HTMX)
    assert block.text.lstrip().startswith('<section class="card statement" id="statement">')
    assert "<html" not in block.text
    assert _cells(block.text, "Kas dan bank akhir periode")[-1] == "658.000"
    ledger = await client.get(
        f"/koperasi/{year.coop_id}/laporan/buku-besar", params={"akun": "3102", "dari": f"{PRIOR}-01-01"}
    )
    assert _cells(ledger.text, "Jumlah / saldo akhir")[-1] == "60.000"
    tb = await client.get(f"/koperasi/{year.coop_id}/laporan/neraca-saldo", params=PERIOD)
    assert _cells(tb.text, "Kas")[-1] == "575.000"


async def test_another_cooperatives_manager_gets_not_found_and_a_bad_date_is_refused(client):
    year = await build_year()
    other = await build_year()
    await signed_in(client, Role.MANAGER, other.coop_id)
    assert (await client.get(f"/koperasi/{year.coop_id}/laporan/neraca")).status_code == 404
    assert (await client.get(f"/koperasi/{other.coop_id}/laporan/tidak-ada")).status_code == 404
    bad = await client.get(f"/koperasi/{other.coop_id}/laporan/phu", params={"dari": "31-12-2024"})
    assert bad.status_code == 422
