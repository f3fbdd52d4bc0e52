"""Paying an order from the wallet (issue 14): wholly (paid at once, booked and fulfilled like an
invoice-paid order), partly (the part held, the rest invoiced; the part back once when the invoice
lapses, however often the lapse is processed), refunds back the way the money came, a wrong PIN
changing nothing, the same key never debiting twice, and two checkouts racing for one wallet."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest

from market import service as market
from market.errors import InsufficientBalance
from market.models import Role, User
from orders import service
from orders.errors import InvalidOrder
from orders.service import books
from payments import service as payments
from payments.errors import PinNotSet, PinWrong
from payments.events import PaymentExpired
from tests import builders
from tests.books import tagged
from tests.conftest import POSTGRES_URL
from tests.orders.helpers import (
    ADDRESS,
    RULES,
    count,
    deliver,
    make_coop,
    make_member,
    make_product,
    pay,
    pay_after_it_lapsed,
    place,
    stock,
)

PIN = "246810"


async def _fund(actor, amount: int) -> int:
    """The buyer's wallet topped up with *amount* (as a paid top-up books it); its id."""
    wallet = await payments.wallet_of(actor)
    if amount:
        await payments.credit_wallet(
            wallet.id, amount, reference=f"test:fund:{uuid.uuid4().hex}", from_account=await payments.xendit_cash()
        )
    return wallet.id


async def _login(role: str, coop_id: int | None = None, member_id: int | None = None):
    """A login of *role*; its password is never used here, so none is hashed (argon2 is slow)."""
    user = await User.create(
        email=f"dompet-{uuid.uuid4().hex[:12]}@uji.id",
        name="Pembeli",
        password_hash="-",
        role=Role(role),
        cooperative_id=coop_id,
        member_id=member_id,
    )
    return await market.actor_by_id(user.id)


def _staff(coop_id: int, role: str = "manager"):
    """The cooperative's staff as the services see them (what they do needs no login row)."""
    return market.Actor(0, "staf@uji.id", "Staf", Role(role), coop_id, None)


async def _member_buyer(balance: int, *, pin: bool = True):
    """A member of a cooperative (not the seller) with a PIN and *balance* in their wallet."""
    home = await make_coop()
    member = await make_member(home.id, name="Yosefina Lena")
    actor = await _login("member", home.id, member.id)
    if pin:
        await payments.set_pin(actor.user_id, PIN)
    return actor, await _fund(actor, balance)


async def _seller(price: int = 50_000, stock_units: int = 10):
    coop = await make_coop()
    supplier = await make_member(coop.id, name="Petrus Dhey")
    product = await make_product(
        coop.id, price_idr=price, cost_idr=30_000, stock=stock_units, supplier_member_id=supplier.id
    )
    return coop, product


async def _balance(wallet_id: int) -> int:
    return await payments.wallet_balance(wallet_id)


async def _held() -> int:
    return await market.balance_of((await books.wallet_held_account()).id)


async def _escrow() -> int:
    return await market.balance_of((await books.escrow_account()).id)


def _kinds(order) -> list[tuple[str, int]]:
    return [(m.kind, m.amount) for m in order.money]


async def _complete(coop, order, actor) -> None:
    staff = _staff(coop.id, "cashier")
    sub_id = order.suborders[0].id
    await service.ship_suborder(coop.id, sub_id, actor=staff, courier="JNE", tracking_number="JNE123456")
    await service.confirm_delivery(sub_id, actor=actor)


async def test_an_order_paid_wholly_from_the_wallet_is_paid_at_once_and_books_like_an_invoice_paid_one(
    db, gw, sandbox, sbx
):
    # given: one cooperative, a member buying from the wallet and another paying the invoice
    coop, product = await _seller()
    actor, wallet_id = await _member_buyer(150_000)
    other, _ = await _member_buyer(0, pin=False)
    # when
    order = await place(gw, actor, [(product, 2)], key="w", wallet_amount="all", pin=PIN)
    by_invoice = await place(gw, other, [(product, 2)], key="i")
    await pay(sbx, sandbox, by_invoice)
    # then: paid at once, no invoice; the stock taken, the money in escrow
    assert (order.state, order.wallet_amount, order.payment_id, order.invoice_url) == ("paid", 100_000, None, None)
    assert [h.state for h in order.suborders[0].history] == ["awaiting_payment", "paid"]
    assert await _balance(wallet_id) == 50_000
    s = await stock(product.id)
    assert (s.stock, s.reserved) == (6, 0)
    assert (await _escrow(), await _held()) == (200_000, 0)
    assert _kinds(order) == [("wallet_paid", 100_000)] and order.money[0].wallet_movement_id
    # completed, both sub-orders book the same sale, the same HPP credit and the same SHU weights
    await _complete(coop, order, actor)
    await _complete(coop, await service.get_order(by_invoice.id, actor=other), other)
    wallet_sub, invoice_sub = order.suborders[0].id, by_invoice.suborders[0].id
    assert [t[1:] for t in await tagged(coop.id, f"suborder:{wallet_sub}:%")] == [
        t[1:] for t in await tagged(coop.id, f"suborder:{invoice_sub}:%")
    ]
    assert await _escrow() == 0
    seen = await service.get_suborder(coop.id, wallet_sub, actor=_staff(coop.id))
    assert [m.kind for m in seen.money] == ["wallet_paid", "coop_credited", "platform_fee", "supplier_credit"]
    assert [m.amount for m in seen.money] == [100_000, 97_500, 2_500, 60_000]
    assert seen.money[3].member_name == "Petrus Dhey" and seen.money[1].journal_entry_id
    # the buyer sees the cooperative credited, not how its share splits
    assert _kinds(await service.get_order(order.id, actor=actor)) == [
        ("wallet_paid", 100_000),
        ("coop_credited", 97_500),
    ]


async def test_a_part_from_the_wallet_is_held_until_the_invoice_for_the_rest_is_paid(db, gw, sandbox, sbx):
    coop, product = await _seller()
    actor, wallet_id = await _member_buyer(50_000)
    order = await place(gw, actor, [(product, 2)], key="p", wallet_amount=30_000, pin=PIN)
    # the part is taken and held; the invoice asks for the rest
    assert (order.state, order.wallet_amount) == ("awaiting_payment", 30_000)
    assert (await payments.get_payment(order.payment_id)).amount == 70_000
    assert (await _balance(wallet_id), await _held(), await _escrow()) == (20_000, 30_000, 0)
    await pay(sbx, sandbox, order)
    paid = await service.get_order(order.id, actor=actor)
    assert paid.state == "paid"
    assert (await _held(), await _escrow()) == (0, 100_000)
    assert _kinds(paid) == [("wallet_paid", 30_000), ("invoice_paid", 70_000)]
    assert paid.money[1].payment_id == order.payment_id


async def test_a_lapsed_invoice_gives_the_wallet_part_back_once_and_a_late_payment_the_rest(db, gw, sandbox, sbx):
    coop, product = await _seller()
    actor, wallet_id = await _member_buyer(50_000)
    order = await place(gw, actor, [(product, 2)], key="x", wallet_amount=40_000, pin=PIN)
    # when: the invoice lapses and is paid after that (its callback held back), and the lapse is
    # processed twice more (once more as a failure)
    await pay_after_it_lapsed(sbx, sandbox, order)
    news = {"payment_id": order.payment_id, "kind": "order", "owner_id": order.id, "amount": 60_000}
    await service.payment_lapsed(builders.payment_news(PaymentExpired, **news, status="expired"))
    await service.payment_lapsed(builders.payment_news(PaymentExpired, **news, status="failed"))
    # then: the part is back once, the late 60.000 too; the stock is back, nothing is held
    lapsed = await service.get_order(order.id, actor=actor)
    assert lapsed.state == "expired"
    assert (await _balance(wallet_id), await _held(), await _escrow()) == (110_000, 0, 0)
    assert _kinds(lapsed) == [
        ("wallet_paid", 40_000),
        ("wallet_returned", 40_000),
        ("invoice_paid", 60_000),
        ("late_returned", 60_000),
    ]
    assert (await stock(product.id)).reserved == 0
    assert await count("payments_wallet_movement", "WHERE reference = ?", f"wallet:order:{order.id}:wallet-return") == 1


async def test_a_cancelled_unpaid_order_gives_the_wallet_part_back(db, gw, sandbox):
    coop, product = await _seller()
    actor, wallet_id = await _member_buyer(50_000)
    order = await place(gw, actor, [(product, 1)], key="c", wallet_amount=10_000, pin=PIN)
    cancelled = await service.cancel_order(gw, order.id, actor=actor)
    await sandbox.drain()
    await deliver()
    assert cancelled.state == "cancelled"
    assert (await _balance(wallet_id), await _held()) == (50_000, 0)


async def test_refunds_go_back_the_way_the_money_came(db, gw, sandbox, sbx):
    # given: an order of two cooperatives (100.000 + 50.000), 60.000 of it from the wallet
    coop_a, product_a = await _seller()
    coop_b, product_b = await _seller(price=25_000)
    actor, wallet_id = await _member_buyer(60_000)
    order = await place(gw, actor, [(product_a, 2), (product_b, 2)], key="r", wallet_amount=60_000, pin=PIN)
    share = {s.cooperative_id: s.wallet_amount for s in order.suborders}
    assert share == {coop_a.id: 40_000, coop_b.id: 20_000}  # split by the sub-orders' totals
    await pay(sbx, sandbox, order)
    # when: cooperative A cannot fulfil its sub-order (twice: a retry)
    sub_a = next(s.id for s in order.suborders if s.cooperative_id == coop_a.id)
    staff = _staff(coop_a.id)
    for _ in range(2):
        await service.cancel_suborder(gw, coop_a.id, sub_a, actor=staff, reason="Gudang kebanjiran")
        await sandbox.drain()
        await deliver()
    # then: its wallet share is back in the wallet, the rest refunded through the invoice, once
    assert await _balance(wallet_id) == 40_000
    assert [(r.amount, str(r.status)) for r in await payments.list_refunds(order.payment_id)] == [(60_000, "succeeded")]
    after = await service.get_order(order.id, actor=actor)
    assert [(m.kind, m.amount, m.status) for m in after.money if m.suborder_id == sub_a] == [
        ("refund_wallet", 40_000, ""),
        ("refund_invoice", 60_000, "succeeded"),
    ]
    assert await _escrow() == 50_000  # cooperative B's part, still held for it


async def test_a_refund_of_an_order_paid_wholly_from_the_wallet_goes_back_to_the_wallet(db, gw):
    coop, product = await _seller()
    actor, wallet_id = await _member_buyer(100_000)
    order = await place(gw, actor, [(product, 2)], key="wr", wallet_amount=100_000, pin=PIN)
    staff = _staff(coop.id)
    out = await service.cancel_suborder(gw, coop.id, order.suborders[0].id, actor=staff, reason="Stok rusak")
    assert out.state == "refunded"
    assert (await _balance(wallet_id), await _escrow()) == (100_000, 0)
    assert await count("payments_refund") == 0


async def test_a_wrong_pin_changes_nothing_and_the_same_key_keeps_its_refusal(db, gw):
    coop, product = await _seller()
    actor, wallet_id = await _member_buyer(100_000)
    entries = await count("journal_entry")
    with pytest.raises(PinWrong) as wrong:
        await place(gw, actor, [(product, 2)], key="pin", wallet_amount="all", pin="000000")
    assert wrong.value.attempts_left == 4
    # nothing placed, reserved, taken or booked; the cart is as it was
    assert (await count("orders_order"), await count("journal_entry")) == (0, entries)
    assert (await stock(product.id)).reserved == 0 and await _balance(wallet_id) == 100_000
    assert (await service.get_cart(user_id=actor.user_id)).count == 1
    # the same key answers the same, even with the right PIN now; a new key goes ahead
    with pytest.raises(PinWrong):
        await service.place_order(
            gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="pin", wallet_amount="all", pin=PIN
        )
    placed = await service.place_order(
        gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="pin2", wallet_amount="all", pin=PIN
    )
    assert placed.state == "paid"


async def test_refusals_before_the_pin_no_pin_set_too_little_balance_or_a_cooperative_purchase(db, gw):
    coop, product = await _seller()
    actor, wallet_id = await _member_buyer(30_000)
    with pytest.raises(InsufficientBalance) as short:
        await place(gw, actor, [(product, 2)], key="a", wallet_amount=40_000, pin=PIN)
    assert short.value.field == "wallet_amount"
    nopin = await _login("buyer")
    await _fund(nopin, 200_000)
    with pytest.raises(PinNotSet):
        await place(gw, nopin, [(product, 1)], key="b", wallet_amount="all")
    staff = await _login("manager", (await make_coop()).id)
    await _fund(staff, 200_000)
    with pytest.raises(InvalidOrder) as b2b:
        await place(gw, staff, [(product, 1)], key="c", wallet_amount="all", pin=PIN, buy_for_cooperative=True)
    assert b2b.value.field == "wallet_amount"
    assert await count("orders_order") == 0


async def test_the_same_key_twice_takes_from_the_wallet_once(db, gw):
    coop, product = await _seller()
    actor, wallet_id = await _member_buyer(120_000)
    first = await place(gw, actor, [(product, 1)], key="twice", wallet_amount="all", pin=PIN)
    again = await service.place_order(
        gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key="twice", wallet_amount="all", pin=PIN
    )
    assert again.id == first.id
    assert await _balance(wallet_id) == 70_000
    assert await count("payments_wallet_movement", "WHERE reference LIKE ?", "wallet:order:%") == 1


@pytest.mark.skipif(not POSTGRES_URL, reason="a race of row locks: PostgreSQL (SQLite has one writer)")
@pytest.mark.parametrize("engine", ["postgres"])
async def test_two_checkouts_spending_one_wallet_at_once_never_take_it_below_zero(db, gw):
    # given: 100.000 in the wallet, two orders of 80.000 placed at the same moment
    coop, product = await _seller(price=40_000, stock_units=10)
    actor, wallet_id = await _member_buyer(100_000)
    await service.add_to_cart(product.id, 2, user_id=actor.user_id)

    async def checkout(key: str):
        return await service.place_order(
            gw, **RULES, actor=actor, address=ADDRESS, delivery={}, idempotency_key=key, wallet_amount=80_000, pin=PIN
        )

    outcomes = await asyncio.gather(checkout("one"), checkout("two"), return_exceptions=True)
    # then: one is paid, the other refused; the wallet never went below zero
    placed = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(placed) == 1 and placed[0].state == "paid"
    assert len(refused) == 1 and isinstance(refused[0], InsufficientBalance), refused
    assert await _balance(wallet_id) == 20_000
    assert (await stock(product.id)).stock == 8 and (await stock(product.id)).reserved == 0
    assert await count("orders_order") == 1


@pytest.mark.parametrize("engine", ["sqlite"])  # the HTTP mapping of refusals the services prove on both
async def test_the_api_takes_the_wallet_amount_and_the_pin_and_answers_each_refusal_as_a_problem(db, gw, pclient):
    coop, product = await _seller()
    home = await make_coop()
    member = await make_member(home.id)
    actor = await _login("member", home.id, member.id)
    await payments.set_pin(actor.user_id, PIN)
    await _fund(actor, 60_000)
    await service.add_to_cart(product.id, 1, user_id=actor.user_id)
    headers = {"Authorization": f"Bearer {await market.issue_token(actor.user_id)}"}

    async def checkout(key: str, **wallet):
        body = {"address": ADDRESS, "delivery": {}, **wallet}
        return await pclient.post("/api/v1/checkout", json=body, headers={**headers, "Idempotency-Key": key})

    wrong = await checkout("a", wallet_amount="all", pin="111111")
    assert (wrong.status_code, wrong.json()["code"], wrong.json()["attempts_left"]) == (403, "payments.pin_wrong", 4)
    assert wrong.headers["content-type"].startswith("application/problem+json")
    short = await checkout("b", wallet_amount=60_001, pin=PIN)
    assert (short.status_code, short.json()["code"]) == (422, "orders.invalid")  # over the 50.000 total
    await service.add_to_cart(product.id, 2, user_id=actor.user_id)
    short = await checkout("c", wallet_amount=60_001, pin=PIN)
    assert (short.status_code, short.json()["code"]) == (409, "market.insufficient_balance")
    for key in "defg":
        await checkout(key, wallet_amount="all", pin="111111")
    locked = await checkout("h", wallet_amount="all", pin=PIN)
    assert (locked.status_code, locked.json()["code"]) == (429, "payments.pin_locked")
    assert await count("orders_order") == 0
    # documented: the two fields and the refusals
    spec = (await pclient.get("/openapi.json")).json()
    schema = spec["components"]["schemas"]["CheckoutIn"]["properties"]
    assert {"wallet_amount", "pin"} <= set(schema)
    answers = spec["paths"]["/api/v1/checkout"]["post"]["responses"]
    codes = json.dumps(answers)
    for code in ("payments.pin_wrong", "payments.pin_locked", "payments.pin_not_set", "market.insufficient_balance"):
        assert code in codes
