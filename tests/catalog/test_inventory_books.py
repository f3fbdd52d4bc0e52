"""Inventory in the books equals Σ stock × unit cost in the catalog: every change of stock on hand
books persediaan at the product's HPP (count corrections to selisih with their reason, purchases
against what paid for them, a new unit cost revalued), a B2B receipt books the landed cost
against the advance paid, and the inventory report's difference stays 0. The books balance after
every test (the ``db`` fixture)."""

from __future__ import annotations

import pytest

from catalog import service
from catalog.errors import InvalidProduct, OutOfStock
from catalog.models import StockMovement
from market import db as database
from market import service as market
from market.errors import InsufficientBalance
from market.money import format_idr
from market.schemas import Role
from orders import service as orders
from tests.builders import deposit, make_coop, make_member, make_product, make_user, token_for
from tests.orders.helpers import buyer, pay, place
from tests.payments.conftest import gw, papp, sandbox, sbx  # noqa: F401  (fixtures)
from tests.web.helpers import HTMX, csrf_of, signed_in


async def balances(coop_id: int, *codes: str) -> tuple[int, ...]:
    return tuple([await market.balance_of((await market.chart_account(coop_id, code)).id) for code in codes])


async def entries(coop_id: int) -> list[dict]:
    return await database.execute(
        "SELECT reference, description, source FROM journal_entry WHERE cooperative_id = ? ORDER BY id", coop_id
    )


async def test_opening_stock_is_a_purchase_paid_from_what_the_form_says(db):
    coop = await make_coop()
    await make_product(coop.id, stock=10, cost_idr=5_000)  # default: not paid yet
    await make_product(coop.id, stock=4, cost_idr=2_500, paid_from="bank")
    await make_product(coop.id, stock=3, cost_idr=0)  # no cost, nothing to book
    assert await balances(coop.id, "persediaan", "utang_usaha", "bank") == (60_000, 50_000, -10_000)
    assert len(await entries(coop.id)) == 2


async def test_count_corrections_book_selisih_with_their_reason(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=10, cost_idr=5_000)
    await service.adjust_stock(product.id, -2, reason="rusak kena banjir", booking="selisih")
    await service.adjust_stock(product.id, 3, reason="temuan stok opname", booking="selisih")
    assert await balances(coop.id, "persediaan", "selisih_kurang_persediaan", "selisih_lebih_persediaan") == (
        55_000,
        10_000,
        15_000,
    )
    loss, found = (await entries(coop.id))[-2:]
    assert "rusak kena banjir" in loss["description"] and loss["source"] == "adjustment"
    assert "temuan stok opname" in found["description"] and found["source"] == "adjustment"
    report = await orders.inventory_report(coop.id)
    assert (report.stock_value, report.books_balance, report.difference) == (55_000, 55_000, 0)


async def test_a_restock_books_persediaan_against_kas_bank_or_utang_usaha(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "pokok", 100_000)
    product = await make_product(coop.id, stock=0, cost_idr=7_000)
    await service.adjust_stock(product.id, 5, reason="beli di pasar induk", booking="kas")
    await service.adjust_stock(product.id, 2, reason="beli dari distributor", booking="bank")
    await service.adjust_stock(product.id, 10, reason="kiriman tempo 30 hari", booking="utang_usaha")
    await service.adjust_stock(product.id, -1, reason="retur ke distributor", booking="utang_usaha")
    assert await balances(coop.id, "persediaan", "kas", "bank", "utang_usaha") == (
        16 * 7_000,
        100_000 - 35_000,
        -14_000,
        9 * 7_000,
    )
    # a retried restock (same reference) is applied and booked once
    for _ in range(2):
        await service.adjust_stock(product.id, 1, reason="beli lagi", booking="bank", reference="nota-9")
    assert await balances(coop.id, "persediaan", "bank") == (17 * 7_000, -21_000)


async def test_a_refused_adjustment_changes_neither_stock_nor_books(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=10, cost_idr=5_000)
    await service.reserve(product.id, 9, reference="order:1:line:1")
    before = (await entries(coop.id), await StockMovement.filter(product_id=product.id).count())
    with pytest.raises(InsufficientBalance):  # the cooperative has no cash to pay from
        await service.adjust_stock(product.id, 3, reason="beli tunai", booking="kas")
    with pytest.raises(OutOfStock):  # only 1 unit is not held for an order
        await service.adjust_stock(product.id, -2, reason="hilang", booking="selisih")
    with pytest.raises(InvalidProduct):
        await service.adjust_stock(product.id, 1, reason="entah", booking="hadiah")  # type: ignore[arg-type]
    assert (await service.stock_of(product.id)).stock == 10
    assert (await entries(coop.id), await StockMovement.filter(product_id=product.id).count()) == before
    assert await balances(coop.id, "persediaan", "kas") == (50_000, 0)


async def test_a_new_unit_cost_revalues_the_stock_on_hand_or_is_refused_while_orders_hold_some(db):
    coop = await make_coop()
    product = await make_product(coop.id, stock=10, cost_idr=1_000)
    await service.update_product(product.id, {"cost_idr": 1_200})
    await service.update_product(product.id, {"cost_idr": 900})
    assert await balances(coop.id, "persediaan", "selisih_lebih_persediaan", "selisih_kurang_persediaan") == (
        9_000,
        2_000,
        3_000,
    )
    await service.reserve(product.id, 1, reference="order:2:line:1")
    with pytest.raises(InvalidProduct) as refused:
        await service.update_product(product.id, {"cost_idr": 950})
    assert refused.value.field == "cost_idr"
    assert (await service.get_product(product.id)).name and await balances(coop.id, "persediaan") == (9_000,)
    report = await orders.inventory_report(coop.id)
    assert (report.stock_value, report.difference) == (9_000, 0)


async def test_a_members_produce_is_not_persediaan(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    own = await make_product(coop.id, stock=2, cost_idr=10_000)
    consigned = await make_product(coop.id, stock=5, cost_idr=4_000, supplier_member_id=member.id)
    await service.adjust_stock(consigned.id, -1, reason="busuk", booking="selisih")
    assert await balances(coop.id, "persediaan") == (20_000,)
    with pytest.raises(InvalidProduct) as refused:  # own ↔ consigned only with no stock
        await service.update_product(own.id, {"supplier_member_id": member.id})
    assert refused.value.field == "supplier_member_id"
    report = await orders.inventory_report(coop.id)
    assert (report.stock_value, report.consigned_value, report.books_balance, report.difference) == (
        20_000,
        16_000,
        20_000,
        0,
    )


async def test_b2b_purchase_received_and_resold_leaves_three_units_at_landed_cost(db, gw, sandbox, sbx):
    seller, trader = await make_coop(), await make_coop()
    seller_staff, staff = await buyer(seller.id, role="manager"), await buyer(trader.id, role="manager")
    await orders.set_delivery_rates(seller.id, {"DKI Jakarta": 20_003}, actor=seller_staff)
    rice = await make_product(seller.id, price_idr=10_000, cost_idr=6_000, stock=20)
    # the traders' cooperative buys 5 sacks for itself: 50.000 + delivery 20.003 paid from its bank
    order = await place(gw, staff, [(rice, 5)], key="b2b", delivery={seller.id: "delivery"}, buy_for_cooperative=True)
    await pay(sbx, sandbox, order)
    sub = order.suborders[0].id
    await orders.ship_suborder(seller.id, sub, actor=seller_staff, courier="Kurir", tracking_number="K-1")
    await orders.mark_delivered(seller.id, sub, actor=seller_staff)
    assert await balances(trader.id, "uang_muka_pembelian", "bank") == (70_003, -70_003)
    await orders.receive_suborder(trader.id, sub, actor=staff)
    await orders.receive_suborder(trader.id, sub, actor=staff)  # once
    await orders.confirm_delivery(sub, actor=staff)
    # landed cost per unit 70.003 / 5 = 14.000,6 → 14.001: persediaan 70.005, the 2 rupiah of rounding a gain
    assert await balances(trader.id, "persediaan", "uang_muka_pembelian", "selisih_lebih_persediaan") == (70_005, 0, 2)
    rows = await database.execute("SELECT id FROM catalog_product WHERE cooperative_id = ?", trader.id)
    resold = await service.get_product(rows[0]["id"], viewer=staff)
    assert (resold.stock, resold.cost_idr) == (5, 14_001)

    # a shopper buys 2 of them; paid, the stock is taken but the HPP waits in persediaan
    shopper = await buyer()
    sale = await place(gw, shopper, [(resold, 2)], key="resale")
    await pay(sbx, sandbox, sale)
    report = await orders.inventory_report(trader.id, actor=staff)
    assert (report.stock_value, report.in_transit_value, report.books_balance, report.difference) == (
        3 * 14_001,
        2 * 14_001,
        70_005,
        0,
    )
    sale_sub = sale.suborders[0].id
    await orders.pack_suborder(trader.id, sale_sub, actor=staff)
    await orders.mark_delivered(trader.id, sale_sub, actor=staff)
    await orders.confirm_delivery(sale_sub, actor=shopper)
    report = await orders.inventory_report(trader.id, actor=staff)
    assert report.books_balance == 3 * 14_001 == report.stock_value > 0
    assert (report.in_transit_value, report.difference) == (0, 0)
    assert [(line.stock, line.value) for line in report.lines] == [(3, 42_003)]


async def test_b2b_goods_into_an_existing_product_average_its_cost(db, gw, sandbox, sbx):
    seller, trader = await make_coop(), await make_coop()
    seller_staff, staff = await buyer(seller.id, role="manager"), await buyer(trader.id, role="manager")
    rice = await make_product(seller.id, price_idr=10_000, stock=20)
    own = await make_product(trader.id, price_idr=30_000, cost_idr=60_000, stock=1)
    order = await place(gw, staff, [(rice, 4)], key="b2b-own", buy_for_cooperative=True)
    await pay(sbx, sandbox, order)
    sub = order.suborders[0].id
    await orders.pack_suborder(seller.id, sub, actor=seller_staff)
    await orders.mark_delivered(seller.id, sub, actor=seller_staff)
    await orders.receive_suborder(trader.id, sub, actor=staff, product_id=own.id)
    product = await service.get_product(own.id, viewer=staff)
    assert (product.stock, product.cost_idr) == (5, (60_000 + 40_000) // 5)
    assert await balances(trader.id, "persediaan", "uang_muka_pembelian") == (100_000, 0)
    assert (await orders.inventory_report(trader.id)).difference == 0


async def test_an_import_books_new_stock_as_not_paid_yet_and_a_counted_drop_as_selisih(db):
    coop = await make_coop()
    header = "sku;nama;kategori;satuan;harga;stok;hpp;dibayar_dari\n"
    rows = "A-1;Gula Aren Cair;minyak-gula;pcs;20000;10;12000;\nA-2;Gula Semut;minyak-gula;pcs;15000;4;9000;kas\n"
    first = await service.run_import((await service.create_import(coop.id, (header + rows).encode())).id)
    assert (first.created, first.rejected) == (1, 1) and "Kas" in first.report[1]["message"]  # no cash to pay
    assert await balances(coop.id, "persediaan", "utang_usaha") == (120_000, 120_000)
    # the next count finds 7 at a new HPP: revalued 10 × 1.000, then 3 short at 13.000
    again = await service.create_import(
        coop.id, (header + "A-1;Gula Aren Cair;minyak-gula;pcs;20000;7;13000;\n").encode()
    )
    assert (await service.run_import(again.id)).updated == 1
    assert await balances(coop.id, "persediaan", "selisih_lebih_persediaan", "selisih_kurang_persediaan") == (
        91_000,
        10_000,
        39_000,
    )
    assert (await orders.inventory_report(coop.id)).difference == 0


async def test_the_manager_books_a_purchase_on_the_stock_form_and_reads_the_report(client):
    coop = await make_coop()
    product = await make_product(coop.id, stock=2, cost_idr=3_000, paid_from="bank")
    await signed_in(client, Role.MANAGER, coop.id)
    page = await client.get(f"/koperasi/{coop.id}/produk/{product.id}")
    assert "Dicatat di pembukuan sebagai" in page.text and 'value="utang_usaha"' in page.text
    chunk = page.text.split('id="stock-form"')[1]
    key = chunk.split('name="idempotency_key" value="')[1].split('"')[0]
    data = {"delta": "4", "reason": "beli tempo", "booking": "utang_usaha", "idempotency_key": key}
    adjusted = await client.post(
        f"/koperasi/{coop.id}/produk/{product.id}/stok", data={**data, "csrf_token": csrf_of(page.text)}, headers=HTMX
    )
    assert adjusted.status_code == 200
    assert await balances(coop.id, "persediaan", "utang_usaha", "bank") == (18_000, 12_000, -6_000)
    report = await client.get(f"/koperasi/{coop.id}/persediaan")
    assert report.status_code == 200 and f'id="inventory-difference">{format_idr(0)}<' in report.text
    assert format_idr(18_000) in report.text
    manager, stranger = await make_user(Role.MANAGER, coop.id), await make_user(Role.MANAGER, (await make_coop()).id)
    url = f"/api/v1/cooperatives/{coop.id}/reports/inventory"
    body = (await client.get(url, headers=await token_for(manager))).json()
    assert (body["stock_value"], body["books_balance"], body["difference"]) == (18_000, 18_000, 0)
    assert body["lines"][0]["value"] == 18_000
    assert (await client.get(url, headers=await token_for(stranger))).status_code == 404
