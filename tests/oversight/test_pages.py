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
