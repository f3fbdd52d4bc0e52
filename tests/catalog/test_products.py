"""Product input is checked before anything is written; photos are images within the limits."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from catalog import service
from catalog.errors import InvalidPhoto, InvalidProduct
from catalog.models import Product
from tests.builders import make_coop, make_member, make_product

BASE = {
    "sku": "BRS-5",
    "name": "Beras Pandan Wangi 5 kg",
    "category": "beras-biji-bijian",
    "unit": "karung",
    "price_idr": 75_000,
}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"price_idr": 0}, "price_idr"),
        ({"price_idr": -5}, "price_idr"),
        ({"price_idr": 10.5}, "price_idr"),
        ({"category": "elektronik"}, "category"),
        ({"unit": "galon"}, "unit"),
        ({"tiers": [{"min_qty": 10, "price_idr": 80_000}]}, "tiers"),
        ({"tiers": [{"min_qty": 50, "price_idr": 70_000}, {"min_qty": 10, "price_idr": 72_000}]}, "tiers"),
        ({"tiers": [{"min_qty": 10, "price_idr": 70_000}, {"min_qty": 50, "price_idr": 71_000}]}, "tiers"),
        ({"min_order_qty": 20, "tiers": [{"min_qty": 10, "price_idr": 70_000}]}, "tiers"),
        ({"stock": -1}, "stock"),
        ({"sku": "spasi di sku"}, "sku"),
    ],
)
async def test_bad_product_input_is_refused_with_the_field_and_nothing_written(db, change, field):
    coop = await make_coop()
    with pytest.raises(InvalidProduct) as caught:
        await service.create_product(coop.id, {**BASE, **change})
    assert field in [e["field"] for e in caught.value.extra["errors"]]
    assert await Product.all().count() == 0


async def test_tiers_give_the_unit_price_by_quantity(db):
    coop = await make_coop()
    product = await service.create_product(
        coop.id, {**BASE, "tiers": [{"min_qty": 10, "price_idr": 72_000}, {"min_qty": 50, "price_idr": 69_000}]}
    )
    assert [service.unit_price(product, q) for q in (1, 9, 10, 49, 50, 500)] == [
        75_000,
        75_000,
        72_000,
        72_000,
        69_000,
        69_000,
    ]


async def test_an_update_must_leave_a_valid_product(db):
    coop = await make_coop()
    product = await service.create_product(coop.id, {**BASE, "tiers": [{"min_qty": 10, "price_idr": 72_000}]})
    with pytest.raises(InvalidProduct) as caught:
        await service.update_product(product.id, {"price_idr": 70_000})  # now below its own tier
    assert caught.value.extra["errors"][0]["field"] == "tiers"
    assert (await Product.get(id=product.id)).price_idr == 75_000
    with pytest.raises(InvalidProduct):
        await service.update_product(product.id, {"stock": 99})  # stock only through adjustments
    await service.update_product(product.id, {"price_idr": 80_000, "halal": True})
    assert (await Product.get(id=product.id)).price_idr == 80_000


async def test_sku_is_unique_within_a_cooperative_only(db):
    one, two = await make_coop(), await make_coop()
    await service.create_product(one.id, BASE)
    await service.create_product(two.id, BASE)
    with pytest.raises(InvalidProduct) as caught:
        await service.create_product(one.id, {**BASE, "name": "Beras lain"})
    assert caught.value.field == "sku"


async def test_the_supplying_member_must_belong_to_the_cooperative(db):
    one, two = await make_coop(), await make_coop()
    ours, theirs = await make_member(one.id), await make_member(two.id)
    with pytest.raises(InvalidProduct):
        await service.create_product(one.id, {**BASE, "supplier_member_id": theirs.id})
    product = await service.create_product(one.id, {**BASE, "supplier_member_id": ours.id})
    assert product.supplier_member_id == ours.id


def _jpeg(size=(1600, 1200), color=(120, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


async def test_a_photo_is_resized_to_a_thumbnail_and_a_large_copy(db, tmp_path):
    coop = await make_coop()
    product = await make_product(coop.id)
    keys = await service.add_photo(product.id, _jpeg(), media_dir=tmp_path, max_bytes=5_000_000)
    thumb = Image.open(tmp_path / f"{keys[0]}-thumb.jpg")
    large = Image.open(tmp_path / f"{keys[0]}-large.jpg")
    assert max(thumb.size) == 320 and max(large.size) == 1024
    assert service.photo_url(keys[0]) == f"/media/{keys[0]}-thumb.jpg"


async def test_photos_that_are_not_images_too_big_or_too_many_are_refused(db, tmp_path):
    coop = await make_coop()
    product = await make_product(coop.id)
    with pytest.raises(InvalidPhoto):
        await service.add_photo(product.id, b"%PDF-1.4 not an image", media_dir=tmp_path, max_bytes=5_000_000)
    with pytest.raises(InvalidPhoto):
        await service.add_photo(product.id, _jpeg()[:200], media_dir=tmp_path, max_bytes=5_000_000)
    with pytest.raises(InvalidPhoto):
        await service.add_photo(product.id, _jpeg(), media_dir=tmp_path, max_bytes=1000)
    for _ in range(5):
        await service.add_photo(product.id, _jpeg((400, 300)), media_dir=tmp_path, max_bytes=5_000_000)
    with pytest.raises(InvalidPhoto):
        await service.add_photo(product.id, _jpeg((400, 300)), media_dir=tmp_path, max_bytes=5_000_000)
    assert len((await Product.get(id=product.id)).photos) == 5
    assert len(list(tmp_path.rglob("*.jpg"))) == 10
