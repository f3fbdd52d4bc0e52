"""The real app in a real browser: uvicorn in a subprocess on a fresh SQLite file with the demo
data, driven by Debian's Chromium headless through Playwright (never a downloaded browser).

Run alone with ``pytest -m browser``. Without /usr/bin/chromium the test fails: CI installs it
(``apt-get install -y chromium``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MANAGER = "manajer@demo.pasarkoperasi.id"
PASSWORD = "demo12345"
NEW_NIK = "5309014507850099"  # Ngada (NTT), a woman born 5 July 1985, serial 0099


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app served by uvicorn on a free port, on a fresh database with the demo data."""
    workdir = tmp_path_factory.mktemp("browser")
    env = {**os.environ, "DATABASE_URL": f"sqlite://{workdir / 'pasar.db'}", "MARKET_ENV": "test",
           "SECRET_KEY": "browser-test-secret", "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)
    for command in (["migrate"], ["demo"]):
        done = subprocess.run([sys.executable, "-m", "market.cli", *command], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    port = free_port()
    log_path = workdir / "uvicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "market.app:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"uvicorn exited:\n{log_path.read_text()}"
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"the app never started:\n{log_path.read_text()}"
            time.sleep(0.2)
        ready = httpx.get(f"{url}/readyz", timeout=5)
        assert ready.status_code == 200, f"the app is not ready: {ready.text}\n{log_path.read_text()}"
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def test_a_manager_adds_a_member_and_records_their_simpanan_wajib(server, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 360, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # given: the demo manager signs in and lands on the members list
    page.goto(f"{server}/masuk")
    page.fill("#f-email", MANAGER)
    page.fill("#f-password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/koperasi/*/anggota")
    expect(page.locator("h1")).to_have_text("Anggota")

    # when: they add a member through the form
    page.click("text=Tambah anggota")
    page.fill("#f-name", "Theresia Peramban")
    page.fill("#f-nik", NEW_NIK)
    page.fill("#f-phone", "081337001122")
    page.fill("#f-joined_on", "2024-02-01")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/anggota/*")

    # then: the member's page, NIK masked
    expect(page.locator("h1")).to_have_text("Theresia Peramban")
    expect(page.locator(".alert-ok")).to_contain_text("Theresia Peramban diterima sebagai anggota nomor KOPI-")
    expect(page.locator("main")).to_contain_text("5309********0099")
    assert NEW_NIK not in page.content()

    # when: they record simpanan wajib; htmx swaps the savings block without leaving the page
    page.evaluate("window.__samePage = true")
    page.select_option("#deposit-kind", "wajib")
    page.fill("#deposit-amount", "20.000")
    page.fill("#deposit-note", "Februari")
    page.click("#deposit-form button[type=submit]")

    # then: the confirmation, the balance and the history line
    expect(page.locator("#savings .alert-ok")).to_have_text("Setoran simpanan wajib sebesar Rp 20.000 dicatat.")
    wajib = page.locator(".balance", has_text="Simpanan wajib")
    expect(wajib).to_contain_text("Rp 20.000")
    expect(page.locator(".history li").first).to_contain_text("Simpanan wajib")
    expect(page.locator(".history li").first).to_contain_text("Februari")
    assert page.evaluate("window.__samePage") is True
    assert page.input_value("#deposit-amount") == ""  # a fresh form with a fresh key

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-member-deposit.png"), full_page=True)

    # and: the new member is found by searching as you type, with the query in the address bar
    page.click("text=← Anggota")
    page.fill("#q", "Peramban")
    expect(page.locator("#member-rows .row")).to_have_count(1)
    expect(page.locator("#member-rows")).to_contain_text("Theresia Peramban")
    page.wait_for_url("**/anggota?q=Peramban")
    assert errors == []
