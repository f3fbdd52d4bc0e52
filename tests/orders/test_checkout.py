"""Placing an order: every line reserved in one transaction or none, the short line named, one
order per idempotency key, one invoice, and few statements."""

from __future__ import annotations

import pytest

from catalog.errors import OutOfStock
from orders import service
from orders.errors import CartProblem, InvalidAddress, InvalidOrder
from tests.orders.helpers import ADDRESS, RULES, buyer, count, count_statements, make_coop, make_product, place, stock


async def test_placing_splits_by_cooperative_reserves_stock_and_opens_one_invoice(db, gw):
    # given
    a, b = await make_coop(), await make_coop(province="DKI Jakarta")
    await service.set_delivery_rates(b.id, {"DKI Jakarta": 15_000}, actor=await buyer(b.id, role="manager"))
    rice, beans = await make_product(a.id, price_idr=20_000), await make_product(b.id, price_idr=30_000)
    actor = await buyer()
    # when
    order = await place(gw, actor, [(rice, 2), (beans, 3)], delivery={b.id: "delivery"})
    # then
    assert [(s.cooperative_id, s.goods_total, s.delivery_fee, s.state) for s in order.suborders] == [
        (a.id, 40_000, 0, "awaiting_payment"),
        (b.id, 90_000, 15_000, "awaiting_payment"),
    ]
    assert order.total == 145_000 and order.invoice_url.startswith("http://test/sandbox/xendit/")
    assert (await stock(rice.id)).reserved == 2 and (await stock(beans.id)).reserved == 3
    assert (await service.get_cart(user_id=actor.user_id)).count == 0
    assert (
        await count("payments_payment", "WHERE kind = 'order' AND owner_id = ? AND amount = ?", order.id, 145_000) == 1
    )
    again = await service.get_order(order.id, actor=actor)
    assert [len(s.history) for s in again.suborders] == [1, 1] and again.state == "awaiting_payment"


async def test_the_same_idempotency_key_places_one_order(db, gw):
    coop = await make_coop()
    product = await make_product(coop.id)
    actor = await buyer()
    first = await place(gw, actor, [(product, 1)], key="double-click")
    second = await service.place_order(
        gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="double-click"
    )
    assert second.id == first.id and second.invoice_url == first.invoice_url
    assert await count("orders_order") == 1 and await count("payments_payment") == 1
    assert (await stock(product.id)).reserved == 1


async def test_a_short_line_refuses_the_whole_order_and_names_the_line(db, gw):
    coop, other = await make_coop(), await make_coop()
    plenty = await make_product(coop.id, stock=100)
    scarce = await make_product(other.id, name="Kopi Arabika Flores", stock=5)
    actor, rival = await buyer(), await buyer()
    await service.add_to_cart(plenty.id, 10, user_id=actor.user_id)
    await service.add_to_cart(scarce.id, 4, user_id=actor.user_id)
    await place(gw, rival, [(scarce, 3)], key="rival")  # takes 3 of the 5 meanwhile
    with pytest.raises(OutOfStock, match="Kopi Arabika Flores.*tersedia 2"):
        await service.place_order(gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="mine")
    assert (await stock(plenty.id)).reserved == 0 and (await stock(scarce.id)).reserved == 3
    assert await count("orders_order") == 1 and await count("orders_suborder") == 1
    assert (await service.get_cart(user_id=actor.user_id)).count == 2  # the cart is kept


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kode_pos": "123"}, "kode_pos"),
        ({"phone": "12"}, "phone"),
        ({"provinsi": None}, "provinsi"),
        ({"kecamatan": ""}, "kecamatan"),
    ],
)
async def test_a_bad_address_is_refused_with_its_field(db, gw, change, field):
    coop = await make_coop()
    product = await make_product(coop.id)
    actor = await buyer()
    await service.add_to_cart(product.id, 1, user_id=actor.user_id)
    address = {k: v for k, v in {**ADDRESS, **change}.items() if v is not None}
    with pytest.raises(InvalidAddress) as exc:
        await service.place_order(gw, **RULES, actor=actor, address=address, delivery={}, idempotency_key="a")
    assert exc.value.field == field
    assert await count("orders_order") == 0 and (await stock(product.id)).reserved == 0


async def test_an_empty_cart_or_an_undelivered_province_is_refused(db, gw):
    coop = await make_coop()
    product = await make_product(coop.id)
    actor = await buyer()
    with pytest.raises(CartProblem, match="kosong"):
        await service.place_order(gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="e")
    await service.add_to_cart(product.id, 1, user_id=actor.user_id)
    with pytest.raises(InvalidOrder, match="tidak mengirim"):
        await service.place_order(
            gw, **RULES, actor=actor, address=ADDRESS, delivery={coop.id: "delivery"}, idempotency_key="e2"
        )
    assert await count("orders_order") == 0


async def test_the_quote_shows_delivery_options_per_cooperative(db):
    coop = await make_coop()
    await service.set_delivery_rates(
        coop.id, {"DKI Jakarta": 12_000, "Bali": 30_000}, actor=await buyer(coop.id, role="manager")
    )
    product = await make_product(coop.id, price_idr=10_000)
    actor = await buyer()
    await service.add_to_cart(product.id, 3, user_id=actor.user_id)
    quote = await service.quote_checkout(user_id=actor.user_id, address=ADDRESS, delivery={coop.id: "delivery"})
    group = quote.groups[0]
    assert (group.goods_total, group.delivery_fee, group.total, quote.grand_total) == (30_000, 12_000, 42_000, 42_000)
    assert [(o.option, o.fee, o.available) for o in group.options] == [("pickup", 0, True), ("delivery", 12_000, True)]


async def test_placing_three_cooperatives_with_two_lines_each_takes_at_most_25_statements(db, gw):
    # given a cart of 3 cooperatives × 2 lines, two of them delivering
    coops = [await make_coop() for _ in range(3)]
    manager = await buyer(coops[0].id, role="manager")
    await service.set_delivery_rates(coops[0].id, {"DKI Jakarta": 10_000}, actor=manager)
    products = [await make_product(c.id) for c in coops for _ in range(2)]
    actor = await buyer()
    for p in products:
        await service.add_to_cart(p.id, 2, user_id=actor.user_id)
    # when
    with count_statements() as statements:
        order = await service.place_order(
            gw, **RULES, actor=actor, address=ADDRESS, delivery={coops[0].id: "delivery"}, idempotency_key="count"
        )
    # then
    print(f"\nplacing 3 cooperatives x 2 lines: {len(statements)} SQL statements")
    assert len(order.suborders) == 3 and sum(len(s.lines) for s in order.suborders) == 6
    assert len(statements) <= 25, "\n".join(statements)


async def test_a_gateway_down_leaves_the_order_waiting_and_a_retry_with_the_key_completes_it(db, gw, papp):
    from payments import wiring
    from payments.errors import GatewayUnavailable
    from payments.xendit import XenditGateway
    from tests.serving import free_port

    coop = await make_coop()
    product = await make_product(coop.id)
    actor = await buyer()
    down = XenditGateway(
        f"http://127.0.0.1:{free_port()}", wiring.secret_key(papp.state.settings), retries=1, backoff_s=0, timeout_s=2
    )
    try:
        with pytest.raises(GatewayUnavailable):
            await place(gw=down, actor=actor, items=[(product, 2)], key="retry-me")
    finally:
        await down.aclose()
    # the order is there, its stock held, waiting for its invoice
    assert await count("orders_order", "WHERE invoice_url IS NULL") == 1
    assert (await stock(product.id)).reserved == 2
    again = await service.place_order(
        gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="retry-me"
    )
    assert again.invoice_url and again.state == "awaiting_payment"
    assert await count("orders_order") == 1 and await count("payments_payment") == 1
    assert (await stock(product.id)).reserved == 2


async def test_b2b_needs_cooperative_staff_and_not_its_own_products(db, gw):
    coop = await make_coop()
    product = await make_product(coop.id)
    plain, staff = await buyer(), await buyer(coop.id, role="manager")
    await service.add_to_cart(product.id, 1, user_id=plain.user_id)
    with pytest.raises(InvalidOrder) as exc:
        await service.place_order(
            gw, **RULES, actor=plain, address=ADDRESS, delivery={}, idempotency_key="b", buy_for_cooperative=True
        )
    assert exc.value.field == "buy_for_cooperative"
    await service.add_to_cart(product.id, 1, user_id=staff.user_id)
    with pytest.raises(InvalidOrder, match="dirinya sendiri"):
        await service.place_order(
            gw, **RULES, actor=staff, address=ADDRESS, delivery={}, idempotency_key="b", buy_for_cooperative=True
        )
    assert await count("orders_order") == 0
