"""The catalog's JSON API: public search, staff-only changes, problem+json errors."""

from __future__ import annotations

import io

import pytest
from PIL import Image

import catalog
from catalog import service
from market import service as market
from market.models import CoopStatus, Role
from tests.builders import deliver, make_coop, make_product, make_user, token_for

NEW = {
    "sku": "KP-250",
    "name": "Kopi Arabika Flores Bajawa 250 g",
    "category": "kopi-teh",
    "unit": "pcs",
    "price_idr": 85_000,
    "stock": 12,
    "tiers": [{"min_qty": 10, "price_idr": 80_000}],
}


@pytest.fixture
def settings(settings, tmp_path):
    settings.media_dir = tmp_path / "media"
    return settings


@pytest.fixture
async def api(app, client):
    catalog.install(app)
    catalog.install(app)  # idempotent
    return client


async def test_staff_create_and_anyone_finds_it(api, db):
    coop = await make_coop()
    manager = await make_user(Role.MANAGER, coop_id=coop.id)
    created = await api.post(f"/api/v1/cooperatives/{coop.id}/products", json=NEW, headers=await token_for(manager))
    assert created.status_code == 201, created.text
    assert created.json()["available"] == 12 and created.json()["cost_idr"] == 0
    await deliver()
    found = await api.get("/api/v1/products", params={"q": "kopi arabica"})
    body = found.json()
    assert found.status_code == 200 and body["total"] == 1 and body["hits"][0]["name"] == NEW["name"]
    assert body["facets"]["category"][0] == {"value": "kopi-teh", "label": "Kopi & teh", "count": 1}
    public = (await api.get(f"/api/v1/products/{created.json()['id']}")).json()
    assert "cost_idr" not in public and public["tiers"] == [{"min_qty": 10, "price_idr": 80_000}]


async def test_bad_input_is_a_problem_with_the_field(api, db):
    coop = await make_coop()
    manager = await make_user(Role.MANAGER, coop_id=coop.id)
    response = await api.post(
        f"/api/v1/cooperatives/{coop.id}/products",
        json={**NEW, "price_idr": 0, "category": "gadget"},
        headers=await token_for(manager),
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert {e["field"] for e in response.json()["errors"]} == {"price_idr", "category"}
    bad_query = await api.get("/api/v1/products", params={"price_min": 10, "price_max": 5})
    assert bad_query.status_code == 422


async def test_other_cooperatives_staff_and_buyers_cannot_change_products(api, db):
    ours, theirs = await make_coop(), await make_coop()
    product = await make_product(ours.id)
    stranger = await make_user(Role.MANAGER, coop_id=theirs.id)
    buyer = await make_user(Role.BUYER)
    for user in (stranger, buyer):
        headers = await token_for(user)
        assert (await api.post(f"/api/v1/cooperatives/{ours.id}/products", json=NEW, headers=headers)).status_code in (
            403,
            404,
        )
        assert (
            await api.patch(f"/api/v1/products/{product.id}", json={"price_idr": 1}, headers=headers)
        ).status_code in (403, 404)
        assert (
            await api.post(
                f"/api/v1/products/{product.id}/stock", json={"delta": 5, "reason": "tambah"}, headers=headers
            )
        ).status_code in (403, 404)
    assert (await api.post(f"/api/v1/products/{product.id}/stock", json={"delta": 5, "reason": "x"})).status_code == 401
    assert (await service.stock_of(product.id)).stock == 10


async def test_stock_adjustment_through_the_api_is_idempotent_on_its_reference(api, db):
    coop = await make_coop()
    cashier = await make_user(Role.CASHIER, coop_id=coop.id)
    product = await make_product(coop.id, stock=3)
    headers = await token_for(cashier)
    for _ in range(2):
        response = await api.post(
            f"/api/v1/products/{product.id}/stock",
            json={"delta": 7, "reason": "panen", "reference": "nota-9"},
            headers=headers,
        )
        assert response.status_code == 200
    assert response.json() == {"product_id": product.id, "stock": 10, "reserved": 0, "available": 10}
    too_much = await api.post(
        f"/api/v1/products/{product.id}/stock", json={"delta": -11, "reason": "hilang"}, headers=headers
    )
    assert too_much.status_code == 409 and too_much.json()["code"] == "catalog.out_of_stock"


async def test_a_suspended_cooperatives_product_is_not_found_by_the_public(api, db):
    coop = await make_coop()
    product = await make_product(coop.id)
    await market.set_status(coop.id, CoopStatus.SUSPENDED)
    assert (await api.get(f"/api/v1/products/{product.id}")).status_code == 404
    manager = await make_user(Role.MANAGER, coop_id=coop.id)
    own = await api.get(f"/api/v1/products/{product.id}", headers=await token_for(manager))
    assert own.status_code == 200 and own.json()["buyable"] is False


async def test_import_is_queued_then_reported(api, db):
    coop = await make_coop()
    manager = await make_user(Role.MANAGER, coop_id=coop.id)
    headers = await token_for(manager)
    template = await api.get("/api/v1/products/import-template.csv")
    assert template.status_code == 200 and template.text.startswith("sku;nama;kategori")
    queued = await api.post(
        f"/api/v1/cooperatives/{coop.id}/products/import",
        headers=headers,
        files={"file": ("produk.csv", template.content, "text/csv")},
    )
    assert queued.status_code == 202 and queued.json()["status"] == "pending"
    await service.run_import(queued.json()["id"])
    report = (await api.get(f"/api/v1/cooperatives/{coop.id}/imports/{queued.json()['id']}", headers=headers)).json()
    assert (report["status"], report["created"], report["rejected"]) == ("done", 1, 0)
    broken = await api.post(
        f"/api/v1/cooperatives/{coop.id}/products/import",
        headers=headers,
        files={"file": ("x.csv", b"\xff\xfe\x00garbage", "text/csv")},
    )
    assert broken.status_code == 422 and broken.json()["code"] == "catalog.invalid_import"


async def test_photo_upload_checks_the_file(api, db):
    coop = await make_coop()
    manager = await make_user(Role.MANAGER, coop_id=coop.id)
    product = await make_product(coop.id)
    headers = await token_for(manager)
    bad = await api.post(
        f"/api/v1/products/{product.id}/photos",
        headers=headers,
        files={"photo": ("x.jpg", b"not an image", "image/jpeg")},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "catalog.invalid_photo"
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), (10, 120, 60)).save(buffer, "PNG")
    good = await api.post(
        f"/api/v1/products/{product.id}/photos",
        headers=headers,
        files={"photo": ("x.png", buffer.getvalue(), "image/png")},
    )
    assert good.status_code == 200
    served = await api.get(good.json()["urls"][0])
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
