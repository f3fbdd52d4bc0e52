"""A trading cooperative's year through the real flows, and its statements checked against
figures worked out by hand: savings, a grant, own stock bought on credit, a member's produce sold
for them, a member and a non-member buying, a B2B purchase from another cooperative received and
resold, a paid order cancelled and refunded, a payout, expenses and tax.

Worked by hand (all orders picked up, platform fee 2,5 %):

    order 1  Ani (member): 2 onions 40.000 + 3 rice (Budi's) 30.000    fee 1.750
             member business: sales 70.000, HPP 30.000 + 18.000 (Budi's due)
    order 2  a buyer (non-member): 1 onion 20.000, 2 rice 20.000        fee 1.000
             onion: non-member sales 20.000, HPP 15.000; rice is Budi's: member sales 20.000, HPP 12.000
    order 3  the cooperative buys 4 coffee from the coffee cooperative: 200.000 from its bank
    order 4  a buyer (non-member): 2 of that coffee at 60.000            fee 3.000
             non-member sales 120.000, HPP 2 × 50.000
    order 5  Ani: 1 onion, paid, then cancelled by the cooperative and refunded: nothing in its PHU

    PHU   partisipasi bruto anggota 90.000 − HPP anggota 60.000           = partisipasi neto 30.000
          penjualan non-anggota 140.000 − HPP non-anggota 115.000         = laba kotor 25.000
          beban usaha: fees 5.750 + gaji 10.000 + listrik 5.000          = 20.750
          SHU sebelum pajak 34.250, pajak 2.000, SHU setelah pajak 32.250
    neraca  kas 120.000 − 10.000 = 110.000; bank 300.000 − 200.000 + 50.000 − 5.000 = 145.000;
            piutang platform 68.250 + 39.000 + 117.000 − 50.000 = 174.250;
            persediaan 150.000 − 30.000 − 15.000 + 200.000 − 100.000 = 205.000 → aset 634.250
            utang usaha 150.000, dompet Budi 30.000, utang pajak 2.000 → kewajiban 182.000
            pokok 100.000, wajib 20.000, hibah 300.000, SHU tahun berjalan 32.250 → ekuitas 452.250
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from catalog import service as catalog
from market import service as market
from market.service import journal, statements
from market.service.users import actor_of
from orders import service
from payments import service as payments
from tests.books import tagged
from tests.builders import deposit, make_user
from tests.orders.helpers import ADDRESS, RULES, buyer, deliver, make_coop, make_member, make_product, pay


async def _order(gw, sbx, sandbox, actor, items, key, coop_id, **kw):
    for product, quantity in items:
        await service.add_to_cart(product.id, quantity, user_id=actor.user_id)
    order = await service.place_order(
        gw, **RULES, actor=actor, address=ADDRESS, delivery={coop_id: "pickup"}, idempotency_key=key, **kw
    )
    await pay(sbx, sandbox, order)
    return order


async def _hand_over(coop_id: int, order, staff, buyer_actor) -> None:
    sub = order.suborders[0]
    await service.pack_suborder(coop_id, sub.id, actor=staff)
    await service.mark_delivered(coop_id, sub.id, actor=staff)
    await service.confirm_delivery(sub.id, actor=buyer_actor)
    await deliver()


async def _the_year(gw, sandbox, sbx):
    tani = await make_coop(
        name="Koperasi Toko Tani", bank_name="Bank BCA", bank_account_number="1234567890", bank_account_holder="Kop"
    )
    kopi = await make_coop(name="Koperasi Kopi Gayo")
    ani, budi = await make_member(tani.id), await make_member(tani.id)
    staff, kopi_staff = await buyer(tani.id, role="manager"), await buyer(kopi.id, role="manager")
    boss = actor_of(await make_user("manager", tani.id))
    today = datetime.now(ZoneInfo(tani.timezone)).date()
    await deposit(tani.id, ani.id, "pokok", 100_000)
    await deposit(tani.id, ani.id, "wajib", 20_000)
    await journal.post_manual(tani.id, [("1102", 300_000, 0), ("3104", 0, 300_000)], booked_on=today, description="Hibah pemda ke rekening bank", actor=boss)  # fmt: skip
    onions = await make_product(tani.id, name="Bawang Merah", price_idr=20_000, cost_idr=15_000, stock=10)
    rice = await make_product(tani.id, name="Beras", price_idr=10_000, cost_idr=6_000, stock=50, supplier_member_id=budi.id)  # fmt: skip
    coffee = await make_product(kopi.id, name="Kopi Gayo", price_idr=50_000, cost_idr=40_000, stock=10)
    member, stranger = await buyer(tani.id, ani.id, role="member"), await buyer()

    await _hand_over(tani.id, await _order(gw, sbx, sandbox, member, [(onions, 2), (rice, 3)], "o1", tani.id), staff, member)  # fmt: skip
    await _hand_over(tani.id, await _order(gw, sbx, sandbox, stranger, [(onions, 1), (rice, 2)], "o2", tani.id), staff, stranger)  # fmt: skip
    b2b = await _order(gw, sbx, sandbox, staff, [(coffee, 4)], "o3", kopi.id, buy_for_cooperative=True)
    await service.pack_suborder(kopi.id, b2b.suborders[0].id, actor=kopi_staff)
    await service.mark_delivered(kopi.id, b2b.suborders[0].id, actor=kopi_staff)
    await service.receive_suborder(tani.id, b2b.suborders[0].id, actor=staff)
    await service.confirm_delivery(b2b.suborders[0].id, actor=staff)
    await deliver()
    _, own = await catalog.list_products(tani.id, actor=staff, q="Kopi Gayo")
    resold = own[0]
    await catalog.update_product(resold.id, {"price_idr": 60_000}, actor=staff)
    await _hand_over(tani.id, await _order(gw, sbx, sandbox, stranger, [(resold, 2)], "o4", tani.id), staff, stranger)  # fmt: skip
    returned = await _order(gw, sbx, sandbox, member, [(onions, 1)], "o5", tani.id)
    await service.cancel_suborder(gw, tani.id, returned.suborders[0].id, actor=staff, reason="Bawang busuk")
    await sandbox.drain()
    await deliver()

    await payments.request_payout(gw, tani.id, 50_000, idempotency_key="payout-1")
    await sandbox.drain()
    await journal.post_manual(tani.id, [("6101", 10_000, 0), ("1101", 0, 10_000)], booked_on=today, description="Honor penjaga toko", actor=boss)  # fmt: skip
    await journal.post_manual(tani.id, [("6103", 5_000, 0), ("1102", 0, 5_000)], booked_on=today, description="Listrik toko bulan ini", actor=boss)  # fmt: skip
    await journal.post_manual(tani.id, [("8101", 2_000, 0), ("2109", 0, 2_000)], booked_on=today, description="PPh final terutang", actor=boss)  # fmt: skip
    return tani, ani, budi, today


async def test_a_trading_cooperatives_year_gives_the_statements_worked_out_by_hand(db, gw, sandbox, sbx):
    tani, ani, budi, today = await _the_year(gw, sandbox, sbx)

    phu = await statements.income_statement(tani.id)
    assert (phu.partisipasi_neto, phu.laba_kotor_non_anggota) == (30_000, 25_000)
    totals = {g.key: g.total for g in phu.groups}
    assert totals["pendapatan_anggota"] == 90_000 and totals["hpp_anggota"] == 60_000
    assert totals["pendapatan_non_anggota"] == 140_000 and totals["hpp_non_anggota"] == 115_000
    assert totals["beban_usaha"] == 5_750 + 10_000 + 5_000
    assert (phu.shu_before_tax, phu.tax, phu.shu_after_tax) == (34_250, 2_000, 32_250)

    neraca = await statements.balance_sheet(tani.id, today)
    lines = {line.code: line.amount for group in [*neraca.assets, *neraca.liabilities, neraca.equity] for line in group.lines}  # fmt: skip
    assert (lines["kas"], lines["bank"], lines["piutang_platform"], lines["persediaan"]) == (110_000, 145_000, 174_250, 205_000)  # fmt: skip
    assert (lines["utang_usaha"], lines["wallet"], lines["utang_pajak"]) == (150_000, 30_000, 2_000)
    assert (lines["simpanan_pokok"], lines["simpanan_wajib"], lines["hibah"]) == (100_000, 20_000, 300_000)
    assert neraca.shu_current_year == phu.shu_after_tax == 32_250
    assert (neraca.total_assets, neraca.total_liabilities, neraca.total_equity) == (634_250, 182_000, 452_250)

    cash = await statements.cash_flow(tani.id)
    assert (cash.cash_opening, cash.net_change, cash.cash_closing) == (0, 255_000, 110_000 + 145_000)
    trial = await statements.trial_balance(tani.id)
    assert trial.total_debit == trial.total_credit

    # the books and the catalog agree on the inventory: 7 onions at 15.000 and 2 coffee at 50.000
    assert await market.balance_of((await market.chart_account(tani.id, "persediaan")).id) == 7 * 15_000 + 2 * 50_000
    # the members' business that weighs in their SHU: Ani's purchases, Budi's produce at HPP
    weights = sorted((m, kind, amount) for m, kind, _, amount in await tagged(tani.id))
    assert weights == sorted([(ani.id, "purchase", 70_000), (budi.id, "supply", 18_000), (budi.id, "supply", 12_000)])
    shu = await market.live_shu(tani.id)
    assert shu.shu_after_tax == 32_250
