"""`market serve` as production runs it: several worker processes on the standard uvicorn stack.

Plain asyncio never sets TCP_NODELAY on the sockets uvicorn accepts when it binds the listening
socket itself (``--workers`` > 1), and Nagle then meets the client's delayed ACK: every keep-alive
response waited ~44 ms (50 requests on one connection took over 2 s). uvloop sets it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import httpx

from tests.serving import ROOT, app_env, free_port


def test_fifty_keep_alive_requests_to_a_two_worker_server_take_well_under_a_second(migrated, tmp_path):
    database = tmp_path / "serve.db"
    shutil.copyfile(migrated["sqlite"], database)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "market.cli", "serve", "--workers", "2", "--port", str(port)],
            env=app_env(database, PORT=str(port)),
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with httpx.Client(timeout=5) as client:
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None, log.read_text()
                try:
                    if client.get(url).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.05)
            start = time.perf_counter()
            for _ in range(50):
                assert client.get(url).status_code == 200
            elapsed = time.perf_counter() - start
        assert elapsed < 1.0, f"50 keep-alive requests took {elapsed:.2f} s (the Nagle stall is ~2.2 s)"
    finally:
        process.terminate()
        process.wait(timeout=20)
