"""Search on a phone (360x740) in a real browser, on the demo data: the suggestions used with the
keyboard alone (the combobox pattern), a misspelt query that still finds coffee ranked by the
product's own name, the pager that lands the reader on the new page's heading, and a query that
finds nothing offering what was meant. Screenshots go to test-artifacts/search-*.png.
"""

from __future__ import annotations

import re

import pytest

from tests.web.test_browser import ARTIFACTS, server  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_phone_buyer_searches_with_typos_by_keyboard_and_never_reaches_a_dead_end(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport=PHONE)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # given: the shop's home; the buyer types a misspelt word
    page.goto(f"{server}/pasar")
    box = page.locator("#shop-q")
    box.press_sequentially("kpoi", delay=20)
    expect(page.locator("#suggestion-1")).to_be_visible()
    # when: the arrow keys walk the suggestions, Escape closes them
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "suggestion-1")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#suggestion-1")).to_have_attribute("aria-selected", "true")
    box.press("ArrowUp")
    expect(box).to_have_attribute("aria-activedescendant", "suggestion-all")
    box.press("Escape")
    expect(page.locator("#suggestions")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".+"))
    # and Enter with no suggestion chosen sends the search
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/pasar/cari\?q=kpoi$"))

    # then: coffee despite the typo, with "kopi" in every name of the first page (products whose
    # seller alone is called "… Kopi …" come after them), under the page's main heading
    expect(page.locator("h1")).to_have_text("Cari “kpoi”")
    first_page = page.locator("#results .product-name").all_inner_texts()
    assert len(first_page) == 20 and all("kopi" in n.lower() for n in first_page), first_page
    no_overflow(page)
    shot(page, "search-typo-phone")

    # when: the buyer, at the bottom of the page, asks for the next page
    page.locator(".pager a", has_text="Berikutnya").click()
    # then: the new page's heading has the focus and is in view
    heading = page.locator("#results-count")
    expect(heading).to_contain_text("Halaman 2")
    expect(heading).to_be_focused()
    top = page.evaluate("document.getElementById('results-count').getBoundingClientRect().top")
    assert 0 <= top < PHONE["height"], top
    assert page.locator("#results .product-name").first.inner_text() not in first_page

    # when: a query finds nothing
    page.goto(f"{server}/pasar/cari?q=kopiii+bajwaa")
    # then: what was meant, and the nearest categories
    meant = page.locator(".did-you-mean a").first
    expect(meant).to_have_text("kopi bajawa")
    expect(page.locator(".empty .chip", has_text="Kopi & teh")).to_be_visible()
    no_overflow(page)
    shot(page, "search-none-phone")
    meant.click()
    page.wait_for_url(re.compile(r".*/pasar/cari\?q=kopi\+bajawa$"))
    expect(page.locator("#results .product-name").first).to_contain_text("Kopi")

    # and: a suggestion chosen with the arrow key and Enter opens its product
    box = page.locator("#shop-q")
    box.fill("")
    box.press_sequentially("madu hutn", delay=20)
    expect(page.locator("#suggestion-1")).to_contain_text("Madu Hutan")
    name = page.locator("#suggestion-1 .suggestion-name").inner_text()
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/pasar/produk/\d+$"))
    expect(page.locator("h1")).to_have_text(name)
    assert errors == []
