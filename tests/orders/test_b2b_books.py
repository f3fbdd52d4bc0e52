"""The buying cooperative's book when its B2B order's money comes back: a refund that reaches its
bank undoes the advance; a refund the payment method refuses, or a payment arriving after the
order lapsed, becomes money the platform holds for it (piutang platform) — against the advance
when one was booked, against the bank when the payment never reached its book."""

from __future__ import annotations

from orders import service
from payments import service as payments
from tests.books import balances
from tests.orders.helpers import buyer, deliver, make_coop, make_product, pay_after_it_lapsed, place, provider_id
from tests.payments.helpers import control


async def _b2b_order(gw, *, key="b2b"):
    seller = await make_coop()
    product = await make_product(seller.id, price_idr=50_000, stock=10)
    traders = await make_coop(name="Koperasi Pedagang")
    staff = await buyer(traders.id, role="manager")
    order = await place(gw, staff, [(product, 2)], key=key, buy_for_cooperative=True)
    return seller, traders, staff, order


async def _cancel_paid(gw, sandbox, sbx, method: str):
    seller, traders, staff, order = await _b2b_order(gw)
    await control(sbx, f"invoices/{await provider_id(order)}/pay", method=method, deliver="now")
    await sandbox.drain()
    await deliver()
    paid = await balances(traders.id)
    assert (paid["bank"], paid["uang_muka_pembelian"]) == (-100_000, 100_000)  # paid from its bank, an advance
    sub_id = order.suborders[0].id
    manager = await buyer(seller.id, role="manager")
    for _ in range(2):  # a retry changes nothing
        await service.cancel_suborder(gw, seller.id, sub_id, actor=manager, reason="Gudang kebanjiran")
        await sandbox.drain()
        await deliver()
    return traders, order


async def test_a_b2b_refund_that_reaches_the_bank_undoes_the_advance(db, gw, sandbox, sbx):
    traders, order = await _cancel_paid(gw, sandbox, sbx, "QRIS")
    assert [str(r.status) for r in await payments.list_refunds(order.payment_id)] == ["succeeded"]
    book = await balances(traders.id)
    assert (book["bank"], book["uang_muka_pembelian"], book["piutang_platform"]) == (0, 0, 0)


async def test_a_b2b_refund_the_method_refuses_is_held_for_the_cooperative(db, gw, sandbox, sbx):
    traders, order = await _cancel_paid(gw, sandbox, sbx, "BCA")  # a virtual account: no refunds
    assert [str(r.status) for r in await payments.list_refunds(order.payment_id)] == ["failed"]
    book = await balances(traders.id)
    assert (book["bank"], book["uang_muka_pembelian"], book["piutang_platform"]) == (-100_000, 0, 100_000)
    assert await payments.coop_balance(traders.id) == 100_000


async def test_a_late_b2b_payment_is_held_for_the_cooperative_against_its_bank(db, gw, sandbox, sbx):
    _, traders, _, order = await _b2b_order(gw)
    await pay_after_it_lapsed(sbx, sandbox, order)
    # nothing was held as an advance: the money left its bank and the platform now holds it
    book = await balances(traders.id)
    assert (book["bank"], book["uang_muka_pembelian"], book["piutang_platform"]) == (-100_000, 0, 100_000)
