"""The bookkeeping pages on a 360 px phone, in Debian's Chromium (see tests/web/test_browser.py):
none is wider than the screen, and every amount of a statement, of the inventory report and of a
journal entry lies inside it (a table scrolled sideways hid them before), for the manager and for
a member."""

from __future__ import annotations

import re

import pytest

from tests.serving import ARTIFACTS, serve, sign_in

pytestmark = pytest.mark.browser

MANAGER = "manajer@demo.pasarkoperasi.id"
MEMBER = "anggota@demo.pasarkoperasi.id"
WIDTH = 360
STATEMENTS = ("neraca-saldo", "neraca", "phu", "ekuitas", "arus-kas", "buku-besar?akun=1102")
# The numbers a person must be able to read without scrolling sideways.
AMOUNTS = "#statement td.num, .stack-table .num, .journal-table .num"
OFF_SCREEN = """(selector) => [...document.querySelectorAll(selector)]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < 0 || r.right > innerWidth); })
    .map(e => e.textContent.trim())"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_database):
    with serve(tmp_path_factory.mktemp("browser-books"), demo_database) as url:
        yield url


def _check(page, url: str, shot: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, url
    assert page.evaluate(OFF_SCREEN, AMOUNTS) == [], url
    page.screenshot(path=str(ARTIFACTS / f"books-{shot}.png"), full_page=True)


def test_the_books_pages_fit_a_phone_for_the_manager_and_a_member(server, browser, tmp_path):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": WIDTH, "height": 740})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # given: the demo manager on a phone
    sign_in(page, server, MANAGER)
    coop = re.search(r"/koperasi/(\d+)/", page.url)
    assert coop, page.url
    base = f"{server}/koperasi/{coop.group(1)}"

    # then: every statement, the journal and its forms, the chart, periods, opening import and
    # the inventory report fit the screen with their amounts on it
    for slug in STATEMENTS:
        _check(page, f"{base}/laporan/{slug}", f"manager-{slug.split('?')[0]}")
        assert page.locator("#statement td.num").count() > 0, slug
    # a period chosen on one statement (htmx swaps the statement and the tabs) stays for the others
    page.goto(f"{base}/laporan/phu")
    page.fill("input[name=dari]", "2025-01-01")
    page.fill("input[name=sampai]", "2025-12-31")
    page.click("form.period-picker button[type=submit]")
    page.wait_for_url("**/phu?dari=2025-01-01&sampai=2025-12-31")
    tab = page.locator("#report-tabs a:text-is('Neraca (posisi keuangan)')")
    expect(tab).to_have_attribute("href", re.compile(r"/neraca\?sampai=2025-12-31$"))
    tab.click()
    page.wait_for_url("**/neraca?sampai=2025-12-31")
    assert "Per tanggal 31-12-2025" in page.locator("#statement").inner_text()
    page.goto(f"{base}/laporan/buku-besar?akun=1102")
    # the buku besar's references open their entries
    entry = page.locator("#statement a[href*='/jurnal/']").first.get_attribute("href")
    assert entry
    _check(page, f"{server}{entry}", "manager-entry")
    assert page.locator(".journal-table td.num").count() >= 2
    for path in ("laporan", "jurnal", "jurnal/baru", "periode", "akun", "saldo-awal"):
        _check(page, f"{base}/{path}", f"manager-{path.replace('/', '-')}")
    # an opening import refused row by row lists its reasons readably
    bad = tmp_path / "neraca.csv"
    bad.write_text("nomor_akun,debit,kredit\n1101,1000000,0\n9999,0,5000\n3101,abc,0\n")
    page.fill("input[type=date]", "2026-01-31")
    page.set_input_files("input[type=file] >> nth=0", str(bad))
    page.click("form[action$='/saldo-awal'] button[type=submit]")
    expect(page.locator("#opening-problems li")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert page.evaluate(OFF_SCREEN, "#opening-problems li") == []
    # the inventory report is reached from the reports index
    page.goto(f"{base}/laporan")
    page.click("a[href$='/persediaan']")
    page.wait_for_url("**/persediaan")
    _check(page, page.url, "manager-persediaan")
    assert page.locator(".stack-table .num").count() > 0

    # and: a member reads the statements and their own SHU on a phone too
    member = browser.new_page(viewport={"width": WIDTH, "height": 740})
    member.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(member, server, MEMBER)
    for slug in ("neraca", "phu", "buku-besar?akun=3102"):
        _check(member, f"{base}/laporan/{slug}", f"member-{slug.split('?')[0]}")
    assert member.locator("#statement a[href*='/jurnal/']").count() == 0  # the journal is the staff's
    _check(member, f"{server}/saya", "member-saya")
    assert errors == []
