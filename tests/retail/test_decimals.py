"""Goods sold by measure (kg) in parts of a unit, at the counter and through the POS API: catalog
stock moves by whole units, the opened unit's rest (and its cost) waits at the counter, and the
HPP released adds up to the unit's cost exactly once the unit is sold out — whatever the parts'
rounding — so persediaan always equals catalog stock plus the opened rests, at cost."""

from __future__ import annotations

from datetime import UTC, datetime

from catalog import service as catalog
from market import service as market
from retail import service as retail
from retail.schemas import ReturnIn, ReturnLineIn
from tests.builders import make_product, make_user
from tests.retail.helpers import bal, sale, shop


async def _beras(coop_id: int, kilos: int):
    """Beras at 13,001 a kg, HPP 1,001 a kg: a cost whose halves and quarters do not round evenly."""
    beras = await make_product(
        coop_id, sku=f"BERAS-{coop_id}", name="Beras curah", unit="kg", price_idr=13_001, stock=0, cost_idr=1_001
    )
    await catalog.adjust_stock(beras.id, kilos, reason="pembelian", booking="kas", reference=f"beras-{beras.id}")
    return beras


async def _pos_token(coop_id: int) -> dict[str, str]:
    manager = await make_user("manager", coop_id=coop_id)
    token, _ = await market.issue_coop_token(coop_id, name="POS", scopes=["pos"], created_by=manager.id)
    return {"Authorization": f"Bearer {token}"}


async def test_quarters_of_a_kilo_at_the_counter_and_through_the_pos_release_the_kilos_cost_exactly(db, client):
    s = await shop()
    beras = await _beras(s.coop.id, 2)
    persediaan = await bal(s.coop.id, "persediaan")
    headers = await _pos_token(s.coop.id)
    url = f"/api/v1/cooperatives/{s.coop.id}/pos/sales"
    # 0.25 kg at the counter: one kilo leaves catalog stock, 0.75 kg of it waits opened
    first = await retail.sell(s.coop.id, sale((beras, "0.25")), actor=s.cashier)
    assert (first.total, first.lines[0].hpp) == (3_250, 250)  # 13,001 / 4 and 1,001 / 4, rounded
    assert (await catalog.stock_of(beras.id)).stock == 1
    items = (await client.get(f"/api/v1/cooperatives/{s.coop.id}/pos/catalog", headers=headers)).json()["items"]
    mine = next(i for i in items if i["sku"] == beras.sku)
    assert (mine["available"], mine["available_quantity"]) == (1, "1.75")  # the opened rest can be sold
    # three more quarters through the POS: the kilo is sold out, its cost released exactly
    when = datetime(2026, 1, 6, 9, 0, tzinfo=UTC).isoformat()
    batch = {
        "sales": [
            {"client_id": f"q-{n}", "sold_at": when, "lines": [{"sku": beras.sku, "quantity": "0.25"}]}
            for n in range(3)
        ]
    }
    body = (await client.post(url, json=batch, headers=headers)).json()
    assert body["recorded"] == 3
    hpp = [first.lines[0].hpp] + [(await retail.get_sale(s.coop.id, r["sale_id"])).hpp_total for r in body["results"]]
    assert sum(hpp) == 1_001 and (await catalog.stock_of(beras.id)).stock == 1
    assert await bal(s.coop.id, "persediaan") == persediaan - 1_001  # one kilo at cost, to the rupiah
    # half a kilo more: the last kilo opened, half of it waiting with the rest of its cost
    rest = await retail.sell(s.coop.id, sale((beras, "0.5")), actor=s.cashier)
    assert (await catalog.stock_of(beras.id)).stock == 0
    assert rest.lines[0].hpp + await _opened_value(beras.id) == 1_001
    assert await bal(s.coop.id, "persediaan") == persediaan - 1_001 - rest.lines[0].hpp


async def test_a_returned_part_goes_back_to_the_opened_unit_and_a_whole_kilo_back_into_catalog_stock(db):
    s = await shop()
    beras = await _beras(s.coop.id, 1)
    persediaan = await bal(s.coop.id, "persediaan")
    out = await retail.sell(s.coop.id, sale((beras, "0.5")), actor=s.cashier)
    assert (await catalog.stock_of(beras.id)).stock == 0
    data = ReturnIn(
        client_id="retur-beras-1", lines=[ReturnLineIn(line_id=out.lines[0].id, quantity="0.5")], reason="salah"
    )
    await retail.return_sale(s.coop.id, out.id, data, actor=s.cashier)
    # the half kilo back joins the opened half: a whole kilo is back in catalog stock, at its cost
    assert (await catalog.stock_of(beras.id)).stock == 1
    assert await _opened_value(beras.id) == 0
    assert await bal(s.coop.id, "persediaan") == persediaan


async def _opened_value(product_id: int) -> int:
    from market import db as database

    rows = await database.execute("SELECT value FROM retail_opened_unit WHERE product_id = ?", product_id)
    return int(rows[0]["value"]) if rows else 0
