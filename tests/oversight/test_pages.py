"""The HTTP edge of oversight, on SQLite (the figures under it run on both engines in
test_network and test_health): the dashboard's SVG charts, tables and CSV, the JSON API, and a
provincial operator refused another province's cooperative (404) on the page and the API."""

from __future__ import annotations

import pytest

from market import service as market
from market.models import Role
from tests.builders import login, make_coop, make_user, token_for
from tests.web.helpers import HTMX


@pytest.fixture
def engine() -> str:
    """These tests run on SQLite only."""
    return "sqlite"


async def test_dashboard_health_and_the_provincial_operator(client):
    bali = await make_coop(province="Bali", regency="Kabupaten Badung")
    jabar = await make_coop(province="Jawa Barat")
    op = await make_user(Role.OPERATOR)
    local = await make_user(Role.OPERATOR)
    await market.set_operator_province(local.id, "Bali")

    assert (await login(client, op.email)).status_code == 303
    board = await client.get("/operator/dasbor", params={"bulan": "2026-11"})
    section = board.text[board.text.index('<section id="dashboard"') :]
    assert board.status_code == 200 and "<svg" in section and "<script" not in section.split("</section>")[0]
    assert "Jawa Barat" in board.text and "Bali" in board.text
    block = await client.get("/operator/dasbor", headers=HTMX)
    assert block.text.lstrip().startswith('<section id="dashboard"') and "<html" not in block.text
    table = await client.get("/operator/dasbor.csv", params={"tabel": "provinsi", "bulan": "2026-11"})
    lines = table.text.strip().splitlines()
    assert table.headers["content-type"].startswith("text/csv") and lines[0].startswith("province,registered,online")
    assert [line.split(",")[0] for line in lines[1:]] == ["Bali", "Jawa Barat", ""]
    page = await client.get(f"/koperasi/{jabar.id}/kesehatan")
    assert (
        page.status_code == 200 and "Modal sendiri terhadap total aset" in page.text and "Tanpa predikat" in page.text
    )
    listing = await client.get("/operator/kesehatan", params={"urut": "band"})
    assert jabar.name in listing.text and bali.name in listing.text

    client.cookies.clear()
    assert (await login(client, local.email)).status_code == 303
    mine = await client.get("/operator/dasbor")
    assert "Bali" in mine.text and "Jawa Barat" not in mine.text
    assert (await client.get(f"/koperasi/{bali.id}/kesehatan")).status_code == 200
    assert (await client.get(f"/koperasi/{jabar.id}/kesehatan")).status_code == 404
    listing = await client.get("/operator/kesehatan")
    assert bali.name in listing.text and jabar.name not in listing.text

    client.cookies.clear()
    headers = await token_for(local)
    net = await client.get("/api/v1/operator/network", headers=headers, params={"as_of": "2026-11-15"})
    assert net.status_code == 200 and [p["province"] for p in net.json()["provinces"]] == ["Bali"]
    assert (await client.get(f"/api/v1/cooperatives/{bali.id}/health", headers=headers)).status_code == 200
    refused = await client.get(f"/api/v1/cooperatives/{jabar.id}/health", headers=headers)
    assert refused.status_code == 404 and refused.json()["code"] == "market.not_found"
    whole = await client.get("/api/v1/operator/network", headers=await token_for(op))
    assert {p["province"] for p in whole.json()["provinces"]} == {"Bali", "Jawa Barat"}
    manager = await make_user(Role.MANAGER, coop_id=bali.id)
    assert (await client.get("/api/v1/operator/network", headers=await token_for(manager))).status_code == 403
    assert (
        await client.get(f"/api/v1/cooperatives/{jabar.id}/health", headers=await token_for(manager))
    ).status_code == 404


async def test_a_provincial_operators_csv_and_json_are_the_sql_totals_of_its_province(client):
    from tests.oversight.helpers import build
    from tests.oversight.test_network import _categories_sql, _sql_figures

    await build()
    sql = await _sql_figures()
    local = await make_user(Role.OPERATOR)
    await market.set_operator_province(local.id, "Papua")
    assert (await login(client, local.email)).status_code == 303
    table = await client.get("/operator/dasbor.csv", params={"tabel": "provinsi", "bulan": "2026-11"})
    header, *rows = [line.split(",") for line in table.text.strip().splitlines()]
    papua, total = (dict(zip(header, row, strict=True)) for row in rows)
    assert papua["province"] == "Papua" and total["province"] == ""
    for row in (papua, total):  # the total is Papua's alone
        assert (int(row["registered"]), int(row["online"])) == sql["coops"]["Papua"]
        assert (int(row["members"]),) == sql["members"]["Papua"]
        assert (int(row["orders"]), int(row["gmv"])) == sql["gmv"]["Papua"]
        assert (int(row["ppob_count"]), int(row["ppob_volume"])) == sql["ppob"]["Papua"]
        assert (int(row["payouts_pending"]), int(row["payouts_amount"])) == sql["payouts"].get("Papua", (0, 0))
    kinds = await client.get("/operator/dasbor.csv", params={"tabel": "kategori", "bulan": "2026-11"})
    got = {line.split(",")[0]: (int(line.split(",")[2]),) for line in kinds.text.strip().splitlines()[1:]}
    assert got == await _categories_sql("Papua")
    alerts = await client.get("/operator/dasbor.csv", params={"tabel": "peringatan", "bulan": "2026-11"})
    assert all(line.split(",")[3] == "Papua" for line in alerts.text.strip().splitlines()[1:])

    client.cookies.clear()
    net = await client.get("/api/v1/operator/network", headers=await token_for(local), params={"as_of": "2026-11-15"})
    (row,) = net.json()["provinces"]
    assert row["province"] == "Papua" and (row["orders"], row["gmv"]) == sql["gmv"]["Papua"]
    assert (row["ppob_count"], row["ppob_volume"]) == sql["ppob"]["Papua"]
    assert net.json()["total"]["gmv"] == sql["gmv"]["Papua"][1]


async def test_the_operators_health_list_sorts_by_province_band_and_name(client):
    made = [
        await make_coop(name=name, province=province)
        for name, province in (("Koperasi Zaitun", "Aceh"), ("Koperasi Anggrek", "Papua"), ("Koperasi Melati", "Bali"))
    ]
    op = await make_user(Role.OPERATOR)
    assert (await login(client, op.email)).status_code == 303

    def order(text: str) -> list[str]:
        return [c.name for c in sorted(made, key=lambda c: text.index(f">{c.name}<"))]

    by_province = await client.get("/operator/kesehatan", params={"tahun": 2025, "urut": "province"})
    assert order(by_province.text) == ["Koperasi Zaitun", "Koperasi Melati", "Koperasi Anggrek"]
    by_name = await client.get("/operator/kesehatan", params={"tahun": 2025, "urut": "name"})
    assert order(by_name.text) == ["Koperasi Anggrek", "Koperasi Melati", "Koperasi Zaitun"]
    # No cooperative has a band (the total score cannot be computed): by band is by province within it.
    by_band = await client.get("/operator/kesehatan", params={"tahun": 2025, "urut": "band"})
    assert order(by_band.text) == order(by_province.text)


async def test_a_cooperatives_own_manager_and_member_open_its_health_page_and_others_get_404(client):
    from tests.builders import make_member

    coop, other = await make_coop(province="Bali"), await make_coop(province="Bali")
    member = await make_member(coop.id)
    outsider = await make_member(other.id)
    people = [
        (await make_user(Role.MANAGER, coop_id=coop.id), 200),
        (await make_user(Role.MEMBER, coop_id=coop.id, member_id=member.id), 200),
        (await make_user(Role.MEMBER, coop_id=other.id, member_id=outsider.id), 404),
        (await make_user(Role.MANAGER, coop_id=other.id), 404),
    ]
    for user, status in people:
        client.cookies.clear()
        assert (await login(client, user.email)).status_code == 303
        page = await client.get(f"/koperasi/{coop.id}/kesehatan")
        assert page.status_code == status, user.email
        if status == 200:
            assert coop.name in page.text and "Modal sendiri terhadap total aset" in page.text
        else:
            assert coop.name not in page.text
