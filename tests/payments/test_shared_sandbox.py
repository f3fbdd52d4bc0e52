"""Two embedded app processes on one database serve one Xendit sandbox: an invoice made through
one is found, and paid, through the other (market.sandbox_store keeps it in the database)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import httpx

from market.settings import Settings
from payments import wiring
from tests.serving import ROOT, app_env, free_port


def _start(database, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "market.app:create_app", "--factory", "--port", str(port)],
        env=app_env(database, PORT=str(port)),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def test_an_invoice_made_through_one_process_is_paid_through_the_other(migrated, tmp_path):
    database = tmp_path / "shared.db"
    shutil.copyfile(migrated["sqlite"], database)
    key = wiring.secret_key(Settings(MARKET_ENV="test", SECRET_KEY="browser-test-secret"))
    with (tmp_path / "apps.log").open("w") as log:
        started = [_start(database, log) for _ in range(2)]
    (pa, a), (pb, b) = started
    try:
        deadline = time.monotonic() + 120
        while not (_ready(a) and _ready(b)):
            assert pa.poll() is None and pb.poll() is None, (tmp_path / "apps.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "apps.log").read_text()
            time.sleep(0.1)
        with httpx.Client(auth=(key, ""), timeout=30) as client:
            made = client.post(f"{a}/sandbox/xendit/v2/invoices", json={"external_id": "shared-1", "amount": 50_000})
            assert made.status_code == 200, made.text
            invoice = made.json()["id"]
            seen = client.get(f"{b}/sandbox/xendit/v2/invoices/{invoice}")
            assert seen.status_code == 200, seen.text
            assert (seen.json()["external_id"], seen.json()["amount"], seen.json()["status"]) == (
                "shared-1",
                50_000,
                "PENDING",
            )
            paid = client.post(
                f"{b}/sandbox/xendit/_sandbox/invoices/{invoice}/pay", json={"method": "QRIS", "deliver": "drop"}
            )
            assert paid.status_code == 200, paid.text
            assert client.get(f"{a}/sandbox/xendit/v2/invoices/{invoice}").json()["status"] == "PAID"
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            process.wait(timeout=20)
    assert "Traceback" not in (tmp_path / "apps.log").read_text()
