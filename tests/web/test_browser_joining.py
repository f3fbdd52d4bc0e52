"""A cooperative joins by itself, in Debian's Chromium against the real app on a copy of the
demo database (tests/serving.py): its pengurus registers it on a phone (360 × 740) with its
papers, the operator verifies it at a desk (1280 × 800: the checklist ticked through htmx, then
approval), and the new manager, back on the phone, invites a cashier whose one-time link signs
them in on their own phone. Every phone page is checked for horizontal overflow; screenshots go
to /tmp/shots/joining-*.png."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.onboarding.helpers import JPEG, PDF, PNG
from tests.serving import serve, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("JOINING_SHOTS", "/tmp/shots"))
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 800}
OPERATOR = "operator@demo.pasarkoperasi.id"
NAME = "Koperasi Produsen Cengkeh Sikka"


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo_database):
    with serve(tmp_path_factory.mktemp("joining-browser"), demo_database) as url:
        yield url


def _shot(page, name: str, *, phone: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"joining-{name}.png"), full_page=True)
    if phone:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name}: {page.url} is {width} px wide at 360 px"


def _page(browser, viewport, errors: list[str]):
    page = browser.new_context(viewport=viewport, locale="id-ID", timezone_id="Asia/Makassar").new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _register(page, base: str) -> int:
    """The pengurus fills in the registration on a phone; the cooperative's id."""
    from playwright.sync_api import expect

    page.goto(f"{base}/daftar-koperasi")
    _shot(page, "01-register")
    for name, value in {
        "#f-name": NAME,
        "#f-legal_number": "AHU-0012345.AH.01.26.TAHUN 2021",
        "#f-nik_koperasi": "5307010000001234",
        "#f-regency": "Kabupaten Sikka",
        "#f-address": "Jl. El Tari 7, Maumere",
        "#f-bank_account_number": "5551234567",
        "#f-bank_account_holder": NAME,
        "#f-contact_name": "Fransiska Nona",
        "#f-contact_position": "Ketua",
        "#f-contact_phone": "081339001122",
        "#f-manager_name": "Yoseph Lado",
        "#f-manager_email": "manajer@cengkeh-sikka.id",
        "#f-manager_password": "cengkeh123",
        "#f-manager_password_again": "cengkeh123",
    }.items():
        page.fill(name, value)
    page.select_option("#f-province", "Nusa Tenggara Timur")
    page.select_option("#f-bank_name", "BRI")
    for kind, (filename, mime, content) in {
        "akta_pendirian": ("akta.pdf", "application/pdf", PDF),
        "sk_pengesahan": ("sk.jpg", "image/jpeg", JPEG),
        "npwp": ("npwp.png", "image/png", PNG),
    }.items():
        page.set_input_files(f"#f-{kind}", files=[{"name": filename, "mimeType": mime, "buffer": content}])
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/koperasi/\d+/pendaftaran$"))
    expect(page.locator("#waiting")).to_have_text("Menunggu pemeriksaan")
    expect(page.locator("main")).to_contain_text("Sesuai: nama di bank sama dengan nama koperasi")
    _shot(page, "02-application-pending")
    return int(page.url.rsplit("/", 2)[1])


def _verify(page, base: str) -> None:
    """The operator ticks the checklist (htmx swaps it) and approves, at a desk."""
    from playwright.sync_api import expect

    sign_in(page, base, OPERATOR)
    page.goto(f"{base}/operator/pendaftaran")
    page.click(f"a:text-is('{NAME}')")
    approve = page.locator("button:has-text('Setujui & aktifkan')")
    expect(approve).to_be_disabled()
    for item in ("documents_read", "legal_number_format", "bank_name_matches", "contact_reached"):
        page.click(f"button[data-check={item}]")
        expect(page.locator(f"button[data-check={item}]")).to_have_text("Hapus centang")
    _shot(page, "03-operator-checklist", phone=False)
    approve.click()
    expect(page.locator("[role=status]")).to_contain_text(f"{NAME} terverifikasi dan aktif.")
    _shot(page, "04-operator-approved", phone=False)


def _invite(page, base: str, coop_id: int) -> str:
    """The manager invites a cashier; the one-time link the page shows."""
    from playwright.sync_api import expect

    page.goto(f"{base}/koperasi/{coop_id}/pendaftaran")
    expect(page.locator("main")).to_contain_text("Koperasi sudah terverifikasi")
    page.click("nav a:text-is('Pengguna')")
    page.select_option("#f-role", "cashier")
    page.fill("#f-name", "Maria Kasir")
    page.fill("#f-phone", "081339005566")
    page.click("button:has-text('Buat tautan undangan')")
    expect(page.locator("a:has-text('Kirim lewat WhatsApp')")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/6281339005566\?text=")
    )
    _shot(page, "05-invitation-link")
    return page.locator("#f-link").input_value()


def _cashier_signs_in(page, link: str, coop_id: int) -> None:
    from playwright.sync_api import expect

    page.goto(link)
    expect(page.locator("h1")).to_have_text(f"Undangan {NAME}")
    _shot(page, "06-invitation-open")
    page.fill("#f-email", "maria@cengkeh-sikka.id")
    page.fill("#f-password", "kasir12345")
    page.fill("#f-password_again", "kasir12345")
    page.click("button:has-text('Buat login & masuk')")
    page.wait_for_url(re.compile(rf".*/koperasi/{coop_id}/anggota$"))
    expect(page.locator("[role=status]")).to_contain_text("Login Anda sudah aktif")
    expect(page.locator("nav a:text-is('Kasir PPOB')")).to_be_visible()
    _shot(page, "07-cashier-signed-in")
    page.goto(link)
    expect(page.locator("main")).to_contain_text("sudah dipakai")


def test_a_cooperative_registers_is_verified_and_its_manager_invites_a_cashier(served, browser):
    errors: list[str] = []
    manager = _page(browser, PHONE, errors)
    coop_id = _register(manager, served)
    _verify(_page(browser, DESK, errors), served)
    link = _invite(manager, served, coop_id)
    _cashier_signs_in(_page(browser, PHONE, errors), link, coop_id)
    assert errors == []
