"""On a phone (360 × 740), in Debian's Chromium against the real app on a copy of the demo
database: Bajawa's cashier (kasir@…, whose demo shift is open) scans/types two SKUs into the
cart, sells them to the member anggota@… paying from the wallet with the member's PIN, and prints
the 58 mm receipt. Screenshots go to /tmp/shots/retail-*.png; nothing is wider than the phone."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.serving import serve, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("RETAIL_SHOTS", "/tmp/shots"))
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo_database):
    workdir = tmp_path_factory.mktemp("retail-browser")
    with serve(workdir, demo_database) as url:
        yield url, workdir / "pasar.db"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"retail-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {page.url} is {width} px wide at 360 px"


def _facts(database: Path):
    with sqlite3.connect(database) as conn:
        coop = conn.execute("SELECT id FROM cooperative WHERE slug = 'kopi-bajawa'").fetchone()[0]
        number, balance = conn.execute(
            "SELECT m.member_number, -a.balance FROM app_user u JOIN member m ON m.id = u.member_id"
            " JOIN ledger_account a ON a.member_id = m.id AND a.code = 'wallet'"
            " WHERE u.email = 'anggota@demo.pasarkoperasi.id'"
        ).fetchone()
        goods = conn.execute(
            "SELECT sku, price_idr FROM catalog_product WHERE cooperative_id = ? AND status = 'active'"
            " AND supplier_member_id IS NULL AND stock - reserved >= 5 AND price_idr <= 40000 ORDER BY id LIMIT 2",
            (coop,),
        ).fetchall()
    return coop, number, balance, goods


def test_a_cashier_sells_two_items_to_a_member_paying_by_wallet_and_prints_the_receipt(served, browser):
    from playwright.sync_api import expect

    base, database = served
    coop, number, balance, goods = _facts(database)
    total = sum(price for _, price in goods)
    assert len(goods) == 2 and balance >= total
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, base, "kasir@demo.pasarkoperasi.id")
    page.goto(f"{base}/koperasi/{coop}/toko")
    for sku, _ in goods:  # a scanned barcode lands in the same field as a typed SKU
        page.fill("#f-q", sku)
        page.press("#f-q", "Enter")
        page.wait_for_load_state()
    expect(page.locator("#cart li")).to_have_count(2)
    page.select_option("#method", "wallet")
    page.fill("#member", number)
    page.fill("#pin", "123456")
    _shot(page, "1-cart")
    page.click("#pay")
    expect(page.locator("#receipt")).to_be_visible()
    expect(page.locator("#receipt-method")).to_have_text("Dompet anggota")
    expect(page.locator("#receipt-total")).to_have_text(f"Rp {total:,}".replace(",", "."))
    _shot(page, "2-receipt")
    page.emulate_media(media="print")
    expect(page.locator("#print")).to_be_hidden()  # the print shows the receipt only
    expect(page.locator("#receipt")).to_be_visible()
    page.screenshot(path=str(SHOTS / "retail-3-print.png"), full_page=True)
    with sqlite3.connect(database) as conn:
        after = conn.execute(
            "SELECT -a.balance FROM app_user u JOIN ledger_account a ON a.member_id = u.member_id AND a.code = 'wallet'"
            " WHERE u.email = 'anggota@demo.pasarkoperasi.id'"
        ).fetchone()[0]
    assert after == balance - total
    assert errors == []
    context.close()
