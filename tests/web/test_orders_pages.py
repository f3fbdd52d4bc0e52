"""The order pages through the HTML routes: the cart (page and htmx blocks), the anonymous cart
merged at sign-in, checkout (inline address errors, one order per key), the buyer's order page,
and the cooperative's incoming sub-orders (tenancy, packing slip, pack and ship)."""

from __future__ import annotations

import re

import httpx
import pytest

from catalog import service as catalog
from market import db as database
from market.models import Role
from market.service.users import actor_of
from orders import service as orders
from tests.builders import deliver, login, make_coop, make_product, make_user
from tests.payments.conftest import papp  # noqa: F401 (fixture)
from tests.web.helpers import HTMX, csrf_now, field_error

BASE = "http://test"


@pytest.fixture
def oapp(papp):
    """The app with its Xendit adapter talking to the embedded sandbox over ASGI."""
    return papp


@pytest.fixture
async def web(oapp):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=oapp), base_url=BASE) as c:
        yield c


async def _count(table: str) -> int:
    rows = await database.execute(f"SELECT COUNT(*) AS n FROM {table}")
    return int(rows[0]["n"])


def _form_of(html: str) -> dict[str, str]:
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1) for name in ("csrf_token", "idempotency_key")
    }


ADDRESS = {
    "recipient_name": "Sri Wahyuni",
    "phone": "081234567890",
    "street": "Jl. Melati No. 5 RT 01/RW 02",
    "kelurahan": "Sukamaju",
    "kecamatan": "Cibinong",
    "kabupaten": "Kabupaten Bogor",
    "provinsi": "Jawa Barat",
    "kode_pos": "16911",
}


async def _shop():
    """Two cooperatives with a product each; the first delivers to Jawa Barat for Rp 15.000."""
    tani = await make_coop(name="Koperasi Tani Makmur", province="Nusa Tenggara Timur")
    pasar = await make_coop(name="Koperasi Pedagang Pasar", province="Jawa Timur")
    beras = await make_product(
        tani.id,
        name="Beras Merah",
        unit="kg",
        price_idr=20_000,
        stock=100,
        min_order_qty=2,
        tiers=[{"min_qty": 10, "price_idr": 18_000}],
    )
    kopi = await make_product(pasar.id, name="Kopi Robusta", unit="pak", price_idr=35_000, stock=5)
    manager = actor_of(await make_user(Role.MANAGER, coop_id=tani.id))
    await orders.set_delivery_rates(tani.id, {"Jawa Barat": 15_000}, actor=manager)
    return tani, pasar, beras, kopi


async def test_cart_add_change_remove_as_page_and_as_htmx_blocks(db, web):
    tani, pasar, beras, kopi = await _shop()
    product = await web.get(f"/pasar/produk/{beras.id}")
    assert product.status_code == 200 and 'id="add-to-cart"' in product.text and 'min="2"' in product.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', product.text).group(1)
    # below the minimum: refused next to the quantity, nothing added
    low = await web.post(
        "/keranjang/tambah", data={"csrf_token": csrf, "product_id": beras.id, "quantity": "1"}, headers=HTMX
    )
    assert low.status_code == 422 and low.text.lstrip().startswith('<p id="cart-added" class="cart-added error"')
    assert "Minimum pesanan" in low.text
    # htmx: the note under the form and the badge out of band, not a page
    added = await web.post(
        "/keranjang/tambah", data={"csrf_token": csrf, "product_id": beras.id, "quantity": "3"}, headers=HTMX
    )
    assert added.status_code == 200 and "<html" not in added.text
    assert "Ditambahkan ke keranjang" in added.text
    assert re.search(r'<span id="cart-count" class="cart-count" hx-swap-oob="true">1</span>', added.text)
    # without JS: post, redirect to the cart
    plain = await web.post("/keranjang/tambah", data={"csrf_token": csrf, "product_id": kopi.id, "quantity": "2"})
    assert plain.status_code == 303 and plain.headers["location"] == "/keranjang"
    page = await web.get("/keranjang")
    assert page.status_code == 200 and "<html" in page.text
    assert 'id="cart-group-%d"' % tani.id in page.text and 'id="cart-group-%d"' % pasar.id in page.text
    assert re.search(r'id="line-total-%d">Rp 60.000<' % beras.id, page.text)
    assert re.search(r'id="cart-total">Rp 130.000<', page.text)
    assert re.search(r'id="cart-count" class="cart-count">2<', page.text)  # the menu's badge
    # the tier price applies from 10 kg, shown as charged; the line, subtotal and total follow
    changed = await web.post(
        "/keranjang/ubah", data={"csrf_token": csrf, "product_id": beras.id, "quantity": "10"}, headers=HTMX
    )
    assert changed.status_code == 200 and changed.text.lstrip().startswith('<section id="cart"')
    assert re.search(r'id="unit-price-%d">Rp 18.000<' % beras.id, changed.text)
    assert re.search(r'id="line-total-%d">Rp 180.000<' % beras.id, changed.text)
    assert re.search(r'id="subtotal-%d">Rp 180.000<' % tani.id, changed.text)
    assert re.search(r'id="cart-total">Rp 250.000<', changed.text)
    # more than the stock: the error on the line, the quantity unchanged
    over = await web.post(
        "/keranjang/ubah", data={"csrf_token": csrf, "product_id": kopi.id, "quantity": "9"}, headers=HTMX
    )
    assert over.status_code == 422 and 'id="line-%d-error"' % kopi.id in over.text and "tersedia 5" in over.text
    assert re.search(r'id="line-total-%d">Rp 70.000<' % kopi.id, over.text)
    bad = await web.post(
        "/keranjang/ubah", data={"csrf_token": csrf, "product_id": kopi.id, "quantity": "1,5"}, headers=HTMX
    )
    assert bad.status_code == 422 and 'id="line-%d-error"' % kopi.id in bad.text
    # remove a line
    removed = await web.post("/keranjang/hapus", data={"csrf_token": csrf, "product_id": kopi.id}, headers=HTMX)
    assert removed.status_code == 200 and 'id="line-%d"' % kopi.id not in removed.text
    assert 'hx-swap-oob="true">1</span>' in removed.text
    # a post without the CSRF token changes nothing
    forged = await web.post("/keranjang/hapus", data={"product_id": beras.id})
    assert forged.status_code == 403
    assert (await web.get("/keranjang")).text.count('<li class="cart-line') == 1


async def test_anonymous_cart_merges_into_the_account_at_sign_in_and_checkout_needs_it(db, web):
    tani, pasar, beras, kopi = await _shop()
    buyer = await make_user(Role.BUYER)
    # the account already holds a product
    await orders.add_to_cart(kopi.id, 1, user_id=buyer.id)
    product = await web.get(f"/pasar/produk/{beras.id}")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', product.text).group(1)
    await web.post("/keranjang/tambah", data={"csrf_token": csrf, "product_id": beras.id, "quantity": "4"})
    # checkout asks an anonymous visitor to sign in and comes back
    checkout = await web.get("/checkout")
    assert checkout.status_code == 303 and checkout.headers["location"] == "/masuk?next=/checkout"
    page = await web.get("/masuk?next=/checkout")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    signed = await web.post(
        "/masuk", data={"email": buyer.email, "password": "rahasia123", "csrf_token": token, "next": "/checkout"}
    )
    assert signed.status_code == 303 and signed.headers["location"] == "/checkout"
    cart = await orders.get_cart(user_id=buyer.id)
    assert {line.product_id: line.quantity for g in cart.groups for line in g.lines} == {kopi.id: 1, beras.id: 4}
    page = await web.get("/checkout")
    assert page.status_code == 200
    assert "Beras Merah" in page.text and "Kopi Robusta" in page.text
    assert re.search(r'id="cart-count" class="cart-count">2<', page.text)


async def test_checkout_shows_address_errors_inline_and_creates_nothing(db, web):
    tani, pasar, beras, kopi = await _shop()
    buyer = await make_user(Role.BUYER)
    await orders.add_to_cart(beras.id, 2, user_id=buyer.id)
    await login(web, buyer.email)
    page = await web.get("/checkout")
    form = _form_of(page.text)
    # the province changes the delivery fee (htmx asks for the summary block only)
    quote = await web.post(
        "/checkout/hitung", data={**form, "provinsi": "Jawa Barat", f"delivery-{tani.id}": "delivery"}, headers=HTMX
    )
    assert quote.status_code == 200 and quote.text.lstrip().startswith('<div id="summary"')
    assert re.search(r'id="fee-%d">Rp 15.000<' % tani.id, quote.text)
    assert re.search(r'id="grand-total">Rp 55.000<', quote.text)
    far = await web.post(
        "/checkout/hitung", data={**form, "provinsi": "Papua", f"delivery-{tani.id}": "delivery"}, headers=HTMX
    )
    assert "tidak melayani provinsi ini" in far.text
    # missing fields: each error next to its field, the form shown again with what was typed
    sent = await web.post(
        "/checkout",
        data={
            **form,
            "recipient_name": "Sri",
            "phone": "12345",
            "provinsi": "Jawa Barat",
            f"delivery-{tani.id}": "delivery",
        },
    )
    assert sent.status_code == 422
    assert field_error(sent.text, "f-street") == "Wajib diisi"
    assert field_error(sent.text, "f-kode_pos") == "Wajib diisi"
    assert field_error(sent.text, "f-phone")
    assert field_error(sent.text, "f-recipient_name") is None
    assert 'value="Sri"' in sent.text
    assert await _count("orders_order") == 0 and await _count("payments_payment") == 0
    assert len((await orders.get_cart(user_id=buyer.id)).groups) == 1


async def test_placing_twice_with_the_same_key_makes_one_order(db, web):
    tani, pasar, beras, kopi = await _shop()
    buyer = await make_user(Role.BUYER)
    await orders.add_to_cart(beras.id, 2, user_id=buyer.id)
    await orders.add_to_cart(kopi.id, 1, user_id=buyer.id)
    await login(web, buyer.email)
    form = _form_of((await web.get("/checkout")).text)
    data = {**form, **ADDRESS, f"delivery-{tani.id}": "delivery", f"delivery-{pasar.id}": "pickup"}
    first = await web.post("/checkout", data=data, headers=HTMX)
    assert first.status_code == 200 and "/sandbox/xendit/web/invoices/" in first.headers["HX-Redirect"]
    second = await web.post("/checkout", data=data)
    assert second.status_code == 303 and second.headers["location"] == first.headers["HX-Redirect"]
    assert await _count("orders_order") == 1 and await _count("orders_suborder") == 2
    [order] = await orders.list_orders(actor_of(buyer))
    assert order.total == 40_000 + 15_000 + 35_000
    # the cart is empty now, and the order page shows both parts awaiting payment
    page = await web.get(f"/pesanan/{order.id}")
    assert page.status_code == 200 and "Koperasi Tani Makmur" in page.text and "Koperasi Pedagang Pasar" in page.text
    assert 'id="cancel-order"' in page.text and 'hx-trigger="load delay:3s"' in page.text
    assert re.search(r'id="order-total">Rp 90.000<', page.text)
    listed = await web.get("/pesanan")
    assert f'href="/pesanan/{order.id}"' in listed.text
    assert (await orders.get_cart(user_id=buyer.id)).count == 0
    # another buyer cannot see it
    web.cookies.clear()
    await login(web, (await make_user(Role.BUYER)).email)
    assert (await web.get(f"/pesanan/{order.id}")).status_code == 404


async def test_staff_see_only_their_sub_orders_and_print_a_packing_slip(db, web):
    tani, pasar, beras, kopi = await _shop()
    buyer = await make_user(Role.BUYER)
    await orders.add_to_cart(beras.id, 2, user_id=buyer.id)
    await orders.add_to_cart(kopi.id, 1, user_id=buyer.id)
    await login(web, buyer.email)
    form = _form_of((await web.get("/checkout")).text)
    await web.post("/checkout", data={**form, **ADDRESS, f"delivery-{tani.id}": "delivery"})
    [order] = await orders.list_orders(actor_of(buyer))
    sub = next(s for s in order.suborders if s.cooperative_id == tani.id)
    other = next(s for s in order.suborders if s.cooperative_id == pasar.id)
    web.cookies.clear()
    await login(web, (await make_user(Role.CASHIER, coop_id=tani.id)).email)
    listing = await web.get(f"/koperasi/{tani.id}/pesanan?status=awaiting_payment")
    assert listing.status_code == 200 and f"/koperasi/{tani.id}/pesanan/{sub.id}" in listing.text
    assert re.search(r'Menunggu pembayaran <span class="count">1<', listing.text)
    tab = await web.get(f"/koperasi/{tani.id}/pesanan?status=paid", headers=HTMX)
    assert tab.text.lstrip().startswith('<div id="incoming">') and "Tidak ada pesanan" in tab.text
    slip = await web.get(f"/koperasi/{tani.id}/pesanan/{sub.id}/slip")
    assert slip.status_code == 200 and "@page" not in slip.text  # print rules live in app.css
    assert "Sri Wahyuni" in slip.text and "Beras Merah" in slip.text and "16911" in slip.text
    assert "Kopi Robusta" not in slip.text
    # another cooperative's sub-order, or another cooperative's pages: not found
    assert (await web.get(f"/koperasi/{tani.id}/pesanan/{other.id}")).status_code == 404
    assert (await web.get(f"/koperasi/{pasar.id}/pesanan")).status_code == 404
    assert (await web.get(f"/koperasi/{pasar.id}/pesanan/{other.id}/slip")).status_code == 404
    # packing before payment is refused with a message, not a stack trace
    csrf = await csrf_now(web)
    early = await web.post(f"/koperasi/{tani.id}/pesanan/{sub.id}/kemas", data={"csrf_token": csrf}, headers=HTMX)
    assert early.status_code == 409 and 'class="alert alert-error"' in early.text
    detail = await web.get(f"/koperasi/{tani.id}/pesanan/{sub.id}")
    assert detail.status_code == 200 and "Cetak slip pengemasan" in detail.text


async def test_delivery_rate_table_is_saved_from_its_form(db, web):
    tani = await make_coop()
    await login(web, (await make_user(Role.MANAGER, coop_id=tani.id)).email)
    page = await web.get(f"/koperasi/{tani.id}/ongkir")
    assert page.status_code == 200 and "Jawa Barat" in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    from market.regions import PROVINCES

    jabar, bali = PROVINCES.index("Jawa Barat"), PROVINCES.index("Bali")
    bad = await web.post(f"/koperasi/{tani.id}/ongkir", data={"csrf_token": csrf, f"rate-{jabar}": "-5"})
    assert bad.status_code == 422 and field_error(bad.text, f"f-rate-{jabar}")
    assert await orders.get_delivery_rates(tani.id) == {}
    saved = await web.post(
        f"/koperasi/{tani.id}/ongkir", data={"csrf_token": csrf, f"rate-{jabar}": "15.000", f"rate-{bali}": "40000"}
    )
    assert saved.status_code == 303
    assert await orders.get_delivery_rates(tani.id) == {"Jawa Barat": 15_000, "Bali": 40_000}
    again = await web.get(f"/koperasi/{tani.id}/ongkir")
    assert 'value="15000"' in again.text and "Tarif ongkir disimpan" in again.text


async def _placed(web, buyer, tani, pasar, beras, kopi):
    """The buyer's order of both cooperatives (the first delivers), placed through the pages."""
    await orders.add_to_cart(beras.id, 2, user_id=buyer.id)
    await orders.add_to_cart(kopi.id, 1, user_id=buyer.id)
    await login(web, buyer.email)
    form = _form_of((await web.get("/checkout")).text)
    placed = await web.post("/checkout", data={**form, **ADDRESS, f"delivery-{tani.id}": "delivery"})
    assert placed.status_code == 303, placed.text
    order = (await orders.list_orders(actor_of(buyer)))[0]  # newest first
    return order, placed.headers["location"]


async def test_paid_order_is_packed_shipped_and_confirmed_through_the_pages(db, web, oapp):
    tani, pasar, beras, kopi = await _shop()
    buyer = await make_user(Role.BUYER)
    order, invoice_url = await _placed(web, buyer, tani, pasar, beras, kopi)
    # the buyer pays on the sandbox's invoice page and comes back to the order
    back = await web.post(f"{invoice_url}/pay", data={"method": "BCA"})
    assert back.status_code == 303 and back.headers["location"].endswith(f"/pesanan/{order.id}?dari=pembayaran")
    await oapp.state.xendit_sandbox.drain()
    await deliver()
    page = await web.get(f"/pesanan/{order.id}", headers=HTMX)
    assert page.text.lstrip().startswith('<div id="order"') and "hx-trigger" not in page.text.split(">")[0]
    assert re.search(r'id="order-state"><span class="status state-paid">Dibayar<', page.text)
    sub = next(s for s in order.suborders if s.cooperative_id == tani.id)
    # the cooperative packs, then ships (the form shows its errors next to the fields)
    web.cookies.clear()
    await login(web, (await make_user(Role.MANAGER, coop_id=tani.id)).email)
    listing = await web.get(f"/koperasi/{tani.id}/pesanan")
    assert f"/koperasi/{tani.id}/pesanan/{sub.id}" in listing.text and "Sri Wahyuni" in listing.text
    csrf = await csrf_now(web)
    base = f"/koperasi/{tani.id}/pesanan/{sub.id}"
    packed = await web.post(f"{base}/kemas", data={"csrf_token": csrf}, headers=HTMX)
    assert packed.status_code == 200 and packed.text.lstrip().startswith('<div id="suborder"')
    assert "Pesanan ditandai sudah dikemas." in packed.text and 'id="ship"' in packed.text
    again = await web.post(f"{base}/kemas", data={"csrf_token": csrf}, headers=HTMX)
    assert again.status_code == 409 and 'class="alert alert-error"' in again.text
    empty = await web.post(
        f"{base}/kirim", data={"csrf_token": csrf, "courier": "", "tracking_number": "x"}, headers=HTMX
    )
    assert empty.status_code == 422 and field_error(empty.text, "f-courier") == "Wajib diisi"
    assert field_error(empty.text, "f-tracking_number")
    shipped = await web.post(
        f"{base}/kirim", data={"csrf_token": csrf, "courier": "JNE", "tracking_number": "JNE123456789"}
    )
    assert shipped.status_code == 303 and shipped.headers["location"] == base
    # the buyer sees courier and tracking number, and confirms receipt
    web.cookies.clear()
    await login(web, buyer.email)
    page = await web.get(f"/pesanan/{order.id}")
    assert re.search(rf'id="tracking-{sub.id}">JNE123456789<', page.text)
    csrf = await csrf_now(web)
    confirmed = await web.post(f"/pesanan/{order.id}/terima/{sub.id}", data={"csrf_token": csrf}, headers=HTMX)
    assert confirmed.status_code == 200
    assert re.search(rf'id="suborder-{sub.id}-state"><span class="status state-completed">', confirmed.text)
    twice = await web.post(f"/pesanan/{order.id}/terima/{sub.id}", data={"csrf_token": csrf}, headers=HTMX)
    assert twice.status_code == 409 and 'class="alert alert-error"' in twice.text


async def test_buyer_cancels_before_paying_and_the_cooperative_cancels_a_paid_part(db, web, oapp):
    tani, pasar, beras, kopi = await _shop()
    buyer = await make_user(Role.BUYER)
    order, _ = await _placed(web, buyer, tani, pasar, beras, kopi)
    csrf = await csrf_now(web)
    cancelled = await web.post(f"/pesanan/{order.id}/batal", data={"csrf_token": csrf})
    assert cancelled.status_code == 303
    page = await web.get(f"/pesanan/{order.id}")
    assert "Pesanan dibatalkan; stok dikembalikan." in page.text and 'id="cancel-order"' not in page.text
    assert (await catalog.get_product(kopi.id)).available == 5
    # a second order, paid; the cooperative cannot fulfil its part and refunds it
    order, invoice_url = await _placed(web, buyer, tani, pasar, beras, kopi)
    await web.post(f"{invoice_url}/pay", data={"method": "OVO"})  # an e-wallet payment can be refunded
    await oapp.state.xendit_sandbox.drain()
    await deliver()
    sub = next(s for s in order.suborders if s.cooperative_id == pasar.id)
    web.cookies.clear()
    await login(web, (await make_user(Role.MANAGER, coop_id=pasar.id)).email)
    csrf = await csrf_now(web)
    base = f"/koperasi/{pasar.id}/pesanan/{sub.id}"
    short = await web.post(f"{base}/batal", data={"csrf_token": csrf, "reason": "x"}, headers=HTMX)
    assert short.status_code == 422 and field_error(short.text, "cancel-reason")
    done = await web.post(f"{base}/batal", data={"csrf_token": csrf, "reason": "Stok rusak kena hujan"}, headers=HTMX)
    assert done.status_code == 200, re.findall(r'class="(?:alert alert-)?error"[^>]*>([^<]*)', done.text)
    assert "pembayaran pembeli dikembalikan" in done.text
    assert re.search(r'id="suborder-state"><span class="status state-refunded">', done.text)
    await oapp.state.xendit_sandbox.drain()
    await deliver()
    assert (await catalog.get_product(kopi.id)).available == 5


async def test_a_cooperative_buys_for_itself_and_receives_the_goods_into_its_catalog(db, web, oapp):
    tani, pasar, beras, kopi = await _shop()
    buyer_coop = await make_coop(name="Koperasi Konsumen Menteng", province="DKI Jakarta")
    staff = await make_user(Role.MANAGER, coop_id=buyer_coop.id)
    await orders.add_to_cart(beras.id, 4, user_id=staff.id)
    await login(web, staff.email)
    page = await web.get("/checkout")
    assert 'name="buy_for_cooperative"' in page.text
    placed = await web.post("/checkout", data={**_form_of(page.text), **ADDRESS, "buy_for_cooperative": "1"})
    assert placed.status_code == 303
    order = (await orders.list_orders(actor_of(staff)))[0]
    assert order.buy_for_cooperative_id == buyer_coop.id
    await web.post(f"{placed.headers['location']}/pay", data={"method": "OVO"})
    await oapp.state.xendit_sandbox.drain()
    await deliver()
    [sub] = order.suborders
    seller = actor_of(await make_user(Role.MANAGER, coop_id=tani.id))
    await orders.pack_suborder(tani.id, sub.id, actor=seller)
    await orders.mark_delivered(tani.id, sub.id, actor=seller)  # picked up at the cooperative
    page = await web.get(f"/pesanan/{order.id}")
    assert "Terima ke katalog" in page.text
    csrf = await csrf_now(web)
    received = await web.post(
        f"/pesanan/{order.id}/katalog/{sub.id}", data={"csrf_token": csrf, "product_id": ""}, headers=HTMX
    )
    assert received.status_code == 200 and "Barang diterima ke katalog koperasi." in received.text
    assert "Sudah diterima ke katalog koperasi." in received.text
    _, products = await catalog.list_products(buyer_coop.id, actor=actor_of(staff))
    assert [(p.name, p.origin_cooperative_id) for p in products] == [("Beras Merah", tani.id)]
    # the shop's product page shows where the goods came from
    shop_page = await web.get(f"/pasar/produk/{products[0].id}")
    chain = re.search(r'id="provenance">([^<]+)<', shop_page.text).group(1)
    assert (
        chain == f"dari {tani.name}, {tani.regency.removeprefix('Kabupaten ')} → Koperasi Konsumen Menteng, "
        f"{buyer_coop.regency.removeprefix('Kota ').removeprefix('Kabupaten ')}"
    )


async def test_an_empty_cart_cannot_check_out_and_the_pages_speak_english(db, web):
    tani, pasar, beras, kopi = await _shop()
    await login(web, (await make_user(Role.BUYER)).email)
    empty = await web.get("/checkout")
    assert empty.status_code == 303 and empty.headers["location"] == "/keranjang"
    assert "Keranjang Anda kosong." in (await web.get("/keranjang")).text
    await web.get("/bahasa/en")
    page = await web.get(f"/pasar/produk/{beras.id}")
    assert "Add to cart" in page.text and "Quantity (kg)" in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    await web.post("/keranjang/tambah", data={"csrf_token": csrf, "product_id": beras.id, "quantity": "2"})
    cart = await web.get("/keranjang")
    assert ">Cart<" in cart.text and "Continue to checkout" in cart.text and "Goods total" in cart.text
    checkout = await web.get("/checkout")
    assert "Delivery address" in checkout.text and "Pick up at the cooperative" in checkout.text


async def test_bad_input_gets_a_clear_answer_never_a_server_error(db, web):
    tani, pasar, beras, kopi = await _shop()
    buyer = await make_user(Role.BUYER)
    await login(web, buyer.email)
    csrf = await csrf_now(web)
    for data in (
        {"product_id": "abc", "quantity": "1"},
        {"product_id": "999999", "quantity": "2"},
        {"product_id": beras.id, "quantity": "0"},
        {"product_id": beras.id, "quantity": "-3"},
        {"product_id": beras.id, "quantity": "99999999999"},
        {"product_id": beras.id},
    ):
        answer = await web.post("/keranjang/tambah", data={"csrf_token": csrf, **data}, headers=HTMX)
        assert answer.status_code == 422 and 'class="cart-added error"' in answer.text, data
    assert (await orders.get_cart(user_id=buyer.id)).count == 0  # nothing was added
    for url in ("/pesanan/abc", "/pesanan/999999", "/koperasi/abc/pesanan", f"/koperasi/{tani.id}/pesanan/1/slip"):
        assert (await web.get(url)).status_code in (403, 404), url
    checkout = await web.post("/checkout", data={"csrf_token": csrf, **ADDRESS})
    assert checkout.status_code == 422 and "muat ulang halaman" in checkout.text  # no idempotency key
    other = await web.post(f"/koperasi/{tani.id}/pesanan/1/kemas", data={"csrf_token": csrf})
    assert other.status_code == 404


async def _release_held(sandbox) -> None:
    """The gateway's callbacks that were held back arrive now."""
    for delivery in list(sandbox.deliveries.values()):
        if delivery.state == "held":
            sandbox.start(delivery)
    await sandbox.drain()


async def test_back_from_the_invoice_before_the_callback_the_order_says_payment_is_being_confirmed(db, web, oapp):
    tani, pasar, beras, kopi = await _shop()
    buyer = await make_user(Role.BUYER)
    order, invoice_url = await _placed(web, buyer, tani, pasar, beras, kopi)
    sandbox = oapp.state.xendit_sandbox
    sandbox.default_mode = "hold"  # the callback is on its way, not there yet
    back = await web.post(f"{invoice_url}/pay", data={"method": "BCA"})
    assert back.status_code == 303
    back_url = httpx.URL(back.headers["location"]).raw_path.decode()
    assert back_url == f"/pesanan/{order.id}?dari=pembayaran"
    # back from paying: no cancel button, the page says the payment is being confirmed and keeps asking
    page = await web.get(back_url)
    assert page.status_code == 200 and 'id="payment-confirming"' in page.text
    assert "Pembayaran sedang dikonfirmasi" in page.text
    assert 'id="cancel-order"' not in page.text and 'id="pay-link"' not in page.text
    assert f'hx-get="/pesanan/{order.id}?dari=pembayaran"' in page.text
    polled = await web.get(back_url, headers=HTMX)
    assert polled.text.lstrip().startswith('<div id="order"') and 'id="payment-confirming"' in polled.text
    # the callback lands; until its event is applied the order still awaits payment, and even the
    # plain order page (no return marker) no longer offers to cancel; a cancel sent anyway is refused
    await _release_held(sandbox)
    plain = await web.get(f"/pesanan/{order.id}")
    assert 'id="payment-confirming"' in plain.text and 'id="cancel-order"' not in plain.text
    assert 'id="not-paid"' not in plain.text
    csrf = await csrf_now(web)
    refused = await web.post(f"/pesanan/{order.id}/batal", data={"csrf_token": csrf}, headers=HTMX)
    assert refused.status_code == 409 and "sedang dikonfirmasi" in refused.text
    assert {s.state for s in (await orders.get_order(order.id, actor=actor_of(buyer))).suborders} == {
        "awaiting_payment"
    }
    # the event is applied: paid, and the page stops saying it is confirming
    await deliver()
    done = await web.get(back_url, headers=HTMX)
    assert re.search(r'id="order-state"><span class="status state-paid">Dibayar<', done.text)
    assert 'id="payment-confirming"' not in done.text and "hx-trigger" not in done.text.split(">")[0]


async def test_paid_just_as_they_cancelled_the_buyer_sees_why_and_that_the_money_is_in_the_wallet(db, web, oapp):
    from payments import service as payments

    tani, pasar, beras, kopi = await _shop()
    buyer = await make_user(Role.BUYER)
    order, invoice_url = await _placed(web, buyer, tani, pasar, beras, kopi)
    sandbox = oapp.state.xendit_sandbox
    sandbox.default_mode = "hold"
    # the buyer pays in one tab and, before the callback lands, cancels in another
    assert (await web.post(f"{invoice_url}/pay", data={"method": "BCA"})).status_code == 303
    csrf = await csrf_now(web)
    cancelled = await web.post(f"/pesanan/{order.id}/batal", data={"csrf_token": csrf})
    assert cancelled.status_code == 303
    # the payment then arrives: nothing is fulfilled, the money goes to the buyer's wallet
    await _release_held(sandbox)
    await deliver()
    wallet = await payments.user_wallet(buyer.id)
    assert await payments.wallet_balance(wallet.id) == order.total == 90_000
    page = await web.get(f"/pesanan/{order.id}")
    assert re.search(r'id="order-state"><span class="status state-cancelled">Dibatalkan<', page.text)
    reason = re.search(r'id="ended-reason">([^<]+)<', page.text).group(1)
    assert reason.startswith("Anda membatalkan pesanan ini")
    late = re.search(r'<p id="late-payment">(.*?)</p>', page.text, re.S).group(1)
    assert "Rp 90.000" in late and "saldo dompet Anda" in late and 'href="/dompet"' in late
    assert 'id="cancel-order"' not in page.text and 'id="payment-confirming"' not in page.text
    # the wallet page shows the money with the order's name on it
    assert "Pembayaran pesanan #%d terlambat" % order.id in (await web.get("/dompet")).text
    # and in English
    await web.get("/bahasa/en")
    english = await web.get(f"/pesanan/{order.id}")
    assert "You cancelled this order" in english.text and "still arrived after that" in english.text
    assert "See your wallet balance" in english.text
