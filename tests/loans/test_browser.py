"""On a phone (360 × 740), in Debian's Chromium against the real app on a copy of the demo
database: the member anggota@… applies for a loan on "Pinjaman saya", the manager manajer@…
approves it and disburses it to the wallet, the money is in the member's wallet, and the member
pays the first instalment from the wallet with the PIN. Screenshots go to /tmp/shots/loans-*.png;
nothing is wider than the phone."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.serving import serve, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("LOANS_SHOTS", "/tmp/shots"))
PHONE = {"width": 360, "height": 740}
MEMBER = "anggota@demo.pasarkoperasi.id"


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo_database):
    workdir = tmp_path_factory.mktemp("loans-browser")
    with serve(workdir, demo_database) as url:
        yield url, workdir / "pasar.db"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"loans-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {page.url} is {width} px wide at 360 px"


def _query(database: Path, sql: str, *args):
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, args).fetchone()


def _wallet(database: Path) -> int:
    return _query(
        database,
        "SELECT -a.balance FROM app_user u JOIN ledger_account a ON a.member_id = u.member_id AND a.code = 'wallet'"
        " WHERE u.email = ?",
        MEMBER,
    )[0]


def test_a_member_applies_a_manager_approves_the_wallet_receives_and_the_member_pays(served, browser):
    from playwright.sync_api import expect

    base, database = served
    coop, member_id = _query(
        database,
        "SELECT m.cooperative_id, m.id FROM app_user u JOIN member m ON m.id = u.member_id WHERE u.email = ?",
        MEMBER,
    )
    before = _wallet(database)
    errors: list[str] = []

    member = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
    member.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(member, base, MEMBER)
    member.goto(f"{base}/saya/pinjaman")
    # Pinjaman Darurat: 1,200,000 over 3 months, declining 1.25 % a month: 400,000 + 15,000 first
    member.select_option("#f-product_id", label="Pinjaman Darurat")
    member.fill("#f-principal", "1.200.000")
    member.fill("#f-term_months", "3")
    member.fill("#f-purpose", "Biaya sekolah")
    _shot(member, "1-apply")
    member.click("#apply-button")
    expect(member.locator(".flash, [role=status]").first).to_contain_text("Pengajuan pinjaman")
    (loan_id,) = _query(
        database, "SELECT id FROM loans_loan WHERE member_id = ? AND status = 'applied' ORDER BY id DESC", member_id
    )

    manager = browser.new_context(viewport=PHONE, locale="id-ID").new_page()
    manager.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(manager, base, "manajer@demo.pasarkoperasi.id")
    manager.goto(f"{base}/koperasi/{coop}/pinjaman")
    expect(manager.locator(f"#loan-{loan_id}")).to_contain_text("Rp 1.200.000")
    _shot(manager, "2-queue")
    manager.click(f"#approve-{loan_id}")
    manager.click(f"#disburse-wallet-{loan_id}")
    expect(manager.locator("#schedule")).to_contain_text("Rp 415.000")
    _shot(manager, "3-disbursed")
    assert _wallet(database) == before + 1_200_000

    member.goto(f"{base}/saya/pinjaman/{loan_id}")
    expect(member.locator("#pay-form")).to_contain_text("Rp 415.000")
    member.fill("#pay-pin", "123456")
    _shot(member, "4-pay")
    member.click("#pay-button")
    expect(member.locator("body")).to_contain_text("Pembayaran Rp 415.000 diterima.")
    _shot(member, "5-paid")
    assert _wallet(database) == before + 1_200_000 - 415_000
    assert _query(database, "SELECT outstanding FROM loans_loan WHERE id = ?", loan_id) == (800_000,)
    assert errors == []
