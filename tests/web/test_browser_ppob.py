"""A member buys a PLN token from the wallet in a real browser and sees the token on the receipt.

The app runs in uvicorn on a fresh SQLite file with the demo data and its embedded biller and
Xendit sandboxes (no configuration). Before the browser starts, a small script in another process
syncs the price list from the running app's biller sandbox (the demo did already) and puts Rp 200.000 in the demo
member's wallet (the wallet's own credit function, as a counter top-up would).

Screenshots of the pages at 360 px and at desktop width go to /tmp/shots/ppob-*.png.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serving import ROOT, app_env, serve

pytestmark = pytest.mark.browser

SECRET = "ppob-browser-secret"
SHOTS = Path(os.environ.get("PPOB_SHOTS", "/tmp/shots"))
MEMBER = "anggota@demo.pasarkoperasi.id"
PASSWORD = "demo12345"
PIN = "123456"

SETUP = f"""
import asyncio
from market import db
from market.app import build_runtime
from market.models import User
from market.service import coop_account
from market.settings import load
from payments import service as payments
from ppob import service

async def main():
    settings = load()
    await db.init(db.tortoise_config(settings.database_url))
    link = service.link_of(build_runtime(settings))
    try:  # closed whatever happens: an open SQLite connection's thread keeps the process alive
        await service.sync_price_list(link)  # the demo synced it already: nothing new, prices kept
        assert (await service.get_product("pln50")).base_price == 50_150
        user = await User.get(email="{MEMBER}")
        wallet = await payments.member_wallet(user.cooperative_id, user.member_id)
        await payments.credit_wallet(wallet.id, 200_000, reference="browser-test-funding",
                                     description="Isi saldo di loket", from_account=await coop_account(user.cooperative_id, "kas"))
    finally:
        await link.biller.aclose()
        await db.close()

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_database):
    workdir = tmp_path_factory.mktemp("ppob-browser")
    with serve(workdir, demo_database, env={"SECRET_KEY": SECRET}) as url:
        env = app_env(workdir / "pasar.db", SECRET_KEY=SECRET, PORT=url.rsplit(":", 1)[1])
        setup = subprocess.run(
            [sys.executable, "-c", SETUP], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert setup.returncode == 0, setup.stderr
        yield url


def _login(page, server: str, email: str, next_url: str) -> None:
    page.goto(f"{server}/masuk?next={next_url}")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**{next_url}*")


def test_a_member_buys_a_pln_token_from_the_wallet_and_sees_the_token_on_the_receipt(server, browser):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 360, "height": 800})
    _login(page, server, MEMBER, "/ppob")
    # the demo member's wallet: Rp 200.000 put in by the set-up on top of their produce's proceeds
    expect(page.locator(".ppob-balance")).to_contain_text("Rp ")
    before = int(page.locator(".ppob-balance strong").inner_text().removeprefix("Rp ").replace(".", ""))
    assert before >= 200_000
    page.screenshot(path=str(SHOTS / "ppob-index-360.png"), full_page=True)
    # when: PLN token; the meter number is checked as it is typed
    page.click(".ppob-cats a[href$='k=token']")
    page.wait_for_url("**/ppob?k=token")
    page.fill("#customer-no", "14234567821")
    expect(page.locator("#check-name")).not_to_be_empty()
    name = page.locator("#check-name").inner_text()
    page.check("input[name=sku][value=pln50]")
    page.screenshot(path=str(SHOTS / "ppob-token-360.png"), full_page=True)
    page.click("#ppob-next")
    expect(page.locator("#confirm-name")).to_have_text(name)
    expect(page.locator("#confirm-price")).to_have_text("Rp 50.150")  # the demo coop sets no markup
    page.fill("#f-pin", PIN)  # the demo members' wallet PIN (demo.wallets)
    page.screenshot(path=str(SHOTS / "ppob-confirm-360.png"), full_page=True)
    page.click("#pay-wallet")
    # then: the receipt shows the 20-digit token in groups of four
    page.wait_for_url("**/ppob/struk/*")
    expect(page.locator("#receipt-state")).to_have_text("Berhasil")
    token = page.locator("#receipt-token").inner_text()
    assert re.fullmatch(r"\d{4}(-\d{4}){4}", token), token
    page.screenshot(path=str(SHOTS / "ppob-receipt-360.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / "ppob-receipt-print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.goto(f"{server}/dompet")
    expect(page.locator("#wallet-balance")).to_have_text(f"Rp {before - 50_150:,}".replace(",", "."))
    expect(page.locator("#wallet-history")).to_contain_text("PPOB PLN 50.000")
    page.goto(f"{server}/ppob/riwayat")
    expect(page.locator("#rows")).to_contain_text("PLN 50.000")
    page.screenshot(path=str(SHOTS / "ppob-history-360.png"), full_page=True)
    # the desktop view of the same pages
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(wide, server, MEMBER, "/ppob")
    wide.goto(f"{server}/ppob?k=pulsa")
    wide.fill("#customer-no", "081234567821")
    expect(wide.locator("#check-operator")).to_contain_text("Telkomsel")
    wide.screenshot(path=str(SHOTS / "ppob-pulsa-desktop.png"), full_page=True)
    wide.goto(f"{server}/ppob/riwayat")
    wide.screenshot(path=str(SHOTS / "ppob-history-desktop.png"), full_page=True)
    wide.click("#rows .ppob-rows a >> nth=0")
    wide.wait_for_url("**/ppob/struk/*")
    expect(wide.locator("#receipt-token")).to_have_text(token)
    wide.screenshot(path=str(SHOTS / "ppob-receipt-desktop.png"), full_page=True)


def test_the_cashier_sells_a_pulsa_for_cash_at_the_counter(server, browser):
    from playwright.sync_api import expect

    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(f"{server}/masuk?next=/ppob")
    page.fill("#f-email", "kasir@demo.pasarkoperasi.id")
    page.fill("#f-password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/ppob/kasir*")  # staff land on their counter
    page.fill("#customer-no", "0878 1234 5621")
    expect(page.locator("#check-operator")).to_contain_text("XL")
    page.check("input[name=sku][value=xld10]")
    page.screenshot(path=str(SHOTS / "ppob-kasir-360.png"), full_page=True)
    page.click("#ppob-next")
    page.click("#pay-cash")
    page.wait_for_url("**/ppob/struk/*")
    expect(page.locator("#receipt-state")).to_have_text("Berhasil")
    expect(page.locator("#receipt-sn")).not_to_be_empty()
    expect(page.locator(".receipt-lines")).to_contain_text("Tunai")
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    wide.goto(f"{server}/masuk?next=/ppob")
    wide.fill("#f-email", "kasir@demo.pasarkoperasi.id")
    wide.fill("#f-password", PASSWORD)
    wide.click("form.form button[type=submit]")
    wide.wait_for_url("**/ppob/kasir*")
    wide.click("a:has-text('Riwayat PPOB koperasi')")
    expect(wide.locator("#rows")).to_contain_text("XL 10.000")
    wide.screenshot(path=str(SHOTS / "ppob-coop-history-desktop.png"), full_page=True)
