"""Stock moves only through catalog.service, never below zero, once per reference."""

from __future__ import annotations

import asyncio

import pytest

from catalog import service
from catalog.errors import InvalidProduct, NotBuyable, OutOfStock, ReservationNotFound
from catalog.models import StockMovement
from market import service as market
from market.models import CoopStatus
from tests.builders import make_coop, make_product


async def _movements_sum(product_id: int) -> tuple[int, int]:
    moves = await StockMovement.filter(product_id=product_id)
    return sum(m.quantity for m in moves), sum(m.reserved_change for m in moves)


async def test_reserve_holds_units_and_refuses_more_than_are_free(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=5)
    await service.reserve(product.id, 3, reference="order:1:a")
    with pytest.raises(OutOfStock):
        await service.reserve(product.id, 3, reference="order:2:a")
    stock = await service.stock_of(product.id)
    assert (stock.stock, stock.reserved, stock.available) == (5, 3, 2)
    assert await _movements_sum(product.id) == (5, 3)


async def test_the_same_reference_reserves_once(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=5)
    first = await service.reserve(product.id, 2, reference="order:7:line:1")
    again = await service.reserve(product.id, 2, reference="order:7:line:1")
    assert first == again
    assert (await service.stock_of(product.id)).reserved == 2


async def test_release_and_take_happen_once_each(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=10)
    await service.reserve(product.id, 4, reference="r1")
    await service.reserve(product.id, 3, reference="r2")
    await asyncio.gather(service.release("r1"), service.release("r1"))
    await service.take("r2")
    await service.take("r2")
    assert (await service.release("r2")).status == "taken"  # a taken reservation cannot be released
    stock = await service.stock_of(product.id)
    assert (stock.stock, stock.reserved) == (7, 0)
    assert await _movements_sum(product.id) == (7, 0)
    with pytest.raises(ReservationNotFound):
        await service.release("nope")


async def test_adjustment_needs_a_reason_and_cannot_go_below_what_is_reserved(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=10)
    await service.reserve(product.id, 8, reference="r")
    with pytest.raises(OutOfStock):
        await service.adjust_stock(product.id, -3, reason="rusak di gudang", booking="selisih")
    with pytest.raises(InvalidProduct):
        await service.adjust_stock(product.id, 5, reason="", booking="selisih")
    with pytest.raises(InvalidProduct):
        await service.adjust_stock(product.id, 0, reason="hitung ulang", booking="selisih")
    after = await service.adjust_stock(product.id, -2, reason="rusak di gudang", booking="selisih")
    assert (after.stock, after.reserved, after.available) == (8, 8, 0)
    assert await _movements_sum(product.id) == (8, 8)


async def test_an_adjustment_with_a_reference_is_applied_once(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=1)
    for _ in range(3):
        await service.adjust_stock(
            product.id, 10, reason="kiriman petani", booking="utang_usaha", reference="terima:55"
        )
    assert (await service.stock_of(product.id)).stock == 11


async def test_products_of_a_suspended_cooperative_cannot_be_reserved(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=10)
    await market.set_status(coop.id, CoopStatus.SUSPENDED)
    with pytest.raises(NotBuyable):
        await service.reserve(product.id, 1, reference="x")
    assert (await service.stock_of(product.id)).reserved == 0


async def test_minimum_order_quantity_is_enforced_on_reserve(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=100, min_order_qty=10)
    with pytest.raises(InvalidProduct):
        await service.reserve(product.id, 5, reference="small")


async def test_one_hundred_concurrent_reservations_against_thirty_in_stock(db, engine):
    # given 30 units and 100 buyers each wanting one, all at once (PostgreSQL: 100 transactions
    # on separate connections; SQLite: one writer at a time, the same rule must hold)
    coop = await make_coop()
    product = await make_product(coop.id, stock=30)

    async def buy(n: int):
        try:
            await service.reserve(product.id, 1, reference=f"order:{n}")
            return True
        except OutOfStock:
            return False

    # when
    results = await asyncio.gather(*(buy(n) for n in range(100)))
    # then
    stock = await service.stock_of(product.id)
    assert results.count(True) == 30
    assert (stock.stock, stock.reserved, stock.available) == (30, 30, 0)
    assert await _movements_sum(product.id) == (30, 30)
