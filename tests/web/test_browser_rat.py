"""The year-end close, the e-RAT and the SHU distribution on phones (360 × 740), in Debian's
Chromium against the real app on a copy of the demo database (tests/serving.py).

The demo's Koperasi Kopi Bajawa has last year's books locked through 31 December. Its manager
closes the year's SHU, creates a meeting with the SHU item (notice period 0 days in the form,
opening in an hour; quorum "more than 40 %": three voters of Bajawa's seven members), publishes
and opens it; three members vote setuju in their own browsers; the manager closes the meeting, runs
the distribution, and a member finds exactly their share in the wallet and on /saya/shu.

Two things the browser cannot do are done around it, on purpose:
- the clock: a meeting opens at its opening time and may be closed only after its closing time,
  so a set-up process moves ``opens_at`` (once it is published) and ``closes_at`` (once the votes
  are in) to a second ago, as if the hour or the day had passed — nothing waits;
- the served app runs without the worker's once-a-minute auto-close of due meetings (its own test
  is in tests/rat), so it is the manager's click that closes the meeting, not a race with it.

Every page is checked for horizontal overflow at 360 px; screenshots go to /tmp/shots/rat-*.png.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.serving import ROOT, app_env, serve, sign_in

pytestmark = pytest.mark.browser

SECRET = "rat-browser-secret"
SHOTS = Path(os.environ.get("RAT_SHOTS", "/tmp/shots"))
PHONE = {"width": 360, "height": 740}
MANAGER = "manajer@demo.pasarkoperasi.id"
VOTERS = ("anggota@demo.pasarkoperasi.id", "anggota2@demo.pasarkoperasi.id", "anggota3@demo.pasarkoperasi.id")
ZONE = ZoneInfo("Asia/Makassar")  # Bajawa, Flores (WITA)
YEAR = datetime.now(ZONE).year - 1
OPENS_IN = 3600  # the opening time given in the form; the test then moves it to now (no waiting)

FAST_FORWARD = """
import asyncio, sys
from datetime import UTC, datetime, timedelta
from market import db
from market.settings import load
from rat.models import Meeting

async def main():
    await db.init(db.tortoise_config(load().database_url))
    try:
        field = sys.argv[2]  # opens_at or closes_at: the moment has come
        moved = await Meeting.filter(id=int(sys.argv[1])).update(**{field: datetime.now(UTC) - timedelta(seconds=1)})
        assert moved == 1
    finally:
        await db.close()

asyncio.run(main())
"""


def app_without_auto_close():
    """The app (uvicorn factory) without the worker's auto-close of due meetings."""
    from market import worker
    from market.app import create_app

    app = create_app()
    worker._periodic[:] = [job for job in worker._periodic if job[0] != "rat.close_due"]
    return app


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo_database):
    workdir = tmp_path_factory.mktemp("rat-browser")
    app = "tests.web.test_browser_rat:app_without_auto_close"
    with serve(workdir, demo_database, env={"SECRET_KEY": SECRET}, app=app) as url:
        yield url, workdir / "pasar.db"


def _rupiah(text: str) -> int:
    return int(re.sub(r"\D", "", text) or 0)


def _shot(page, name: str) -> None:
    """A full-page screenshot, and nothing wider than the phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"rat-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {page.url} is {width} px wide at 360 px"


def _phone(browser, errors: list[str]):
    context = browser.new_context(viewport=PHONE, locale="id-ID", timezone_id=ZONE.key)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _member_of(database: Path, email: str) -> tuple[int, str, str]:
    """(member id, number, name) of a member's login: the test reads who they are, nothing else."""
    with sqlite3.connect(database) as conn:
        row = conn.execute(
            "SELECT m.id, m.member_number, m.name FROM app_user u JOIN member m ON m.id = u.member_id WHERE u.email = ?",
            (email,),
        ).fetchone()
    assert row, email
    return row


def _close_the_year(page, base: str) -> dict[str, int]:
    """The manager's year close; returns every member's proposed share by member number."""
    from playwright.sync_api import expect

    page.click("nav a:text-is('RAT')")
    page.click(f"#shu-close-link a[href$='/shu/{YEAR}']")
    expect(page.locator("#lock")).to_contain_text("sudah dikunci")
    page.select_option("#f-payout", "wallet")
    page.click("#policy button[type=submit]")
    expect(page.locator("[role=status]")).to_have_text(f"Kebijakan SHU {YEAR} disimpan.")
    expect(page.locator("#f-payout")).to_have_value("wallet")
    _shot(page, "01-shu-before-close")
    page.click("#close button[type=submit]")
    expect(page.locator("#proposal")).to_contain_text(f"Usulan SHU {YEAR}, versi 1")
    _shot(page, "02-shu-proposal")
    shares = {}
    for row in page.locator("#shares tbody tr").all():
        number = row.locator("td >> nth=0").locator(".mono").inner_text().strip()
        shares[number] = _rupiah(row.locator("td >> nth=3").inner_text())
    funds = page.locator("#funds tbody tr td:nth-child(3)").all_inner_texts()
    after_tax = _rupiah(page.locator("#proposal .policy li:has-text('SHU setelah pajak')").inner_text())
    assert after_tax > 0 and sum(_rupiah(t) for t in funds) == after_tax  # the funds add up to the SHU exactly
    return shares


def _new_meeting(page, base: str) -> str:
    """The manager's new meeting with the default agenda (the SHU item among it); its URL."""
    from playwright.sync_api import expect

    page.goto(f"{base}/rat")
    _shot(page, "03-meetings")
    page.click("a[href$='/rat/baru']")
    now = datetime.now(ZONE).replace(microsecond=0)
    opens = now + timedelta(seconds=OPENS_IN)
    page.fill("#f-title", f"RAT Tahun Buku {YEAR} (uji peramban)")
    page.fill("#f-opens_at", opens.strftime("%Y-%m-%dT%H:%M:%S"))
    page.fill("#f-closes_at", (now + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#f-record_date", now.strftime("%Y-%m-%d"))
    page.fill("#f-notice_days", "0")
    page.fill("#f-quorum_pct", "40")
    expect(page.locator("#f-kind_2")).to_have_value("shu")
    _shot(page, "04-new-meeting")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/rat/\d+$"))
    expect(page.locator(".chip")).to_have_text("Draf")
    expect(page.locator("main")).to_contain_text("Usulan SHU versi 1")
    _shot(page, "05-meeting-draft")
    return page.url


def _fast_forward(meeting_url: str, database: Path, field: str) -> None:
    """The meeting's opening or closing time comes: moved to a second ago in the database."""
    env = app_env(database, SECRET_KEY=SECRET)
    done = subprocess.run(
        [sys.executable, "-c", FAST_FORWARD, meeting_url.rsplit("/", 1)[1], field],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def _publish_and_open(page, meeting_url: str, database: Path) -> None:
    from playwright.sync_api import expect

    page.click("button:has-text('Terbitkan undangan')")
    expect(page.locator(".chip")).to_have_text("Undangan terbit")
    _shot(page, "06-meeting-published")
    _fast_forward(meeting_url, database, "opens_at")
    page.reload()
    page.click("button:has-text('Buka rapat')")
    expect(page.locator(".chip")).to_have_text("Dibuka")
    expect(page.locator("#close-hint")).to_contain_text("setelah")  # no close button before its time
    _shot(page, "07-meeting-open")


def _counter(page, meeting_url: str, number: str) -> None:
    """The cashier's counter finds a member by number (and offers their vote buttons)."""
    from playwright.sync_api import expect

    page.goto(meeting_url)
    page.click("a:has-text('Loket: suara anggota tanpa ponsel')")
    page.fill("#f-nomor", number)
    page.click("form.form button[type=submit]")
    expect(page.locator("button:has-text('Catat kehadiran di loket')")).to_be_visible()
    expect(page.locator(".vote-setuju").first).to_be_visible()
    _shot(page, "08-counter")


def _vote_yes_everywhere(page, meeting_url: str, n: int) -> list[str]:
    """A signed-in member attends and votes setuju on every item; returns the receipt codes."""
    from playwright.sync_api import expect

    page.goto(meeting_url)
    items = page.locator("section.rat-item").count()
    assert items == 4
    _shot(page, f"09-member{n}-ballot")
    page.click("button:has-text('Saya hadir')")
    expect(page.locator("main")).to_contain_text("Kehadiran Anda tercatat.")
    for left in range(items - 1, -1, -1):
        page.locator(".vote-setuju").first.click()
        expect(page.locator(".vote-buttons")).to_have_count(left)  # the page after this vote
        expect(page.locator("[role=status]")).to_contain_text("Kode tanda terima")
    codes = page.locator(".receipt-code").all_inner_texts()
    assert len(set(codes)) == items, codes
    _shot(page, f"10-member{n}-voted")
    return codes


def _close_meeting(page, meeting_url: str, database: Path) -> None:
    from playwright.sync_api import expect

    _fast_forward(meeting_url, database, "closes_at")
    page.goto(meeting_url)
    page.click("button:has-text('Tutup rapat dan hitung suara')")
    expect(page.locator("main")).to_contain_text("Rapat ditutup dan suara dihitung.")
    expect(page.locator(".chip")).to_have_text("Ditutup")
    expect(page.locator("main")).to_contain_text("3 dari 7 anggota · kuorum terpenuhi")
    for item in page.locator("section.rat-item").all():
        expect(item).to_contain_text("Disetujui")
        expect(item).to_contain_text("Setuju: 3")
    expect(page.locator("#shu-distribution-link")).to_be_visible()
    _shot(page, "11-meeting-closed")


def _distribute(page, base: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{base}/shu/{YEAR}")
    expect(page.locator("#proposal-state")).to_have_text("Disahkan RAT")
    page.click("#distribution-link")
    page.wait_for_url(f"**/shu/{YEAR}/pembagian")
    _shot(page, "12-distribution-before")
    page.click("#run")
    expect(page.locator("#distribution-state")).to_contain_text("Selesai")
    _shot(page, "13-distribution-done")
    page.goto(f"{base}/shu-tunai")  # the cashier's cash payouts: none, the shares went to the wallets
    _shot(page, "13b-cash-payouts")


def test_the_manager_closes_the_year_three_members_vote_and_a_member_gets_the_shu_in_the_wallet(served, browser):
    from playwright.sync_api import expect

    server, database = served
    errors: list[str] = []
    manager = _phone(browser, errors)
    sign_in(manager, server, MANAGER)
    manager.wait_for_url("**/koperasi/*/anggota")
    base = re.search(r"^.*/koperasi/\d+", manager.url).group(0)

    shares = _close_the_year(manager, base)
    meeting_url = _new_meeting(manager, base)
    _publish_and_open(manager, meeting_url, database)
    fourth = next(n for n in shares if n not in {_member_of(database, e)[1] for e in VOTERS})
    _counter(manager, meeting_url, fourth)

    members = [_phone(browser, errors) for _ in VOTERS]
    for page, email in zip(members, VOTERS, strict=True):
        sign_in(page, server, email)
    number = _member_of(database, VOTERS[0])[1]
    members[0].goto(f"{server}/dompet")
    before = _rupiah(members[0].locator("#wallet-balance").inner_text())
    codes = [_vote_yes_everywhere(page, meeting_url, n + 1) for n, page in enumerate(members)]
    members[0].goto(f"{base}/rat/cek?kode={codes[0][2]}")
    expect(members[0].locator("#receipt")).to_contain_text("Setuju")
    _shot(members[0], "10b-receipt-check")

    _close_meeting(manager, meeting_url, database)
    _distribute(manager, base)

    # the member: exactly their share more in the wallet, a history line, and the year on /saya/shu
    share = shares[number]
    assert share > 0
    page = members[0]
    page.goto(f"{server}/dompet")
    assert _rupiah(page.locator("#wallet-balance").inner_text()) == before + share
    line = page.locator("#wallet-history li").first
    expect(line).to_contain_text(f"SHU tahun {YEAR}")
    assert _rupiah(line.locator(".money").inner_text()) == share
    _shot(page, "14-member-wallet")
    page.goto(f"{server}/saya/shu")
    section = page.locator(f"#shu-{YEAR}")
    expect(section).to_contain_text("Sudah dibagikan")
    assert _rupiah(section.locator(".balance.total").inner_text()) == share
    expect(page.locator(f"#paid-{YEAR}")).to_contain_text("saldo dompet")
    _shot(page, "15-member-shu-history")
    assert not errors, errors
