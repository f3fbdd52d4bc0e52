"""Cash at another cooperative's counter on phones (360 × 740), in Debian's Chromium against the
real app on a copy of the demo database (tests/serving.py).

The demo's member of Koperasi Kopi Wamena (Papua, WIT; login anggota.wamena@…, PIN 123456) has
money in their wallet. Bajawa's cashier (Flores, WITA) finds them by cooperative and member
number and asks for a 50,000 withdrawal; the member, on their own phone, sees it on /saya/loket
and confirms with the PIN; the cashier's status page updates itself to "Bayarkan Rp 50.000". Every
page is checked for horizontal overflow; screenshots go to /tmp/shots/network-*.png.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.serving import serve, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("NETWORK_SHOTS", "/tmp/shots"))
PHONE = {"width": 360, "height": 740}
CASHIER = "kasir@demo.pasarkoperasi.id"  # Koperasi Kopi Bajawa's
MEMBER = "anggota.wamena@demo.pasarkoperasi.id"
PIN = "123456"


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo_database):
    workdir = tmp_path_factory.mktemp("network-browser")
    with serve(workdir, demo_database) as url:
        yield url, workdir / "pasar.db"


def _shot(page, name: str) -> None:
    """A full-page screenshot, and nothing wider than the phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"network-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {page.url} is {width} px wide at 360 px"


def _who(database: Path) -> tuple[int, int, str, int]:
    """(Bajawa's id, Wamena's id, the member's number, the member's wallet balance)."""
    with sqlite3.connect(database) as conn:
        bajawa = conn.execute("SELECT id FROM cooperative WHERE slug = 'kopi-bajawa'").fetchone()[0]
        wamena, number, balance = conn.execute(
            "SELECT m.cooperative_id, m.member_number, -a.balance FROM app_user u JOIN member m ON m.id = u.member_id"
            " JOIN ledger_account a ON a.member_id = m.id AND a.code = 'wallet' WHERE u.email = ?",
            (MEMBER,),
        ).fetchone()
    return bajawa, wamena, number, balance


def test_a_cashier_of_another_cooperative_pays_a_visiting_member_cash(served, browser):
    from playwright.sync_api import expect

    base, database = served
    bajawa, wamena, number, balance = _who(database)
    assert balance >= 50_000
    errors: list[str] = []
    contexts = [browser.new_context(viewport=PHONE, locale="id-ID") for _ in range(2)]
    cashier, member = (context.new_page() for context in contexts)
    for page in (cashier, member):
        page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(member, base, MEMBER)
    member.goto(f"{base}/saya/loket")
    expect(member.locator("#no-pending")).to_be_visible()

    # the cashier of Bajawa finds the Wamena member and asks for 50,000
    sign_in(cashier, base, CASHIER)
    cashier.goto(f"{base}/koperasi/{bajawa}/loket-jaringan")
    cashier.select_option("#f-koperasi", str(wamena))
    cashier.fill("#f-nomor", number)
    cashier.click("#find-member button[type=submit]")
    expect(cashier.locator("#visitor")).to_contain_text(number)
    cashier.fill("#withdraw-amount", "50.000")
    _shot(cashier, "1-counter")
    cashier.click("#withdraw-submit")
    expect(cashier.locator("#tx-status")).to_have_text("Menunggu konfirmasi anggota")
    expect(cashier.locator("#counter-status")).to_contain_text("WITA")  # the counter's own clock
    _shot(cashier, "2-waiting")

    # the member's page shows it by itself; they confirm with their PIN
    expect(member.locator(".pending-request")).to_contain_text("Rp 50.000", timeout=8000)
    expect(member.locator(".pending-request")).to_contain_text("WIT")  # the member's cooperative's clock
    member.locator(".pending-request input[name=pin]").fill(PIN)
    _shot(member, "3-member-confirms")
    member.locator(".pending-request button.primary").click()
    expect(member.locator("[role=status]")).to_contain_text("dikonfirmasi")
    expect(member.locator("#counter-history")).to_contain_text("Koperasi Produsen Kopi Arabika Bajawa")
    _shot(member, "4-member-done")

    # the cashier's page updates itself: pay the cash out
    expect(cashier.locator("#pay-out")).to_have_text("Bayarkan Rp 50.000", timeout=8000)
    _shot(cashier, "5-pay-out")
    assert _who(database)[3] == balance - 50_000
    cashier.goto(f"{base}/koperasi/{bajawa}/jaringan")
    expect(cashier.locator("#counter-figures")).to_contain_text("Rp 50.000")
    _shot(cashier, "6-position")
    assert errors == []
    for context in contexts:
        context.close()
