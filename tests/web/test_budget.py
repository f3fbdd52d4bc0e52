"""The weight budget of the key pages on a slow phone link (issue 15): Chromium with the network
emulated at 400 ms latency and 400 kbit/s and the CPU slowed four times, over the demo data.

For each page, as the role that uses it: bytes over the wire on a first view (an empty cache,
images aside) at most 25 KB, on a repeat view (the same page again, everything included) at
most 8 KB, and the first contentful paint at most 1.5 s, with no render-blocking request on the
way to it. The test prints the table and fails past the budget.

Exact and fast. Bytes are Chromium's own count from its network events (each response's encoded
length, headers included), taken unthrottled, since they do not depend on the link's speed: a
first view in a fresh context (an empty cache), left to settle whole, then the same page again.
A first view is a browser that keeps nothing of the site but the role's sign-in: its stylesheet
cookie and its local storage are dropped (web.assets: a browser that kept the stylesheet takes it
from there, which is the repeat view's case). The paint is taken on another fresh context with
the emulation on, one page at a time once every page is weighed, and the context is closed as soon
as it is known; Chromium's resource timing says whether any request held it back
(renderBlockingStatus), which is what a regression does and never noise.

The paint's floor on this link is one round trip for the page and its bytes at 50 KB/s: the
stylesheet is inline, nothing else blocks, so 0.4 s + 9-11 KB ~ 0.6 s, then the 4x-slowed CPU
parses, styles, lays out and paints (~0.25 s). Measured on a 2-core machine at a load of ~10
(other test workers): 0.68-1.46 s, median ~0.95 s. The stylesheet linked again, render-blocking,
paints at 1.26-1.6 s there, even measured alone: a time limit cannot tell it from a busy machine,
so what fails on it is Chromium's own word (a blocking request), every time. FCP_MAX_MS is the
product's target, printed beside every paint; FCP_GUARD_MS, what fails the suite on time, is
300 ms above it, ~350 ms above the slowest correct paint seen: a page grown slow some other way
(a heavier page, a slow server) fails, a busy machine does not. A page whose paint is late (past
the target) is measured once more, alone, after the others (one retry, never of the bytes) and
keeps its better paint. One browser; each role signs in once, and every page's contexts start
from that role's cookies; two pages are weighed at a time.

Run alone against a running server: ``python -m tests.web.test_budget http://127.0.0.1:8000``.
"""

from __future__ import annotations

import asyncio
import re
import sys
from dataclasses import dataclass, field

import pytest

from tests.serving import CHROMIUM, CHROMIUM_ARGS, DEMO_PASSWORD, serve
from web.assets import CSS_COOKIE

pytestmark = pytest.mark.browser

FIRST_VIEW_MAX = 25 * 1024
REPEAT_VIEW_MAX = 8 * 1024
FCP_MAX_MS = 1500  # the product's target, printed beside every page's paint
FCP_GUARD_MS = 1800  # what fails the suite (the module's docstring says why this much)
LINK = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
CPU_SLOWDOWN = 4
AT_ONCE = 2  # pages weighed at the same time (their paints are taken one at a time)
VIEWPORT = {"width": 360, "height": 740}

ROLES = {
    "buyer": "pembeli@demo.pasarkoperasi.id",
    "member": "anggota@demo.pasarkoperasi.id",
    "manager": "manajer@demo.pasarkoperasi.id",
}


@dataclass
class View:
    bytes: int = 0
    image_bytes: int = 0
    fcp_ms: float = 0.0
    blocking: list[str] = field(default_factory=list)  # requests that held the paint back


@dataclass
class Row:
    name: str
    path: str
    first: View = field(default_factory=View)
    repeat: View = field(default_factory=View)
    retried: bool = False

    def problems(self) -> list[str]:
        found = []
        if self.first.bytes > FIRST_VIEW_MAX:
            found.append(f"{self.name}: first view {self.first.bytes} B > {FIRST_VIEW_MAX} B")
        if self.repeat.bytes > REPEAT_VIEW_MAX:
            found.append(f"{self.name}: repeat view {self.repeat.bytes} B > {REPEAT_VIEW_MAX} B")
        if self.first.fcp_ms > FCP_GUARD_MS:
            found.append(f"{self.name}: first contentful paint {self.first.fcp_ms:.0f} ms > {FCP_GUARD_MS} ms")
        if self.first.blocking:
            found.append(f"{self.name}: render-blocking on a first view: {', '.join(self.first.blocking)}")
        return found


class Wire:
    """Chromium's own count of what each response took on the wire (headers included), by request."""

    def __init__(self, cdp) -> None:
        self.kinds: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.pending: set[str] = set()
        self.changed = asyncio.Event()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)

    def _sent(self, event) -> None:
        self.kinds[event["requestId"]] = event.get("type", "Other")
        if not event["request"]["url"].startswith("data:"):  # nothing on the wire
            self.pending.add(event["requestId"])

    def _finished(self, event) -> None:
        self.sizes[event["requestId"]] = int(event.get("encodedDataLength", 0))
        self._failed(event)

    def _failed(self, event) -> None:
        self.pending.discard(event["requestId"])
        self.changed.set()

    async def settle(self) -> None:
        """Until every request asked so far (the lazy images near the screen too) has ended; an image
        still coming after 20 s is left (images weigh only in a repeat view)."""
        while self.pending:
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), timeout=20)
            except TimeoutError:
                stuck = {self.kinds.get(r) for r in self.pending}
                assert stuck == {"Image"}, f"requests of kinds {stuck} never ended"
                return

    def take(self) -> View:
        view = View()
        for request_id, size in self.sizes.items():
            if self.kinds.get(request_id) == "Image":
                view.image_bytes += size
            else:
                view.bytes += size
        self.sizes.clear()
        return view


async def _weigh(browser, state, url: str) -> tuple[View, View]:
    """The bytes of a first view (a fresh context: an empty cache) and of a repeat view. Bytes do
    not depend on the link's speed, so this runs unthrottled; the first view settles whole (its
    images too) so that the repeat view finds in the cache what a person's browser would have."""
    context = await browser.new_context(storage_state=state, viewport=VIEWPORT)
    try:
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        wire = Wire(cdp)
        await cdp.send("Network.enable")
        views = []
        for _ in ("first", "repeat"):
            await page.goto(url, wait_until="load")
            await wire.settle()
            views.append(wire.take())
        first, repeat = views
        return first, View(bytes=repeat.bytes + repeat.image_bytes)  # a repeat view counts everything
    finally:
        await context.close()


async def _first_paint(browser, state, url: str) -> tuple[float, list[str]]:
    """The first contentful paint of a first view on the emulated phone link, in ms, and the
    requests that were render-blocking (all ended by then: the paint waited for them)."""
    context = await browser.new_context(storage_state=state, viewport=VIEWPORT)
    try:
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        await cdp.send("Network.emulateNetworkConditions", LINK)
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        await page.goto(url, wait_until="commit")
        paint = "performance.getEntriesByName('first-contentful-paint')"
        await page.wait_for_function(f"{paint}.length > 0", polling=50, timeout=20_000)
        blocking = "performance.getEntriesByType('resource').filter(r => r.renderBlockingStatus === 'blocking')"
        return float(await page.evaluate(f"{paint}[0].startTime")), await page.evaluate(f"{blocking}.map(r => r.name)")
    finally:
        await context.close()


async def _sign_in(browser, base: str, email: str):
    """A signed-in role's cookies, and the page it lands on."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    await page.goto(f"{base}/masuk")
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", DEMO_PASSWORD)
    await page.click("form.form button[type=submit]")
    await page.wait_for_load_state()
    return context, page


def _signed_in_only(state: dict) -> dict:
    """A role's sign-in without what its browser kept of the site (the stylesheet): a first view."""
    return {"cookies": [c for c in state["cookies"] if c["name"] != CSS_COOKIE], "origins": []}


async def _first_link(page, url: str, pattern: str) -> str:
    await page.goto(url)
    hrefs = await page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    found = next((h for h in hrefs if re.fullmatch(pattern, h)), None)
    assert found, f"no link like {pattern} on {url}"
    return found


async def _plan(browser, base: str) -> tuple[dict[str, object], list[tuple[str, str, str]]]:
    """Sign each role in once; the pages to measure as (name, role, path)."""
    states: dict[str, object] = {"visitor": {"cookies": [], "origins": []}}
    pages: list[tuple[str, str, str]] = []
    visitor = await browser.new_context(viewport=VIEWPORT)
    shop = await visitor.new_page()
    await shop.goto(f"{base}/pasar/cari?q=kopi")
    product = await shop.get_attribute(".product-card:has(img) a.product-link", "href")  # one with its photo
    assert product, "no product with a photo in the results for 'kopi'"
    await visitor.close()
    pages += [("home", "visitor", "/"), ("search", "visitor", "/pasar/cari?q=kopi"), ("product", "visitor", product)]

    buyer, page = await _sign_in(browser, base, ROLES["buyer"])
    await page.goto(base + product)
    await page.click("form.add-to-cart button[type=submit]")
    await page.wait_for_load_state()
    order = await _first_link(page, f"{base}/pesanan", r"/pesanan/\d+")
    states["buyer"] = _signed_in_only(await buyer.storage_state())
    await buyer.close()
    pages += [("cart", "buyer", "/keranjang"), ("checkout", "buyer", "/checkout"), ("order", "buyer", order)]

    member, page = await _sign_in(browser, base, ROLES["member"])
    receipt = await _first_link(page, f"{base}/ppob/riwayat", r"/ppob/struk/[\w-]+")
    states["member"] = _signed_in_only(await member.storage_state())
    await member.close()
    pages += [("wallet", "member", "/dompet"), ("PPOB", "member", "/ppob"), ("receipt", "member", receipt)]
    pages += [("/saya", "member", "/saya")]

    manager, page = await _sign_in(browser, base, ROLES["manager"])
    coop = re.search(r"/koperasi/(\d+)/", page.url)
    assert coop, page.url
    states["manager"] = _signed_in_only(await manager.storage_state())
    await manager.close()
    staff = f"/koperasi/{coop[1]}"
    pages += [
        ("incoming orders", "manager", f"{staff}/pesanan"),
        ("members", "manager", f"{staff}/anggota"),
        ("product form", "manager", f"{staff}/produk/baru"),
        ("statements", "manager", f"{staff}/laporan/phu"),
    ]
    return states, pages


async def measure_all(base: str) -> list[Row]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            states, pages = await _plan(browser, base)
            rows = [Row(name, path) for name, _, path in pages]
            roles = [states[role] for _, role, _ in pages]
            gate = asyncio.Semaphore(AT_ONCE)

            async def weigh(row: Row, state) -> None:
                async with gate:
                    row.first, row.repeat = await _weigh(browser, state, base + row.path)

            await asyncio.gather(*(weigh(row, state) for row, state in zip(rows, roles, strict=True)))
            for row, state in zip(rows, roles, strict=True):  # the paints, one at a time
                row.first.fcp_ms, row.first.blocking = await _first_paint(browser, state, base + row.path)
            for row, state in zip(rows, roles, strict=True):  # one retry of a late paint, alone
                if row.first.fcp_ms > FCP_MAX_MS:
                    again, blocking = await _first_paint(browser, state, base + row.path)
                    if again < row.first.fcp_ms:
                        row.first.fcp_ms, row.first.blocking = again, blocking
                    row.retried = True
            return rows
        finally:
            await browser.close()


def table(rows: list[Row]) -> str:
    lines = [
        f"{'page':<16} {'first view':>11} {'images':>8} {'repeat':>9} {'FCP':>8}   "
        f"(ceilings {FIRST_VIEW_MAX // 1024} KB, {REPEAT_VIEW_MAX // 1024} KB, {FCP_MAX_MS} ms)"
    ]
    for r in rows:
        lines.append(
            f"{r.name:<16} {r.first.bytes / 1024:>8.1f} KB {r.first.image_bytes / 1024:>5.1f} KB "
            f"{r.repeat.bytes / 1024:>6.1f} KB {r.first.fcp_ms:>5.0f} ms"
            f"{'  over target' if r.first.fcp_ms > FCP_MAX_MS else ''}{'  (retried)' if r.retried else ''}"
        )
    return "\n".join(lines)


def test_key_pages_stay_within_the_phone_budget(tmp_path, demo_database):
    with serve(tmp_path, demo_database) as url:
        rows = asyncio.run(measure_all(url))
    print("\n" + table(rows))
    problems = [p for r in rows for p in r.problems()]
    assert not problems, "\n".join(problems) + "\n" + table(rows)


if __name__ == "__main__":
    print(table(asyncio.run(measure_all(sys.argv[1].rstrip("/")))))
