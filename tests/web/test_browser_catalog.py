"""The shop and the CSV import in a real browser (Debian Chromium through Playwright, never a
downloaded browser), on the demo data: a buyer searches with a typo, narrows by province without a
full reload, goes back, opens a product; a manager imports a CSV and watches the report arrive.

Screenshots at 360 px and 1280 px go to test-artifacts/.
"""

from __future__ import annotations

import re

import pytest

from tests.web.test_browser import ARTIFACTS, MANAGER, PASSWORD, server  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
WIDTHS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_buyer_finds_a_product_despite_a_typo_narrows_by_province_and_opens_it(server, browser, size):
    from playwright.sync_api import expect

    page = browser.new_page(viewport=WIDTHS[size])
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # given: the shop's home
    page.goto(f"{server}/pasar")
    expect(page.locator("h1")).to_have_text("Belanja langsung dari koperasi")
    shot(page, f"shop-home-{size}")

    # when: the buyer types a misspelt query, suggestions appear as they type
    page.locator("#shop-q").press_sequentially("kopi arabica", delay=20)
    suggestion = page.locator("#suggestions li a .suggestion-name").first
    expect(suggestion).to_contain_text("Kopi Arabika")
    shot(page, f"shop-suggestions-{size}")

    # and: pressing Enter shows every result
    page.locator("#shop-q").press("Enter")
    page.wait_for_url(re.compile(r".*/pasar/cari\?q=kopi\+arabica$"))
    expect(page.locator("#results .product-name").first).to_contain_text("Kopi Arabika")
    before = page.locator("#results-count").inner_text()

    # when: they narrow by a province; htmx swaps the results without leaving the page
    page.evaluate("window.__samePage = true")
    if size == "phone":
        page.locator(".filter-panel > summary").click()
    province = page.locator("fieldset.facet", has_text="Provinsi").locator("li a").first
    province_name = province.locator("span").first.inner_text()
    province_count = province.locator(".count").inner_text()
    province.click()
    page.wait_for_url(re.compile(r".*provinsi=.*"))
    expect(page.locator(".chips")).to_contain_text(province_name)
    # then: the swapped results are the province's, as many as its facet said, every seller in it
    # (each expect waits for that state: nothing here reads the page before the swap is done)
    expect(page.locator("#results-count")).to_contain_text(f"{province_count} produk")
    expect(page.locator("#results .product-seller").filter(has_not_text=province_name)).to_have_count(0)
    assert page.evaluate("window.__samePage") is True
    assert "q=kopi+arabica" in page.url
    after = page.locator("#results-count").inner_text()
    shot(page, f"shop-results-{size}")

    # and: the back button restores the unfiltered results
    page.go_back()
    page.wait_for_url(re.compile(r".*/pasar/cari\?q=kopi\+arabica$"))
    expect(page.locator("#results-count")).to_have_text(before)
    assert before != after or "provinsi" not in page.url
    page.go_forward()
    page.wait_for_url(re.compile(r".*provinsi=.*"))
    expect(page.locator(".chips")).to_contain_text(province_name)

    # when: they open a product
    name = page.locator("#results .product-name").first.inner_text()
    page.locator("#results .product-link").first.click()
    page.wait_for_url(re.compile(r".*/pasar/produk/\d+$"))

    # then: its page with price, stock, cooperative and provenance
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator(".seller")).to_contain_text("Koperasi")
    expect(page.locator(".provenance")).to_contain_text("Kabupaten asal")
    expect(page.locator(".product-info > .facts")).to_contain_text("Minimum pesanan")
    shot(page, f"shop-product-{size}")
    assert errors == []


def test_a_manager_imports_a_csv_and_sees_the_report(server, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page(viewport=WIDTHS["phone"])
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    csv_file = tmp_path / "produk-baru.csv"
    csv_file.write_text(
        "sku;nama;kategori;satuan;harga;stok;harga_grosir;asal_kabupaten\n"
        "IMP-KOPI-1;Kopi Arabika Bajawa Natural 250 g;kopi & teh;pcs;92000;30;10:88000;Kabupaten Ngada\n"
        "IMP-GULA-1;Gula Aren Cetak Ngada 1 kg;minyak & gula;pcs;28000;50;;Kabupaten Ngada\n"
        "IMP-RUSAK;Minyak Kemiri 100 ml;bumbu;botol;15000;5;;\n",
        encoding="utf-8",
    )

    # given: the demo manager signed in, on the products list
    page.goto(f"{server}/masuk")
    page.fill("#f-email", MANAGER)
    page.fill("#f-password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/koperasi/*/anggota")
    page.click("nav.nav >> text=Produk")
    page.wait_for_url(re.compile(r".*/koperasi/\d+/produk$"))
    shot(page, "staff-products-phone")

    # when: they upload the CSV on the import page
    page.click("text=Impor CSV")
    page.set_input_files("#f-file", str(csv_file))
    page.click("text=Mulai impor")
    page.wait_for_url(re.compile(r".*/produk/impor/\d+$"))

    # then: the status block polls itself until the report is there
    expect(page.locator("#import-status")).to_have_attribute("data-status", "done", timeout=15_000)
    expect(page.locator("#count-created")).to_have_text("2")
    expect(page.locator("#count-rejected")).to_have_text("1")
    rejected = page.locator("tr.result-rejected")
    expect(rejected).to_contain_text("IMP-RUSAK")
    expect(rejected).to_contain_text("kategori tidak dikenal")
    expect(page.locator("#import-status")).not_to_have_attribute("hx-trigger", re.compile(".*"))
    shot(page, "staff-import-report-phone")
    page.set_viewport_size(WIDTHS["desktop"])
    shot(page, "staff-import-report-desktop")

    # and: the new products are in the list
    page.click("text=Lihat produk")
    expect(page.locator("#product-rows")).to_contain_text("Kopi Arabika Bajawa Natural 250 g")
    page.click("text=Kopi Arabika Bajawa Natural 250 g")
    expect(page.locator("#stock-available")).to_have_text("30")
    shot(page, "staff-product-edit-desktop")
    assert errors == []
