"""An order from end to end in a real browser (Debian Chromium through Playwright, never a
downloaded browser), on the demo data, the app in uvicorn with its embedded Xendit sandbox:

a buyer searches two cooperatives' storefronts and adds a product of each (the cart badge
updates without a reload), checks out with the cooperative's delivery to Jakarta, pays on the
sandbox's invoice page and sees the order paid; the cooperative packs and ships it; the buyer
confirms receipt.

Screenshots of the cart, checkout, order and staff pages at 360 px and 1280 px go to /tmp/shots/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.serving import DEMO_PASSWORD as PASSWORD
from tests.serving import serve

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")
MANAGER = "manajer@demo.pasarkoperasi.id"
BUYER = "pembeli@demo.pasarkoperasi.id"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_database):
    """uvicorn on a free port and a copy of the demo database; its public URL is that port, so the
    sandbox's invoice page sends the buyer back here and its callbacks arrive here."""
    with serve(tmp_path_factory.mktemp("orders-browser"), demo_database) as url:
        yield url


def shot(page, name: str) -> None:
    """The page at 360 px (as it is) and at 1280 px, then back to 360 px."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"orders-{name}-360.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(SHOTS / f"orders-{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)


def sign_in(page, server: str, email: str, next_url: str = "") -> None:
    page.goto(f"{server}/masuk" + (f"?next={next_url}" if next_url else ""))
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.click("form.form button[type=submit]")


def add_from_storefront(page, server: str, slug: str, query: str) -> str:
    """Search a cooperative's storefront, open the first hit, add it with htmx; its name."""
    from playwright.sync_api import expect

    page.goto(f"{server}/pasar/koperasi/{slug}")
    page.locator("#store-q").fill(query)
    page.locator("#store-q").press("Enter")
    page.wait_for_url(re.compile(rf".*/pasar/koperasi/{slug}\?q={query}"))
    page.locator("#results .product-link").first.click()
    page.wait_for_url(re.compile(r".*/pasar/produk/\d+$"))
    name = page.locator(".product-info h1").inner_text()
    badge = page.locator("#cart-count").inner_text() or "0"
    page.evaluate("window.__samePage = true")
    page.click("#add-submit")
    expect(page.locator("#cart-added")).to_contain_text("Ditambahkan ke keranjang")
    expect(page.locator("#cart-count")).to_have_text(str(int(badge) + 1))
    assert page.evaluate("window.__samePage") is True  # htmx, no reload
    if slug == "kopi-bajawa":
        shot(page, "product")
    return name


def test_a_buyer_orders_from_two_cooperatives_pays_and_the_cooperative_ships(server, browser):
    from playwright.sync_api import expect

    errors: list[str] = []
    staff = browser.new_context(viewport=PHONE).new_page()
    staff.on("pageerror", lambda exc: errors.append(str(exc)))
    buyer = browser.new_context(viewport=PHONE).new_page()
    buyer.on("pageerror", lambda exc: errors.append(str(exc)))

    # given: the Bajawa cooperative delivers to DKI Jakarta for Rp 25.000
    sign_in(staff, server, MANAGER)
    staff.wait_for_url("**/koperasi/*/anggota")
    coop_id = re.search(r"/koperasi/(\d+)/", staff.url).group(1)
    staff.goto(f"{server}/koperasi/{coop_id}/ongkir")
    staff.locator(".field", has_text="DKI Jakarta").locator("input").fill("25.000")
    staff.click("#save-rates")
    expect(staff.locator(".alert-ok")).to_contain_text("Tarif ongkir disimpan")

    # when: a buyer searches two storefronts and adds a product of each, without reloads
    kopi = add_from_storefront(buyer, server, "kopi-bajawa", "kopi")
    beras = add_from_storefront(buyer, server, "beras-ngawi", "beras")

    # then: the cart groups them by cooperative
    buyer.click("a.cart-link")
    buyer.wait_for_url("**/keranjang")
    expect(buyer.locator(".cart-group")).to_have_count(2)
    expect(buyer.locator("#cart")).to_contain_text(kopi)
    expect(buyer.locator("#cart")).to_contain_text(beras)
    total_before = buyer.locator("#cart-total").inner_text()
    # a quantity change updates the line and the total in place
    line = buyer.locator(".cart-line", has_text=beras)
    quantity = int(line.locator("input[name=quantity]").input_value())
    line.locator("input[name=quantity]").fill(str(quantity + 1))
    line.locator("input[name=quantity]").dispatch_event("change")
    expect(buyer.locator("#cart-total")).not_to_have_text(total_before)
    shot(buyer, "cart")

    # when: checkout asks them to sign in, then back with the cart merged
    buyer.click("#checkout-link")
    buyer.wait_for_url("**/masuk?next=/checkout")
    buyer.fill("#f-email", BUYER)
    buyer.fill("#f-password", PASSWORD)
    buyer.click("form.form button[type=submit]")
    buyer.wait_for_url("**/checkout")
    expect(buyer.locator(".checkout-group")).to_have_count(2)
    # an empty form shows its errors next to the fields
    buyer.click("#place-order")
    expect(buyer.locator("#f-street-error")).to_have_text("Wajib diisi")
    buyer.fill("#f-recipient_name", "Sri Wahyuni")
    buyer.fill("#f-phone", "081234567890")
    buyer.fill("#f-street", "Jl. Cikini Raya No. 10, RT 02/RW 03")
    expect(buyer.locator("#f-street-error")).to_have_count(0)  # fixed: its error goes
    buyer.select_option("#f-provinsi", "DKI Jakarta")
    buyer.fill("#f-kabupaten", "Kota Jakarta Pusat")
    buyer.fill("#f-kecamatan", "Menteng")
    buyer.fill("#f-kelurahan", "Cikini")
    buyer.fill("#f-kode_pos", "10330")
    group = buyer.locator(".checkout-group", has_text="Bajawa")
    group.locator("input[value=delivery]").check()
    expect(group.locator("[id^=fee-]")).to_have_text("Rp 25.000")
    grand = buyer.locator("#grand-total").inner_text()
    shot(buyer, "checkout")
    buyer.click("#place-order")

    # and: pays on the sandbox's invoice page
    buyer.wait_for_url("**/sandbox/xendit/web/invoices/*")
    expect(buyer.locator("#amount")).to_have_text(grand)
    buyer.check("input[value=DANA]")
    buyer.click("#pay")

    # then: back on the order (never offered "cancel" while the payment is confirmed), which
    # turns paid once the callback is applied
    buyer.wait_for_url(re.compile(r".*/pesanan/\d+\?dari=pembayaran$"))
    order_url = buyer.url
    expect(buyer.locator("#cancel-order")).to_have_count(0)
    expect(buyer.locator("#order-state")).to_have_text("Dibayar", timeout=15_000)
    expect(buyer.locator("#cart-count")).to_be_hidden()
    shot(buyer, "order")

    # when: the cooperative packs and ships its part
    staff.goto(f"{server}/koperasi/{coop_id}/pesanan")
    expect(staff.locator(".state-tabs a[aria-current]")).to_contain_text("Dibayar")
    staff.locator("#suborder-rows .row", has_text="Sri Wahyuni").locator("a.button").click()
    staff.wait_for_url(re.compile(r".*/pesanan/\d+$"))
    staff.click("#pack")
    expect(staff.locator("#suborder-state")).to_have_text("Dikemas")
    staff.click("#ship")
    expect(staff.locator("#f-courier-error")).to_have_text("Wajib diisi")
    staff.fill("#f-courier", "JNE")
    staff.fill("#f-tracking_number", "JNE0012345678")
    shot(staff, "staff-suborder")
    staff.click("#ship")
    expect(staff.locator("#suborder-state")).to_have_text("Dikirim")
    # the packing slip, as printed (A6, no menu)
    staff.goto(server + staff.locator("#slip-link").get_attribute("href"))
    expect(staff.locator(".slip")).to_contain_text("Sri Wahyuni")
    expect(staff.locator(".slip")).to_contain_text("JNE0012345678")
    staff.emulate_media(media="print")
    expect(staff.locator(".no-print")).to_be_hidden()
    staff.screenshot(path=str(SHOTS / "orders-slip-print.png"), full_page=True)
    staff.emulate_media(media="screen")
    staff.goto(f"{server}/koperasi/{coop_id}/pesanan?status=shipped")
    expect(staff.locator("#suborder-rows")).to_contain_text("Sri Wahyuni")
    shot(staff, "staff-incoming")

    # then: the buyer sees the tracking number and confirms receipt
    buyer.goto(order_url)
    expect(buyer.locator(".suborder", has_text="Bajawa")).to_contain_text("JNE0012345678")
    buyer.locator(".suborder", has_text="Bajawa").locator("button", has_text="Konfirmasi diterima").click()
    expect(buyer.locator(".alert-ok")).to_contain_text("pesanan dikonfirmasi diterima")
    expect(buyer.locator(".suborder", has_text="Bajawa").locator(".status")).to_have_text("Selesai")
    assert errors == []
