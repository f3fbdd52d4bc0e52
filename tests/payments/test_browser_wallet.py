"""A member tops up the wallet in a real browser: the wallet page, the sandbox's hosted invoice
page, Pay, and back to the new balance. The app runs in uvicorn on a fresh SQLite file with the
demo data, with its own embedded Xendit sandbox (no configuration)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.payments.processes import free_port

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SECRET = "wallet-browser-secret"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("wallet-browser")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite://{workdir / 'pasar.db'}", "MARKET_ENV": "test",
           "SECRET_KEY": SECRET, "PYTHONPATH": str(ROOT), "PORT": str(port)}
    for name in ("REDIS_URL", "XENDIT_BASE_URL", "XENDIT_SECRET_KEY", "XENDIT_CALLBACK_TOKEN", "BASE_URL"):
        env.pop(name, None)
    for command in (["migrate"], ["demo"]):
        done = subprocess.run([sys.executable, "-m", "market.cli", *command], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    log_path = workdir / "uvicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "tests.payments.browser_app:app", "--factory",
             "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:  # readiness
            assert process.poll() is None, log_path.read_text()
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)
        yield url
        served = log_path.read_text()  # errors while serving, before the shutdown
        assert "Traceback" not in served, served
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_member_tops_up_through_the_sandbox_invoice_page_and_sees_the_new_balance(server):
    from playwright.sync_api import expect, sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    from market.settings import Settings
    from payments import runtime

    key = runtime.build(Settings(SECRET_KEY=SECRET)).secret_key
    sandbox = httpx.Client(base_url=f"{server}/sandbox/xendit", auth=(key, ""))
    with sandbox, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 800})
            page.goto(f"{server}/masuk?next=/dompet")
            page.fill("#f-email", "anggota@demo.pasarkoperasi.id")
            page.fill("#f-password", "demo12345")
            page.click("form.form button[type=submit]")
            page.wait_for_url("**/dompet")
            expect(page.locator("#wallet-balance")).to_have_text("Rp 0")
            # when: top up Rp 75.000 and pay on the hosted invoice page with DANA
            page.fill("#topup-amount", "75.000")
            page.click("#topup-submit")
            page.wait_for_url("**/sandbox/xendit/web/invoices/*")
            expect(page.locator("#amount")).to_have_text("Rp 75.000")
            # the provider holds its callback until we release it, so the page sees it arrive
            sandbox.post("/_sandbox/config", json={"default_mode": "hold"}).raise_for_status()
            page.check("input[value=DANA]")
            page.click("#pay")
            page.wait_for_url("**/dompet")
            expect(page.locator("#balance")).to_contain_text("Menunggu pembayaran")
            expect(page.locator("#wallet-balance")).to_have_text("Rp 0")
            held = [d for d in sandbox.get("/_sandbox/deliveries").json() if d["state"] == "held"]
            assert len(held) == 1
            sandbox.post(f"/_sandbox/deliveries/{held[0]['id']}/release").raise_for_status()
            # then: the balance block, polling itself, shows the top-up once the callback is applied
            expect(page.locator("#wallet-balance")).to_have_text("Rp 75.000", timeout=15_000)
            expect(page.locator("#balance")).not_to_contain_text("Menunggu pembayaran")
            page.reload()
            expect(page.locator("#wallet-history")).to_contain_text("Isi saldo")
        finally:
            browser.close()
