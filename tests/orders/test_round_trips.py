"""Round trips of a whole buyer checkout — six adds to the cart (three cooperatives × two lines),
the quote, the placing — counted at the database driver (tests/statements.py), the embedded
sandbox's own statements aside."""

from __future__ import annotations

from orders import service
from tests.orders.helpers import ADDRESS, RULES, buyer, make_coop, make_product
from tests.statements import count_round_trips


async def _shop():
    coops = [await make_coop() for _ in range(3)]
    manager = await buyer(coops[0].id, role="manager")
    await service.set_delivery_rates(coops[0].id, {"DKI Jakarta": 10_000}, actor=manager)
    return coops, [await make_product(c.id) for c in coops for _ in range(2)]


async def test_a_whole_checkout_of_six_lines_from_three_cooperatives_takes_at_most_30_statements(db, gw, engine):
    # given
    coops, products = await _shop()
    actor = await buyer()
    # when
    async with count_round_trips() as seen:
        for p in products:
            await service.add_to_cart(p.id, 2, user_id=actor.user_id)
        await service.quote_checkout(user_id=actor.user_id, address=ADDRESS, delivery={coops[0].id: "delivery"})
        order = await service.place_order(
            gw, **RULES, actor=actor, address=ADDRESS, delivery={coops[0].id: "delivery"}, idempotency_key="whole"
        )
    # then
    print(
        f"\nwhole checkout: {len(seen.statements)} statements, {len(seen.control)} BEGIN/COMMIT…,"
        f" {seen.resets} pool resets, {seen.checkouts} pool check-outs; the sandbox: {len(seen.sandbox)}"
    )
    assert len(order.suborders) == 3 and sum(len(s.lines) for s in order.suborders) == 6
    # 72 before (7 per add, 3 for the quote, 27 to place), then 38 with placing's read-back of the
    # order; the target is 30. Tortoise's SQLite driver follows an ORM INSERT (the payment's)
    # with ``SELECT last_insert_rowid()``, an in-process call rather than a round trip: one more there.
    assert len(seen.statements) <= (30 if engine == "postgres" else 31), seen


async def test_the_placed_order_answers_as_get_order_reads_it_back(db, gw):
    """Placing assembles its answer from the rows it wrote: it must be what reading it gives."""
    coops, products = await _shop()
    actor = await buyer()
    for p in products:
        await service.add_to_cart(p.id, 1 + p.id % 3, user_id=actor.user_id)
    placed = await service.place_order(
        gw, **RULES, actor=actor, address=ADDRESS, delivery={coops[0].id: "delivery"}, idempotency_key="same"
    )
    read = await service.get_order(placed.id, actor=actor)
    assert placed.payment is not None and placed.payment.status == "pending"
    assert placed.model_dump() == read.model_dump()
