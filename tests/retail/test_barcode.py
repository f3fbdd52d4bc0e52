"""A product's barcode (GTIN): checked when it is entered (digits, length, check digit), unique
within the cooperative, found at the counter when scanned or typed, and accepted in place of the
SKU by the POS API (whose catalog lists it)."""

from __future__ import annotations

import pytest

from catalog import service as catalog
from catalog.codes import gtin_ok
from catalog.errors import InvalidProduct
from market import service as market
from tests.builders import make_user
from tests.retail.helpers import count, shop

KOPI_EAN = "8992761002015"  # a valid EAN-13 (check digit 5)


def test_the_check_digit_of_each_gtin_length():
    assert gtin_ok("8992761002015") and gtin_ok("96385074") and gtin_ok("036000291452") and gtin_ok("10036000291459")
    assert not gtin_ok("8992761002016")  # the check digit is off by one
    assert not gtin_ok("899276100201")  # 12 digits, but not a UPC-A
    assert not gtin_ok("89927610020")  # a length no GTIN has
    assert not gtin_ok("899276100201A") and not gtin_ok("٨٩٩٢٧٦١٠٠٢٠١٥")  # letters, non-ASCII digits


async def test_a_barcode_is_checked_unique_in_the_cooperative_and_found_at_the_counter(db):
    s = await shop()
    manager = await make_user("manager", coop_id=s.coop.id)
    actor = await market.actor_by_id(manager.id)
    with pytest.raises(InvalidProduct) as bad:
        await catalog.update_product(s.kopi.id, {"barcode": "8992761002016"}, actor=actor)
    assert bad.value.field == "barcode"
    assert (await catalog.get_product(s.kopi.id)).barcode == ""  # nothing changed
    await catalog.update_product(s.kopi.id, {"barcode": f" {KOPI_EAN} "}, actor=actor)
    with pytest.raises(InvalidProduct) as taken:
        await catalog.update_product(s.gula.id, {"barcode": KOPI_EAN}, actor=actor)
    assert taken.value.field == "barcode" and KOPI_EAN in taken.value.detail
    found = await catalog.counter_items(s.coop.id, q=KOPI_EAN)
    assert [(i.id, i.barcode) for i in found] == [(s.kopi.id, KOPI_EAN)]
    assert await catalog.counter_items(s.coop.id, q=KOPI_EAN[:-1]) == []  # a barcode is matched whole
    # another cooperative may print the same barcode on its own goods (the same product, bought in)
    other = await shop()
    other_manager = await market.actor_by_id((await make_user("manager", coop_id=other.coop.id)).id)
    await catalog.update_product(other.kopi.id, {"barcode": KOPI_EAN}, actor=other_manager)
    assert [i.id for i in await catalog.counter_items(other.coop.id, q=KOPI_EAN)] == [other.kopi.id]


async def test_a_pos_sale_line_may_name_the_barcode_and_the_catalog_lists_it(db, client):
    s = await shop()
    manager = await make_user("manager", coop_id=s.coop.id)
    await catalog.update_product(s.kopi.id, {"barcode": KOPI_EAN}, actor=await market.actor_by_id(manager.id))
    token, _ = await market.issue_coop_token(s.coop.id, name="POS", scopes=["pos"], created_by=manager.id)
    headers = {"Authorization": f"Bearer {token}"}
    sale = {
        "client_id": "scan-1",
        "sold_at": "2026-01-05T09:00:00+00:00",
        "lines": [{"sku": KOPI_EAN, "quantity": "2"}],
    }
    answer = await client.post(f"/api/v1/cooperatives/{s.coop.id}/pos/sales", json={"sales": [sale]}, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["recorded"] == 1 and await count("retail_sale") == 1
    assert (await catalog.get_product(s.kopi.id)).stock == 18
    listed = await client.get(f"/api/v1/cooperatives/{s.coop.id}/pos/catalog", headers=headers)
    assert {i["sku"]: i["barcode"] for i in listed.json()["items"]} == {s.kopi.sku: KOPI_EAN, s.gula.sku: ""}
