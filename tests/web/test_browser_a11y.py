"""Keyboard and accessibility in a real browser (Debian Chromium through Playwright) on the demo:

- after a delivery choice changes at checkout (htmx swaps the summary), the focus stays on the
  changed choice, so Tab goes on to the next cooperative's choice instead of starting again
  from the top of the page; an incomplete checkout's error summary takes the focus on screen;
- axe-core (tests/web/vendor, npm ``axe-core``) over the key pages of every role finds no
  critical and no serious violation (it prints what it found).

One server and one browser; each role signs in once. Screenshots at 360 px go to /tmp/shots/.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.serving import DEMO_PASSWORD, serve

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = Path("/tmp/shots")
PHONE = {"width": 360, "height": 740}
DEMO = "@demo.pasarkoperasi.id"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_database):
    with serve(tmp_path_factory.mktemp("a11y-browser"), demo_database) as url:
        yield url


def _signed_in(browser, server: str, who: str | None):
    page = browser.new_context(viewport=PHONE).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    if who:
        page.goto(f"{server}/masuk")
        page.fill("#f-email", who + DEMO)
        page.fill("#f-password", DEMO_PASSWORD)
        page.click("form.form button[type=submit]")
        page.wait_for_load_state()
    return page


def _add_first_product(page, server: str, slug: str) -> int:
    from playwright.sync_api import expect

    page.goto(f"{server}/pasar/koperasi/{slug}")
    href = page.locator("#results .product-link").first.get_attribute("href")
    page.goto(server + href)
    page.click("#add-submit")
    expect(page.locator("#cart-added")).to_be_visible()
    return int(re.search(r"(\d+)$", href).group(1))


def _focused(page) -> str:
    return page.evaluate("document.activeElement && (document.activeElement.id || document.activeElement.tagName)")


def test_the_focus_stays_on_a_changed_delivery_choice_and_the_error_summary_takes_it(server, browser):
    from playwright.sync_api import expect

    buyer = _signed_in(browser, server, "pembeli")
    _add_first_product(buyer, server, "kopi-bajawa")
    _add_first_product(buyer, server, "beras-ngawi")
    buyer.goto(f"{server}/checkout")
    groups = buyer.locator(".checkout-group")
    expect(groups).to_have_count(2)
    first, second = (int(g.get_attribute("id").rsplit("-", 1)[1]) for g in groups.all())

    # an incomplete checkout: the summary comes into view with the focus, linking to each field
    buyer.click("#place-order")
    expect(buyer.locator("#error-summary")).to_be_focused()
    top = buyer.evaluate("document.getElementById('error-summary').getBoundingClientRect().top")
    assert -1 <= top < PHONE["height"] / 2, top  # at the top of the screen (sub-pixel)
    buyer.locator("#error-summary a[href='#f-street']").click()
    expect(buyer.locator("#f-street")).to_be_focused()
    SHOTS.mkdir(exist_ok=True)
    buyer.screenshot(path=str(SHOTS / "a11y-checkout-summary-360.png"))

    # a province first (the cooperatives deliver there), then the keyboard changes a choice
    buyer.select_option("#f-provinsi", "DKI Jakarta")
    expect(buyer.locator(f"#delivery-{first}-delivery")).to_be_enabled()
    buyer.focus(f"#delivery-{first}-pickup")
    buyer.keyboard.press("ArrowDown")  # selects "diantar": the summary is swapped
    expect(buyer.locator(f"#fee-{first}")).not_to_have_text("Rp 0")
    expect(buyer.locator(f"#delivery-{first}-delivery")).to_be_focused()
    buyer.keyboard.press("Tab")  # on to the next cooperative's choice, not back to the top
    assert _focused(buyer).startswith(f"delivery-{second}-"), _focused(buyer)
    assert buyer.errors == []  # type: ignore[attr-defined]


# (role, pages): the key pages of each; {coop} is the staff's cooperative, {product} a product
PAGES = {
    None: ["/", "/pasar/cari?q=kopi", "/pasar/produk/{product}", "/keranjang", "/masuk"],
    "pembeli": ["/checkout", "/pesanan"],  # the cart the test above filled (else /checkout shows the cart)
    "manajer": [
        "/koperasi/{coop}/anggota",
        "/koperasi/{coop}/anggota/baru",
        "/koperasi/{coop}/produk/baru",
        "/koperasi/{coop}/pesanan",
        "/koperasi/{coop}/ongkir",
        "/koperasi/{coop}/jurnal/baru",
        "/koperasi/{coop}/laporan",
    ],
    "anggota": ["/saya", "/dompet", "/ppob"],
    "operator": ["/operator/koperasi"],
}


def test_key_pages_have_no_critical_or_serious_accessibility_violation(server, browser):
    started, checked = time.monotonic(), 0
    found: list[str] = []
    product = coop = None
    for role, paths in PAGES.items():
        page = _signed_in(browser, server, role)
        page.context.add_init_script(path=str(AXE))  # in every page this role opens
        if role is None:
            product = _add_first_product(page, server, "kopi-bajawa")  # so /keranjang has a line
        if role == "manajer":
            coop = int(re.search(r"/koperasi/(\d+)/", page.url).group(1))
        for path in paths:
            page.goto(server + path.format(coop=coop, product=product), wait_until="domcontentloaded")
            checked += 1
            result = page.evaluate(
                "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG
            )
            for v in result["violations"]:
                if v["impact"] in ("critical", "serious"):
                    targets = ", ".join(str(n["target"][0]) for n in v["nodes"][:3])
                    found.append(f"{role or 'tamu'} {path}: {v['impact']} {v['id']} ({len(v['nodes'])}×: {targets})")
        page.context.close()
    print(f"\naxe-core over {checked} pages of 5 roles in {time.monotonic() - started:.1f} s (ceiling 25 s)")
    print("critical/serious violations:", *(found or ["none"]), sep="\n  ")
    assert found == []
