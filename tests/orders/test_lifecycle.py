"""The life cycle of a sub-order: paid by the real sandbox callback (duplicated and reordered),
expired, cancelled before and after payment, packed, shipped, confirmed, completed by time;
illegal transitions and other cooperatives' staff are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from market import service as market
from orders import service
from orders.errors import IllegalTransition, OrderNotFound
from orders.service import books
from payments import service as payments
from tests.books import balances, moved, tagged
from tests.builders import make_member, token_for
from tests.orders.helpers import (
    RULES,
    buyer,
    count,
    deliver,
    make_coop,
    make_product,
    pay,
    pay_after_it_lapsed,
    place,
    provider_id,
    stock,
)
from tests.payments.helpers import control


async def _order(gw, *, quantity=2, price=50_000, stock_units=10):
    coop = await make_coop()
    product = await make_product(coop.id, price_idr=price, stock=stock_units)
    actor = await buyer()
    order = await place(gw, actor, [(product, quantity)])
    return coop, product, actor, order


async def test_a_duplicated_and_reordered_callback_pays_once(db, gw, sandbox, sbx):
    # given
    coop, product, actor, order = await _order(gw)
    pid = await provider_id(order)
    paid = await control(sbx, f"invoices/{pid}/pay", method="DANA", deliver="hold")
    settled = await control(sbx, f"invoices/{pid}/settle", deliver="hold")
    # when SETTLED arrives first, then PAID, then PAID again
    for delivery in (settled, paid, paid):
        await control(sbx, f"deliveries/{delivery['id']}/release")
        await sandbox.drain()
        await deliver()
    # then
    sub = (await service.get_order(order.id, actor=actor)).suborders[0]
    assert sub.state == "paid"
    assert await count("orders_transition", "WHERE to_state = 'paid'") == 1
    assert await count("journal_entry", "WHERE reference = ?", f"order:{order.id}:escrow") == 1
    s = await stock(product.id)
    assert (s.stock, s.reserved) == (8, 0)
    assert await market.balance_of((await books.escrow_account()).id) == 100_000
    assert await market.balance_of((await payments.clearing()).id) == 0


async def test_an_expired_payment_returns_the_stock(db, gw, sandbox, sbx):
    coop, product, actor, order = await _order(gw)
    await control(sbx, f"invoices/{await provider_id(order)}/expire")
    await sandbox.drain()
    await deliver()
    assert (await service.get_order(order.id, actor=actor)).suborders[0].state == "expired"
    s = await stock(product.id)
    assert (s.stock, s.reserved, s.available) == (10, 0, 10)


async def test_cancel_before_paying_returns_the_stock_and_expires_the_invoice(db, gw, sandbox):
    coop, product, actor, order = await _order(gw)
    cancelled = await service.cancel_order(gw, order.id, actor=actor)
    assert cancelled.suborders[0].state == "cancelled" and cancelled.state == "cancelled"
    assert (await stock(product.id)).reserved == 0
    assert (await payments.get_payment(order.payment_id)).status == "expired"
    await sandbox.drain()
    await deliver()  # the expiry event finds nothing left to expire
    assert await count("orders_transition", "WHERE to_state = 'expired'") == 0
    with pytest.raises(IllegalTransition):
        await service.cancel_order(gw, order.id, actor=actor)


async def test_the_cooperative_cancels_a_paid_suborder_and_the_buyer_is_refunded(db, gw, sandbox, sbx):
    coop, product, actor, order = await _order(gw)
    await pay(sbx, sandbox, order)
    staff = await buyer(coop.id, role="manager")
    sub_id = order.suborders[0].id
    out = await service.cancel_suborder(gw, coop.id, sub_id, actor=staff, reason="Stok rusak kena banjir")
    await sandbox.drain()
    await deliver()
    assert out.state == "refunded"
    s = await stock(product.id)
    assert (s.stock, s.reserved) == (10, 0)
    refunds = await payments.list_refunds(order.payment_id)
    assert [(r.amount, str(r.status)) for r in refunds] == [(100_000, "succeeded")]
    assert await market.balance_of((await books.escrow_account()).id) == 0
    # a retry sends nothing twice
    await service.cancel_suborder(gw, coop.id, sub_id, actor=staff, reason="Stok rusak kena banjir")
    assert len(await payments.list_refunds(order.payment_id)) == 1


async def test_a_payment_the_gateway_cannot_refund_goes_back_to_the_buyers_wallet(db, gw, sandbox, sbx):
    # given: a member buyer paid by BCA virtual account, which the provider refuses to refund
    coop, product, _, _ = await _order(gw, stock_units=20)
    home = await make_coop()
    member = await make_member(home.id, name="Yosefina Lena")
    actor = await buyer(home.id, member.id, role="member")
    order = await place(gw, actor, [(product, 2)], key="va")
    await control(sbx, f"invoices/{await provider_id(order)}/pay", method="BCA", deliver="now")
    await sandbox.drain()
    await deliver()
    staff = await buyer(coop.id, role="manager")
    sub_id = order.suborders[0].id
    # when: the cooperative cancels the paid sub-order, twice (a retry)
    for _ in range(2):
        out = await service.cancel_suborder(gw, coop.id, sub_id, actor=staff, reason="Gudang kebanjiran")
        await sandbox.drain()
        await deliver()
    # then: refunded into the member's wallet, once; nothing left in escrow or clearing
    assert out.state == "refunded"
    assert [str(r.status) for r in await payments.list_refunds(order.payment_id)] == ["failed"]
    wallet = await payments.member_wallet(home.id, member.id)
    assert await payments.wallet_balance(wallet.id) == 100_000
    assert [m.amount for m in await payments.wallet_history(wallet.id)] == [100_000]
    assert await market.balance_of((await books.escrow_account()).id) == 0
    assert await market.balance_of((await payments.clearing()).id) == 0


async def test_a_payment_arriving_after_the_order_lapsed_goes_to_the_buyers_wallet(db, gw, sandbox, sbx):
    # given: the buyer pays, but the provider's callback is held back
    coop, product, actor, order = await _order(gw)
    # when: the provider holds the callback, the order lapses first and the payment arrives after it
    await pay_after_it_lapsed(sbx, sandbox, order)
    # then: nothing is fulfilled, the stock is back, and the money is in the buyer's wallet
    assert (await service.get_order(order.id, actor=actor)).suborders[0].state == "expired"
    s = await stock(product.id)
    assert (s.stock, s.reserved) == (10, 0)
    wallet = await payments.wallet_of(actor)
    assert await payments.wallet_balance(wallet.id) == 100_000
    assert await market.balance_of((await payments.clearing()).id) == 0


async def test_pack_ship_confirm_completes_and_credits_the_cooperative(db, gw, sandbox, sbx):
    coop, product, actor, order = await _order(gw, price=100_000, quantity=1)
    await pay(sbx, sandbox, order)
    staff = await buyer(coop.id, role="cashier")
    sub_id = order.suborders[0].id
    await service.pack_suborder(coop.id, sub_id, actor=staff)
    shipped = await service.ship_suborder(coop.id, sub_id, actor=staff, courier="JNE", tracking_number="JNE123456")
    assert (shipped.state, shipped.courier, shipped.tracking_number) == ("shipped", "JNE", "JNE123456")
    done = await service.confirm_delivery(sub_id, actor=actor)
    assert done.state == "completed"
    assert [h.state for h in done.history] == ["awaiting_payment", "paid", "packed", "shipped", "completed"]
    # 100.000 goods, fee 2.5 % = 2.500, HPP 60.000 (not a member's): the cooperative's due is 97.500
    assert await payments.coop_balance(coop.id) == 97_500
    assert await market.balance_of((await books.escrow_account()).id) == 0
    # the cooperative's book: a sale to a non-member at its price, its HPP out of persediaan, the fee
    booked = await balances(coop.id)
    assert booked["penjualan_non_anggota"] == 100_000 and booked["penjualan_anggota"] == 0
    assert booked["hpp_non_anggota"] == 60_000 and booked["hpp_anggota"] == 0
    assert booked["beban_fee_platform"] == 2_500 and booked["piutang_platform"] == 97_500
    assert await moved(f"suborder:{sub_id}:complete", (await market.chart_account(coop.id, "persediaan")).id) == -60_000
    assert await tagged(coop.id) == []  # nobody's member business


async def test_illegal_transitions_are_409_and_other_cooperatives_get_404(db, gw, client, papp):
    coop, product, actor, order = await _order(gw)
    staff = await market.actor_by_id((await _user(coop.id)).id)
    other = await make_coop()
    outsider = await _user(other.id)
    sub_id = order.suborders[0].id
    # packing an unpaid sub-order
    response = await client.post(
        f"/api/v1/cooperatives/{coop.id}/suborders/{sub_id}/pack",
        headers=await token_for(await _user_obj(staff.user_id)),
    )
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "orders.illegal_transition"
    # another cooperative's staff
    response = await client.post(
        f"/api/v1/cooperatives/{coop.id}/suborders/{sub_id}/pack", headers=await token_for(outsider)
    )
    assert response.status_code == 404
    response = await client.post(
        f"/api/v1/cooperatives/{other.id}/suborders/{sub_id}/pack", headers=await token_for(outsider)
    )
    assert response.status_code == 404
    with pytest.raises(OrderNotFound):
        await service.get_order(order.id, actor=await market.actor_by_id(outsider.id))
    assert (await service.get_order(order.id, actor=actor)).suborders[0].state == "awaiting_payment"


async def test_a_shipped_suborder_completes_by_itself_after_n_days(db, gw, sandbox, sbx):
    coop, product, actor, order = await _order(gw)
    await pay(sbx, sandbox, order)
    staff = await buyer(coop.id, role="manager")
    sub_id = order.suborders[0].id
    await service.ship_suborder(coop.id, sub_id, actor=staff, courier="J&T", tracking_number="JT0001")
    assert await service.auto_complete(7) == 0
    assert await service.auto_complete(7, now=datetime.now(UTC) + timedelta(days=8)) == 1
    assert (await service.get_suborder(coop.id, sub_id, actor=staff)).state == "completed"
    assert await service.auto_complete(7, now=datetime.now(UTC) + timedelta(days=8)) == 0


async def test_the_api_places_an_order_with_an_idempotency_key(db, client, papp):
    coop = await make_coop()
    product = await make_product(coop.id, price_idr=20_000)
    user = await _user(None, role="buyer")
    headers = await token_for(user)
    response = await client.post("/api/v1/cart/lines", json={"product_id": product.id, "quantity": 2}, headers=headers)
    assert response.status_code == 200 and response.json()["total"] == 40_000
    bad = await client.post("/api/v1/cart/lines", json={"product_id": product.id, "quantity": 1.5}, headers=headers)
    assert bad.status_code == 422
    from tests.orders.helpers import ADDRESS

    body = {"address": ADDRESS, "delivery": {}}
    first = await client.post("/api/v1/checkout", json=body, headers={**headers, "Idempotency-Key": "abc"})
    second = await client.post("/api/v1/checkout", json=body, headers={**headers, "Idempotency-Key": "abc"})
    assert first.status_code == 201, first.text
    assert second.json()["id"] == first.json()["id"]
    listed = await client.get("/api/v1/orders", headers=headers)
    assert [o["id"] for o in listed.json()] == [first.json()["id"]]


async def _user(coop_id, role="manager"):
    from market.models import Role
    from tests.builders import make_user

    return await make_user(Role(role), coop_id)


async def _user_obj(user_id):
    from market.models import User

    return await User.get(id=user_id)


async def test_a_failed_payment_expires_the_order_and_returns_the_stock(db, gw, sandbox, sbx):
    coop, product, actor, order = await _order(gw)
    await control(sbx, f"invoices/{await provider_id(order)}/fail")
    await sandbox.drain()
    await deliver()
    assert (await service.get_order(order.id, actor=actor)).suborders[0].state == "expired"
    assert (await stock(product.id)).reserved == 0


async def test_b2b_goods_received_into_an_existing_product_add_stock_once(db, gw, sandbox, sbx):
    seller, trader = await make_coop(), await make_coop()
    rice = await make_product(seller.id, price_idr=10_000, stock=20)
    own = await make_product(trader.id, price_idr=12_000, stock=1)
    staff = await buyer(trader.id, role="manager")
    seller_staff = await buyer(seller.id, role="manager")
    for p, q in ((rice, 4),):
        await service.add_to_cart(p.id, q, user_id=staff.user_id)
    from tests.orders.helpers import ADDRESS

    order = await service.place_order(
        gw, **RULES, actor=staff, address=ADDRESS, delivery={}, idempotency_key="b2b", buy_for_cooperative=True
    )
    sub_id = order.suborders[0].id
    with pytest.raises(IllegalTransition):  # not delivered yet
        await service.receive_suborder(trader.id, sub_id, actor=staff, product_id=own.id)
    await pay(sbx, sandbox, order)
    await service.pack_suborder(seller.id, sub_id, actor=seller_staff)
    await service.mark_delivered(seller.id, sub_id, actor=seller_staff)
    with pytest.raises(OrderNotFound):  # the seller cannot receive it into its own catalog
        await service.receive_suborder(seller.id, sub_id, actor=seller_staff)
    out = await service.receive_suborder(trader.id, sub_id, actor=staff, product_id=own.id)
    again = await service.receive_suborder(trader.id, sub_id, actor=staff, product_id=own.id)
    assert out.received and again.received
    assert (await stock(own.id)).stock == 1 + 4
