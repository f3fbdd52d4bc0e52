"""The whole story: three cooperatives, members who supply the goods, a member who buys, a trader
cooperative that buys for itself and takes the goods into its own catalog, and one cancellation.
The books balance (db fixture), each order's money adds up, and each cooperative's book (member
and non-member revenue, HPP, inventory, the B2B advance) and its members' tagged business are
exact to the rupiah."""

from __future__ import annotations

from catalog import service as catalog
from market import db as database
from market import service as market
from market.money import allocate, apply_bps
from orders import service
from orders.service import books
from payments import service as payments
from tests.books import balances, tagged
from tests.books import moved as books_moved
from tests.orders.helpers import ADDRESS, RULES, buyer, deliver, make_coop, make_member, make_product, pay, stock


async def _credited(reference_like: str, account_id: int) -> int:
    return -await books_moved(reference_like, account_id)


async def test_three_cooperatives_suppliers_a_member_buyer_b2b_receipt_and_a_cancellation(db, gw, sandbox, sbx):
    # given: a farmers' cooperative in Manggarai whose members supply rice, a traders' cooperative
    # in Surabaya, and a third cooperative selling coffee
    tani = await make_coop(
        name="Koperasi Tani Manggarai", province="Nusa Tenggara Timur", regency="Kabupaten Manggarai"
    )
    pasar = await make_coop(name="Koperasi Pedagang Pasar Surabaya", province="Jawa Timur", regency="Kota Surabaya")
    kopi = await make_coop(name="Koperasi Kopi Gayo", province="Aceh", regency="Kabupaten Aceh Tengah")
    supplier, idle = await make_member(tani.id), await make_member(tani.id)
    member_buyer_m = await make_member(tani.id)
    tani_staff = await buyer(tani.id, role="manager")
    await service.set_delivery_rates(tani.id, {"DKI Jakarta": 12_000, "Jawa Timur": 20_000}, actor=tani_staff)
    rice = await make_product(
        tani.id,
        name="Beras Merah Manggarai",
        price_idr=10_000,
        cost_idr=6_000,
        stock=100,
        supplier_member_id=supplier.id,
        origin_regency="Kabupaten Manggarai",
    )
    onions = await make_product(
        tani.id, name="Bawang Merah", category="sayur", unit="kg", price_idr=20_000, cost_idr=15_000, stock=10
    )
    coffee = await make_product(
        kopi.id, name="Kopi Gayo", category="kopi-teh", unit="kg", price_idr=50_000, cost_idr=40_000, stock=4
    )
    member_buyer = await buyer(tani.id, member_buyer_m.id, role="member")
    pasar_staff = await buyer(pasar.id, role="manager")

    # when the member buys rice and onions (delivered) and coffee (pickup) in one order
    order1 = await _place(gw, member_buyer, [(rice, 3), (onions, 1), (coffee, 1)], "o1", {tani.id: "delivery"})
    # and the traders' cooperative buys 5 sacks of rice for itself, delivered to Surabaya
    order2 = await _place(
        gw, pasar_staff, [(rice, 5)], "o2", {tani.id: "delivery"}, provinsi="Jawa Timur", buy_for_cooperative=True
    )
    await pay(sbx, sandbox, order1)
    await pay(sbx, sandbox, order2)
    # the coffee cooperative cannot fulfil: it cancels its paid part, which is refunded
    kopi_sub = next(s for s in order1.suborders if s.cooperative_id == kopi.id)
    await service.cancel_suborder(
        gw, kopi.id, kopi_sub.id, actor=await buyer(kopi.id, role="manager"), reason="Panen gagal"
    )
    await sandbox.drain()
    await deliver()
    # the farmers ship both parts; the member confirms; the traders receive into their catalog
    tani1 = next(s for s in order1.suborders if s.cooperative_id == tani.id)
    tani2 = order2.suborders[0]
    for sub in (tani1, tani2):
        await service.pack_suborder(tani.id, sub.id, actor=tani_staff)
        await service.ship_suborder(
            tani.id, sub.id, actor=tani_staff, courier="Kurir koperasi", tracking_number=f"KT-{sub.id}"
        )
    await service.confirm_delivery(tani1.id, actor=member_buyer)
    await service.mark_delivered(tani.id, tani2.id, actor=tani_staff)
    received = await service.receive_suborder(pasar.id, tani2.id, actor=pasar_staff)
    await service.confirm_delivery(tani2.id, actor=pasar_staff)
    await deliver()

    # then the states
    o1 = await service.get_order(order1.id, actor=member_buyer)
    assert {s.cooperative_id: s.state for s in o1.suborders} == {tani.id: "completed", kopi.id: "refunded"}
    assert (await service.get_order(order2.id, actor=pasar_staff)).suborders[0].state == "completed"
    assert received.received
    # stock: rice 100 - 3 - 5, onions 10 - 1, coffee back to 4
    assert [(await stock(p.id)).stock for p in (rice, onions, coffee)] == [92, 9, 4]
    assert (await stock(coffee.id)).reserved == 0

    # the B2B goods are a product of the traders' cooperative with cost = price + delivery share
    new_id = (await database.execute("SELECT id FROM catalog_product WHERE cooperative_id = ?", pasar.id))[0]["id"]
    product = await catalog.get_product(new_id, viewer=pasar_staff)
    assert (product.stock, product.cost_idr, product.origin_cooperative_id) == (5, (50_000 + 20_000) // 5, tani.id)
    assert product.origin_cooperative_name == "Koperasi Tani Manggarai"
    assert product.origin_regency == "Kabupaten Manggarai"
    assert product.provenance == ["Koperasi Tani Manggarai, Manggarai", "Koperasi Pedagang Pasar Surabaya, Surabaya"]

    # money. Order 1's farmers' part: goods 3×10.000 + 20.000 = 50.000, delivery 12.000, fee 2,5 % = 1.250,
    # split over the lines 750 / 500; rice HPP 18.000 owed to the supplier; onions HPP 15.000 (own stock)
    fee1, fee2 = apply_bps(50_000, 250), apply_bps(50_000, 250)
    assert allocate(fee1, [30_000, 20_000]) == [750, 500]
    due1 = 50_000 + 12_000 - fee1 - 18_000
    # Order 2: goods 5×10.000 = 50.000, delivery 20.000, fee 1.250, rice HPP 30.000 to the supplier
    due2 = 50_000 + 20_000 - fee2 - 30_000
    assert due1 + due2 == 81_500
    # what the platform holds for the cooperative: its due plus its supplying member's wallet, which
    # is in the cooperative's book (a debt of the cooperative to its member)
    assert await payments.coop_balance(tani.id) == due1 + due2 + 18_000 + 30_000 == 129_500
    assert await payments.coop_balance(kopi.id) == 0
    wallet = await payments.member_wallet(tani.id, supplier.id)
    assert await payments.wallet_balance(wallet.id) == 18_000 + 30_000
    assert sorted(m.amount for m in await payments.wallet_history(wallet.id)) == [18_000, 30_000]  # in the history
    assert await market.balance_of((await books.escrow_account()).id) == 0
    assert await market.balance_of((await payments.clearing()).id) == 0

    # per order: paid = Σ goods + delivery = Σ cooperatives' receipts + platform fees + refunds
    fee_income = await market.get_or_create_account(*books.FEE_INCOME, "income")
    for order, subs in (
        (order1, o1.suborders),
        (order2, [await service.get_suborder(tani.id, tani2.id, actor=tani_staff)]),
    ):
        paid = (await payments.get_payment(order.payment_id)).amount
        assert paid == sum(s.goods_total + s.delivery_fee for s in subs)
        receipts = fees = 0
        for s in subs:
            coop_acct = await payments.coop_balance_account(s.cooperative_id)
            receipts += await _credited(f"suborder:{s.id}:complete", coop_acct.id)
            receipts += await _credited(
                f"wallet:suborder:{s.id}:supplier:%",
                (await payments.accounts.wallet_account(cooperative_id=tani.id, member_id=supplier.id)).id,
            )
            fees += await _credited(f"suborder:{s.id}:complete", fee_income.id)
        refunded = sum(r.amount for r in await payments.list_refunds(order.payment_id))
        assert paid == receipts + fees + refunded
    assert refunded == 0 and (await payments.get_payment(order1.payment_id)).refunded_amount == 50_000

    # the farmers' cooperative's books: everything it sold is business with members (the buyer of
    # order 1 is its member; the rice of order 2 is a member's produce), the B2B delivery is not
    margin = (30_000 - 18_000 - 750) + (20_000 - 15_000 - 500) + (50_000 - 30_000 - 1_250)
    assert margin == 34_500
    booked = await balances(tani.id)
    assert (booked["penjualan_anggota"], booked["penjualan_non_anggota"]) == (100_000, 0)
    assert (booked["ongkir_anggota"], booked["ongkir_non_anggota"]) == (12_000, 20_000)
    assert (booked["hpp_anggota"], booked["hpp_non_anggota"]) == (63_000, 0)
    assert booked["beban_fee_platform"] == 2_500
    income = booked["penjualan_anggota"] + booked["ongkir_anggota"] + booked["ongkir_non_anggota"]
    assert income - booked["hpp_anggota"] - booked["beban_fee_platform"] == margin + 32_000
    # its own onions left persediaan at HPP; the supplier's rice was never its inventory
    inventory = await market.chart_account(tani.id, "persediaan")
    assert await books_moved("suborder:%:complete", inventory.id) == -15_000
    assert booked["piutang_platform"] == due1 + due2 + 18_000 + 30_000
    assert booked["wallet"] == 18_000 + 30_000  # what it owes the supplying member
    # the coffee cooperative sold nothing: no revenue, HPP or fee in its book, its coffee all in stock
    coffee_book = await balances(kopi.id)
    assert [code for code, v in coffee_book.items() if v and code[0:4] in ("penj", "ongk", "hpp_", "beba")] == []
    assert coffee_book["piutang_platform"] == 0 and coffee_book["persediaan"] == 4 * 40_000
    # the traders' cooperative: paid 70.000 from its bank as an advance, then took the rice in at
    # the landed cost (5 × 14.000), the advance used up
    traders = await balances(pasar.id)
    assert (traders["bank"], traders["uang_muka_pembelian"], traders["persediaan"]) == (-70_000, 0, 70_000)

    # the members' business, tagged on the postings: the supplier's produce at HPP (supply), the
    # member buyer's purchases at their line totals; nothing tagged in any other book
    assert await tagged(tani.id) == sorted(
        [
            (supplier.id, "supply", "hpp_anggota", 18_000),
            (supplier.id, "supply", "hpp_anggota", 30_000),
            (member_buyer_m.id, "purchase", "penjualan_anggota", 30_000 + 20_000),  # one posting per entry
        ]
    )
    assert idle.id not in {member for member, *_ in await tagged(tani.id)}  # a member who did no business
    assert await tagged(pasar.id) == [] and await tagged(kopi.id) == []

    # completing again changes nothing (idempotent on the sub-order)
    assert await service.complete_suborder(tani1.id) is False
    assert len(await tagged(tani.id)) == 3 and await balances(tani.id) == booked


async def _place(gw, actor, items, key, delivery, provinsi=None, **kw):
    for product, quantity in items:
        await service.add_to_cart(product.id, quantity, user_id=actor.user_id)
    address = {**ADDRESS, **({"provinsi": provinsi} if provinsi else {})}
    return await service.place_order(
        gw, **RULES, actor=actor, address=address, delivery=delivery, idempotency_key=key, **kw
    )
