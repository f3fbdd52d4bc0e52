"""Start app processes on free ports and wait until they answer (readiness, not timing)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile

import httpx

from tests.serving import free_port


async def start_app(
    database_url: str, *, token: str, pool: int = 8, extra_env: dict | None = None, port: int | None = None
):
    port = port or free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.getcwd(),
        "DATABASE_URL": database_url,
        "MARKET_ENV": "test",
        "SECRET_KEY": "storm-secret",
        "XENDIT_CALLBACK_TOKEN": token,
        "PORT": str(port),
        "DB_POOL_SIZE": str(pool),
        "PAYMENT_RECONCILE_AFTER_S": "86400",
        **(extra_env or {}),
    }
    # Logs go to a file: a pipe nobody reads fills up and stalls the process.
    log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process it logs
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "uvicorn",
        "tests.payments.storm_app:app",
        "--factory",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
        env=env,
        stdout=log,
        stderr=log,
    )
    proc.log_file = log
    url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient() as client:
        for _ in range(2400):  # up to 2 minutes: a busy 2-core machine starts a process slowly
            if proc.returncode is not None:
                raise RuntimeError(_read(proc))
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return proc, url
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    proc.kill()
    raise RuntimeError("app process did not start")


async def stop(proc) -> str:
    if proc.returncode is None:
        proc.terminate()
    await proc.wait()
    return _read(proc)


def _read(proc) -> str:
    proc.log_file.seek(0)
    return proc.log_file.read().decode(errors="replace")
