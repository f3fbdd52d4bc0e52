"""A manager books an expense with a photo of the receipt on a phone (360 px), sees it in the
journal, in the PHU and in the neraca, and downloads the PDF of the PHU — the real app in
Debian's Chromium (see tests/web/test_browser.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.serving import ARTIFACTS, serve, sign_in

pytestmark = pytest.mark.browser

MANAGER = "manajer@demo.pasarkoperasi.id"
AMOUNT = 123_457


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_database):
    with serve(tmp_path_factory.mktemp("browser-journal"), demo_database) as url:
        yield url


def _receipt(path) -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (900, 1200), (250, 250, 245))
    ImageDraw.Draw(image).text((40, 40), "NOTA PLN  Rp 123.457", fill=(0, 0, 0))
    out = io.BytesIO()
    image.save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def _row_amount(page, number: str, column: int) -> int:
    """The amount in *column* of the statement row of account *number* (0 when it has no row)."""
    row = page.locator(f"#statement tr:has(td:text-is('{number}'))")
    if row.count() == 0:
        return 0
    text = row.first.locator("td").nth(column).inner_text().strip()
    value = int(re.sub(r"\D", "", text) or 0)
    return -value if text.startswith("(") else value


def test_a_manager_books_an_expense_with_a_photo_and_sees_it_in_the_statements(server, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 360, "height": 800}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, server, MANAGER)
    page.wait_for_url("**/koperasi/*/anggota")
    coop = re.search(r"/koperasi/(\d+)/", page.url).group(1)
    base = f"{server}/koperasi/{coop}"
    page.goto(f"{base}/laporan/neraca")
    bank_before = _row_amount(page, "1102", 2)

    # given: an account of its own for the test's expense, added from the chart page
    page.goto(f"{base}/akun")
    page.fill("#f-number", "6150")
    page.fill("#f-name", "Beban uji peramban")
    page.click("#account-form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Beban uji peramban")

    # when: the quick expense form, from the bank, with the receipt from the "camera"
    page.click("a[href$='/jurnal']")
    page.click("text=Catat biaya / jurnal")
    expect(page.locator("#f-photo")).to_have_attribute("capture", "environment")
    page.select_option("#f-paid_from", "1102")
    page.select_option("#f-expense", "6150")
    page.fill("#f-amount", "123.457")
    page.fill("#f-description", "Token listrik kios, uji peramban")
    page.set_input_files("#f-photo", _receipt(tmp_path / "nota.jpg"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing sticks out on a phone
    page.click("#entry-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/jurnal/\d+$"))

    # then: the entry with its lines and its photo
    expect(page.locator(".alert-ok, .flash, [role=status]").first).to_contain_text("dicatat")
    expect(page.locator(".journal-table")).to_contain_text("6150")
    expect(page.locator(".journal-table")).to_contain_text("123.457")
    photo = page.locator("img.receipt")
    expect(photo).to_be_visible()
    page.wait_for_function("document.querySelector('img.receipt').naturalWidth > 0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-journal-expense.png"), full_page=True)

    # and: in the journal list
    page.click("text=← Jurnal")
    expect(page.locator("#entry-rows li").first).to_contain_text("Token listrik kios, uji peramban")

    # and: in the PHU of the year (its own line) and the neraca (bank down by the amount)
    page.goto(f"{base}/laporan/phu")
    assert _row_amount(page, "6150", 2) == AMOUNT
    page.goto(f"{base}/laporan/neraca")
    assert _row_amount(page, "1102", 2) == bank_before - AMOUNT
    expect(page.locator("#statement")).to_contain_text("Seimbang.")

    # and: the PHU as an A4 PDF to sign
    page.goto(f"{base}/laporan/phu")
    with page.expect_download() as download:
        page.click("text=Unduh PDF")
    pdf = download.value.path()
    assert pdf is not None and Path(pdf).read_bytes()[:5] == b"%PDF-"
    assert errors == []
