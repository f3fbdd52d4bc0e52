"""On a phone (360 × 740), in Debian's Chromium against the real app on a copy of the demo
database: a member of Koperasi Syariah BMT Tanah Abang (anggota.bmt@…) opens "Bagi hasil" from the
menu and reads last month's bagi hasil with every input of its formula, the figures equal to what
the database holds. The menu says the cooperative's words ("Pembiayaan", never "Pinjaman").
Screenshots go to /tmp/shots/syariah-*.png; nothing is wider than the phone."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest

from tests.serving import serve, sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SYARIAH_SHOTS", "/tmp/shots"))
PHONE = {"width": 360, "height": 740}


def rupiah(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def test_a_bmt_member_reads_their_bagi_hasil_explained_on_a_phone(tmp_path, demo_database, browser):
    from playwright.sync_api import expect

    with serve(tmp_path, demo_database) as base:
        with sqlite3.connect(tmp_path / "pasar.db") as conn:
            member_id = conn.execute(
                "SELECT member_id FROM app_user WHERE email = 'anggota.bmt@demo.pasarkoperasi.id'"
            ).fetchone()[0]
            amount, balance_days, month, pool, total_days = conn.execute(
                "SELECT s.amount, s.balance_days, r.month, r.income - r.costs, r.balance_days FROM syariah_share s"
                " JOIN syariah_share_run r ON r.id = s.run_id WHERE s.member_id = ? AND r.kind = 'bagi_hasil'"
                " ORDER BY r.month DESC LIMIT 1",
                (member_id,),
            ).fetchone()
        assert amount > 0
        context = browser.new_context(viewport=PHONE, locale="id-ID")
        page = context.new_page()
        sign_in(page, base, "anggota.bmt@demo.pasarkoperasi.id")
        nav = page.get_by_role("navigation", name="Menu utama")
        expect(nav.get_by_role("link", name="Pembiayaan")).to_be_visible()
        assert nav.get_by_role("link", name="Pinjaman").count() == 0
        nav.get_by_role("link", name="Bagi hasil").click()
        expect(page.get_by_role("heading", name="Bagi hasil saya")).to_be_visible()
        latest = page.locator("section.share").first
        expect(latest).to_contain_text("Bagi hasil = nisbah × pendapatan")
        text = latest.inner_text()
        for figure in (
            rupiah(amount),
            rupiah(pool),
            "40%",
            f"{balance_days:,}".replace(",", "."),
            f"{total_days:,}".replace(",", "."),
        ):
            assert figure in text, (figure, text)
        assert re.search(r"\b\d{4}\b", text) and month[:4] in text
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "syariah-bagi-hasil.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert not re.search(r"\bbunga\b", page.content(), re.IGNORECASE)
        context.close()
