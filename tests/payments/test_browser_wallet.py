"""A member tops up the wallet in a real browser: the wallet page, the sandbox's hosted invoice
page, Pay, and back to the new balance; and, on a phone, sends money to a member of another
cooperative (the recipient's name checked first, the PIN, the balance after). The app runs in uvicorn on a fresh SQLite file with the
demo data, with its own embedded Xendit sandbox (no configuration)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.serving import serve

pytestmark = pytest.mark.browser

SECRET = "wallet-browser-secret"


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_database):
    with serve(tmp_path_factory.mktemp("wallet-browser"), demo_database, env={"SECRET_KEY": SECRET}) as url:
        yield url


def _idr(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


def test_a_member_tops_up_through_the_sandbox_invoice_page_and_sees_the_new_balance(server, browser):
    from playwright.sync_api import expect

    from market.settings import Settings
    from payments import wiring

    key = wiring.secret_key(Settings(SECRET_KEY=SECRET))
    sandbox = httpx.Client(base_url=f"{server}/sandbox/xendit", auth=(key, ""))
    with sandbox:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(f"{server}/masuk?next=/dompet")
        page.fill("#f-email", "anggota@demo.pasarkoperasi.id")
        page.fill("#f-password", "demo12345")
        page.click("form.form button[type=submit]")
        page.wait_for_url("**/dompet")
        # the demo member already holds the proceeds of the produce they supplied ("hasil penjualan")
        before = int(page.locator("#wallet-balance").inner_text().removeprefix("Rp ").replace(".", ""))
        start, after = _idr(before), _idr(before + 75_000)
        # when: top up Rp 75.000 and pay on the hosted invoice page with DANA
        page.fill("#topup-amount", "75.000")
        page.click("#topup-submit")
        page.wait_for_url("**/sandbox/xendit/web/invoices/*")
        expect(page.locator("#amount")).to_have_text("Rp 75.000")
        # the provider holds its callback until we release it, so the page sees it arrive
        sandbox.post("/_sandbox/config", json={"default_mode": "hold"}).raise_for_status()
        page.check("input[value=DANA]")
        page.click("#pay")
        page.wait_for_url("**/dompet")
        expect(page.locator("#balance")).to_contain_text("Menunggu pembayaran")
        expect(page.locator("#wallet-balance")).to_have_text(start)
        held = [d for d in sandbox.get("/_sandbox/deliveries").json() if d["state"] == "held"]
        assert len(held) == 1
        sandbox.post(f"/_sandbox/deliveries/{held[0]['id']}/release").raise_for_status()
        # then: the balance block, polling itself, shows the top-up once the callback is applied
        expect(page.locator("#wallet-balance")).to_have_text(after, timeout=15_000)
        expect(page.locator("#balance")).not_to_contain_text("Menunggu pembayaran")
        page.reload()
        expect(page.locator("#wallet-history")).to_contain_text("Isi saldo")


def _wamena_member(database) -> tuple[str, str]:
    """(member number, name) of a member of Koperasi Kopi Wamena, read off the demo's database."""
    import sqlite3

    with sqlite3.connect(database) as conn:
        return conn.execute(
            "SELECT m.member_number, m.name FROM member m JOIN cooperative c ON c.id = m.cooperative_id"
            " WHERE c.slug = 'kopi-wamena' AND m.status = 'active' ORDER BY m.id DESC LIMIT 1"
        ).fetchone()


def test_a_member_transfers_to_a_member_of_another_cooperative_on_a_phone(server, browser, demo_database):
    from playwright.sync_api import expect

    number, name = _wamena_member(demo_database)
    shots = Path("/tmp/shots")
    shots.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 360, "height": 740})

    def fits(label: str) -> None:  # nothing wider than the phone, and a picture to look at
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, label
        page.screenshot(path=str(shots / f"wallet-{label}.png"))

    page.goto(f"{server}/masuk?next=/dompet")
    page.fill("#f-email", "anggota@demo.pasarkoperasi.id")
    page.fill("#f-password", "demo12345")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/dompet")
    before = int(page.locator("#wallet-balance").inner_text().removeprefix("Rp ").replace(".", ""))
    fits("home")
    page.click("#go-transfer")
    page.wait_for_url("**/dompet/transfer")
    # when: the recipient is found in Koperasi Kopi Wamena by member number, checked, then paid
    page.select_option("#f-cooperative", "kopi-wamena")
    page.fill("#f-member_number", number)
    page.click("#check-recipient")
    expect(page.locator("#recipient-name")).to_contain_text(name)
    page.fill("#f-amount", "15.000")
    page.fill("#f-note", "Bibit kopi")
    page.fill("#f-pin", "123456")
    fits("transfer")
    page.click("#transfer-submit")
    page.wait_for_url("**/dompet")
    # then: sent, the balance down by exactly that, the line names the recipient
    expect(page.locator(".alert-ok")).to_contain_text(f"Terkirim Rp 15.000 ke {name}")
    expect(page.locator("#wallet-balance")).to_have_text(_idr(before - 15_000))
    expect(page.locator("#wallet-history li").first).to_contain_text(f"Transfer ke {name}")
    for path, label in (("/dompet/tarik", "withdraw"), ("/dompet/mutasi", "statement"), ("/dompet/pin", "pin")):
        page.goto(f"{server}{path}")
        fits(label)
