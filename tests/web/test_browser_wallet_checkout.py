"""Checkout paid from the wallet in a real browser on a phone (360 px): the demo buyer, with a
wallet PIN and a topped-up balance (a set-up process on the served database, as the demo would
through payments' own services), adds a Bajawa coffee, chooses to pay from the balance, gets a
wrong PIN told next to the field, types the right one and lands on the order, paid at once, with
its money's movement listed and linked to the wallet.

Screenshots: /tmp/shots/wallet-checkout-*.png."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serving import ROOT, app_env, serve, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")
PHONE = {"width": 360, "height": 740}
BUYER = "pembeli@demo.pasarkoperasi.id"
MANAGER = "manajer@demo.pasarkoperasi.id"
PIN = "135790"
FUND = 2_000_000

SET_UP = """
import asyncio, sys
from market import db
from market.models import User
from market.settings import load
from market import service as market
from payments import service as payments

async def main():
    await db.init(db.tortoise_config(load().database_url))
    try:
        user = await User.get(email=sys.argv[1])
        if await payments.has_pin(user.id):  # the demo's own PIN, should it give the buyer one
            await payments.set_pin(user.id, sys.argv[2], current_pin="123456")
        else:
            await payments.set_pin(user.id, sys.argv[2])
        wallet = await payments.wallet_of(await market.actor_by_id(user.id))
        await payments.credit_wallet(
            wallet.id, int(sys.argv[3]), reference="test:browser:fund", from_account=await payments.xendit_cash()
        )
    finally:
        await db.close()

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo_database):
    workdir = tmp_path_factory.mktemp("wallet-checkout")
    with serve(workdir, demo_database) as url:
        done = subprocess.run(
            [sys.executable, "-c", SET_UP, BUYER, PIN, str(FUND)],
            env=app_env(workdir / "pasar.db"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        yield url


def _shot(page, name: str) -> None:
    """A full-page screenshot, and nothing wider than the phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"wallet-checkout-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {page.url} is {width} px wide at 360 px"


def test_a_buyer_pays_a_checkout_from_the_wallet_on_a_phone(served, browser):
    from playwright.sync_api import expect

    errors: list[str] = []
    page = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, served, BUYER)
    # given: a Bajawa coffee in the cart
    page.goto(f"{served}/pasar/koperasi/kopi-bajawa")
    page.locator("#results .product-link").first.click()
    page.wait_for_url(re.compile(r".*/pasar/produk/\d+$"))
    page.click("#add-submit")
    expect(page.locator("#cart-added")).to_contain_text("Ditambahkan ke keranjang")
    # when: checkout, paying from the balance
    page.goto(f"{served}/checkout")
    for name, value in {
        "recipient_name": "Sri Wahyuni",
        "phone": "081234567890",
        "street": "Jl. Cikini Raya No. 10",
        "kabupaten": "Kota Jakarta Pusat",
        "kecamatan": "Menteng",
        "kelurahan": "Cikini",
        "kode_pos": "10330",
    }.items():
        page.fill(f"#f-{name}", value)
    page.select_option("#f-provinsi", "DKI Jakarta")
    expect(page.locator("#wallet-balance")).to_contain_text("Rp ")
    page.check("#wallet-all")
    grand = page.locator("#grand-total").inner_text()
    expect(page.locator("#from-wallet")).to_have_text(grand)  # all of it from the wallet
    expect(page.locator("#by-invoice")).to_have_text("Rp 0")
    # a wrong PIN is told next to its field, and nothing is placed
    page.fill("#f-pin", "000000")
    page.click("#place-order")
    expect(page.locator("#f-pin-error")).to_contain_text("PIN salah")
    assert "/checkout" in page.url
    _shot(page, "1-wrong-pin")
    page.check("#wallet-all")
    page.fill("#f-pin", PIN)
    page.click("#place-order")
    # then: the order is paid at once, no invoice page; its money is listed and linked
    page.wait_for_url(re.compile(r".*/pesanan/\d+$"))
    expect(page.locator("#order-state")).to_contain_text("Dibayar")
    expect(page.locator("#order-from-wallet")).to_have_text(grand)
    move = page.locator("#order-money .money-wallet_paid")
    expect(move).to_contain_text("Dibayar dari saldo dompet")
    expect(move).to_contain_text(grand)
    expect(move.locator("a[href^='/dompet/mutasi/']")).to_have_count(1)
    expect(move).to_contain_text(re.compile(r"WI[BT]|WITA"))
    _shot(page, "2-order-paid")
    # and the cooperative's staff see what of their sub-order the buyer paid from the wallet
    suborder = page.locator("section.suborder").first.get_attribute("id").removeprefix("suborder-")
    staff = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
    staff.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(staff, served, MANAGER)
    coop_id = re.search(r"/koperasi/(\d+)/", staff.url).group(1)
    staff.goto(f"{served}/koperasi/{coop_id}/pesanan/{suborder}")
    expect(staff.locator("#suborder-from-wallet")).to_have_text(grand)
    expect(staff.locator("#suborder-money .money-wallet_paid")).to_contain_text("Dibayar pembeli dari saldo dompet")
    _shot(staff, "3-staff")
    assert errors == []
