"""Cart rules: minimum quantity, wholesale tiers, stock, suspended cooperatives, bad quantities
and unknown products give clear errors and change nothing; a visitor's cart merges at login."""

from __future__ import annotations

import pytest

from catalog.errors import NotBuyable, OutOfStock, ProductNotFound
from market import service as market
from market.models import CoopStatus
from orders import service
from orders.errors import InvalidOrder
from tests.orders.helpers import buyer, make_coop, make_product


async def test_the_cart_groups_lines_by_cooperative_with_the_tier_price(db):
    # given two cooperatives' products, one with a wholesale tier from 10 units
    a, b = await make_coop(name="Koperasi Tani Manggarai"), await make_coop(province="Jawa Timur")
    rice = await make_product(a.id, price_idr=10_000, tiers=[{"min_qty": 10, "price_idr": 9_000}], stock=50)
    coffee = await make_product(b.id, price_idr=50_000, stock=5)
    actor = await buyer()
    # when
    await service.add_to_cart(rice.id, 4, user_id=actor.user_id)
    await service.add_to_cart(rice.id, 6, user_id=actor.user_id)
    cart = await service.add_to_cart(coffee.id, 2, user_id=actor.user_id)
    # then the 10 units of rice are charged at the tier price
    assert [g.cooperative_id for g in cart.groups] == [a.id, b.id]
    line = cart.groups[0].lines[0]
    assert (line.quantity, line.unit_price, line.line_total) == (10, 9_000, 90_000)
    assert cart.groups[0].cooperative_name == "Koperasi Tani Manggarai"
    assert cart.total == 90_000 + 100_000 and cart.count == 2 and cart.problems == []


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "2.5", "dua", True, None])
async def test_bad_quantities_are_refused_and_change_nothing(db, quantity):
    coop = await make_coop()
    product = await make_product(coop.id)
    actor = await buyer()
    await service.add_to_cart(product.id, 1, user_id=actor.user_id)
    with pytest.raises(InvalidOrder) as exc:
        await service.add_to_cart(product.id, quantity, user_id=actor.user_id)
    assert exc.value.field == "quantity"
    assert (await service.get_cart(user_id=actor.user_id)).groups[0].lines[0].quantity == 1


async def test_minimum_order_quantity_stock_unknown_and_suspended_are_refused(db):
    coop, other = await make_coop(), await make_coop()
    bulk = await make_product(coop.id, min_order_qty=5, stock=20)
    few = await make_product(coop.id, stock=3)
    suspended_product = await make_product(other.id)
    await market.set_status(other.id, CoopStatus.SUSPENDED)
    actor = await buyer()
    with pytest.raises(InvalidOrder, match="Minimum pesanan .* 5 karung"):
        await service.add_to_cart(bulk.id, 4, user_id=actor.user_id)
    with pytest.raises(OutOfStock, match="tersedia 3 karung"):
        await service.add_to_cart(few.id, 4, user_id=actor.user_id)
    with pytest.raises(ProductNotFound):
        await service.add_to_cart(999_999, 1, user_id=actor.user_id)
    with pytest.raises(NotBuyable, match="tidak aktif"):
        await service.add_to_cart(suspended_product.id, 1, user_id=actor.user_id)
    assert (await service.get_cart(user_id=actor.user_id)).count == 0


async def test_a_line_that_went_bad_shows_its_problem(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=5)
    actor = await buyer()
    await service.add_to_cart(product.id, 5, user_id=actor.user_id)
    await market.set_status(coop.id, CoopStatus.SUSPENDED)
    cart = await service.get_cart(user_id=actor.user_id)
    assert cart.groups[0].lines[0].problem == "Koperasi penjual sedang tidak aktif"
    assert len(cart.problems) == 1


async def test_set_quantity_zero_removes_and_a_visitor_cart_merges_at_login(db):
    coop = await make_coop()
    p1, p2 = await make_product(coop.id), await make_product(coop.id)
    actor = await buyer()
    await service.add_to_cart(p1.id, 1, user_id=actor.user_id)
    await service.add_to_cart(p1.id, 2, visitor_key="v-abc")
    await service.add_to_cart(p2.id, 1, visitor_key="v-abc")
    cart = await service.merge_visitor_cart("v-abc", actor.user_id)
    assert sorted((line.product_id, line.quantity) for g in cart.groups for line in g.lines) == [(p1.id, 3), (p2.id, 1)]
    assert (await service.get_cart(visitor_key="v-abc")).count == 0
    cart = await service.set_cart_quantity(p1.id, 0, user_id=actor.user_id)
    assert [line.product_id for g in cart.groups for line in g.lines] == [p2.id]
    cart = await service.remove_from_cart(p2.id, user_id=actor.user_id)
    assert cart.count == 0 and cart.total == 0
