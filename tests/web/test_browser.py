"""The real app in a real browser: uvicorn in a subprocess on a fresh SQLite file with the demo
data, driven by Debian's Chromium headless through Playwright (never a downloaded browser).

Run alone with ``pytest -m browser``. Without /usr/bin/chromium the test fails: CI installs it
(``apt-get install -y chromium``).
"""

from __future__ import annotations

import pytest

from tests.serving import ARTIFACTS, serve
from tests.serving import DEMO_PASSWORD as PASSWORD

pytestmark = pytest.mark.browser

MANAGER = "manajer@demo.pasarkoperasi.id"
NEW_NIK = "5309014507850099"  # Ngada (NTT), a woman born 5 July 1985, serial 0099


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_database):
    """The app served by uvicorn on a free port, on a fresh copy of the demo database."""
    with serve(tmp_path_factory.mktemp("browser"), demo_database) as url:
        yield url


def test_a_manager_adds_a_member_and_records_their_simpanan_wajib(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 360, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # given: the demo manager signs in and lands on the members list
    page.goto(f"{server}/masuk")
    page.fill("#f-email", MANAGER)
    page.fill("#f-password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/koperasi/*/anggota")
    expect(page.locator("h1")).to_have_text("Anggota")

    # when: they add a member through the form
    page.click("text=Tambah anggota")
    page.fill("#f-name", "Theresia Peramban")
    page.fill("#f-nik", NEW_NIK)
    page.fill("#f-phone", "081337001122")
    page.fill("#f-joined_on", "2024-02-01")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/anggota/*")

    # then: the member's page, NIK masked
    expect(page.locator("h1")).to_have_text("Theresia Peramban")
    expect(page.locator(".alert-ok")).to_contain_text("Theresia Peramban diterima sebagai anggota nomor KOPI-")
    expect(page.locator("main")).to_contain_text("5309********0099")
    assert NEW_NIK not in page.content()

    # when: they record simpanan wajib; htmx swaps the savings block without leaving the page
    page.evaluate("window.__samePage = true")
    page.select_option("#deposit-kind", "wajib")
    page.fill("#deposit-amount", "20.000")
    page.fill("#deposit-note", "Februari")
    page.click("#deposit-form button[type=submit]")

    # then: the confirmation, the balance and the history line
    expect(page.locator("#savings .alert-ok")).to_have_text("Setoran simpanan wajib sebesar Rp 20.000 dicatat.")
    wajib = page.locator(".balance", has_text="Simpanan wajib")
    expect(wajib).to_contain_text("Rp 20.000")
    expect(page.locator(".history li").first).to_contain_text("Simpanan wajib")
    expect(page.locator(".history li").first).to_contain_text("Februari")
    assert page.evaluate("window.__samePage") is True
    assert page.input_value("#deposit-amount") == ""  # a fresh form with a fresh key

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-member-deposit.png"), full_page=True)

    # and: the new member is found by searching as you type, with the query in the address bar
    page.click("text=← Anggota")
    page.fill("#q", "Peramban")
    expect(page.locator("#member-rows .row")).to_have_count(1)
    expect(page.locator("#member-rows")).to_contain_text("Theresia Peramban")
    page.wait_for_url("**/anggota?q=Peramban")
    assert errors == []
