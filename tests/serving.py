"""The app as a newcomer runs it, for browser tests: uvicorn in a subprocess on a free port, on a
copy of one SQLite file migrated and seeded with the demo data once per test run, and Debian's
Chromium headless through Playwright (never a downloaded browser).

A browser test module asks for a server with ``serve(workdir, demo_database, env=…)`` and for a
browser with the ``browser`` fixture (tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "demo12345"
# Settings a developer's shell may carry that would point the app away from its embedded default.
FOREIGN = (
    "REDIS_URL",
    "XENDIT_BASE_URL",
    "XENDIT_SECRET_KEY",
    "XENDIT_CALLBACK_TOKEN",
    "BASE_URL",
    "BILLER_BASE_URL",
    "BILLER_USERNAME",
    "BILLER_API_KEY",
    "SEARCH_ENGINE",
    "MEILI_URL",
    "PORT",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(database: Path | str, **extra: str) -> dict[str, str]:
    """The app's environment on *database*: an SQLite file's path, or any DATABASE_URL."""
    url = database if isinstance(database, str) and "://" in database else f"sqlite://{database}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MARKET_ENV": "test",
        "SECRET_KEY": "browser-test-secret",
        "PYTHONPATH": str(ROOT),
    }
    for name in FOREIGN:
        env.pop(name, None)
    env.update(extra)
    return env


def market(*args: str, env: dict[str, str]) -> str:
    """Run the `market` command; fails unless it exits 0; returns what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "market.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def seed_demo(workdir: Path) -> Path:
    """`market migrate` and `market demo` on a new SQLite file, as `make run` does, then the search
    index built at once (`market search reindex`): left to the served app's worker, which delivers
    the demo's 600-odd outbox events a hundred at a time, the shop's results would still be
    growing while a browser test counts them.

    What `market migrate` and `market demo` printed on that fresh file is kept beside it
    (migrate.out, demo.out) for tests/market/test_cli.py, which checks a newcomer's first run on
    it instead of migrating and seeding a database of its own again (~40 s)."""
    database = workdir / "demo.db"
    env = app_env(database)
    (workdir / "migrate.out").write_text(market("migrate", env=env))
    (workdir / "demo.out").write_text(market("demo", env=env))
    market("search", "reindex", env=env)
    return database


@contextmanager
def serve(
    workdir: Path, demo_database: Path, *, env: dict[str, str] | None = None, app: str = "market.app:create_app"
) -> Iterator[str]:
    """The app on a private copy of the demo database; yields its base URL. Fails the test when
    the app logged a traceback while serving."""
    database = workdir / "pasar.db"
    shutil.copyfile(demo_database, database)
    with serve_database(workdir, database, env=env, app=app) as url:
        yield url


@contextmanager
def serve_database(
    workdir: Path, database: Path | str, *, env: dict[str, str] | None = None, app: str = "market.app:create_app"
) -> Iterator[str]:
    """The app on *database* as it is (an SQLite file or a DATABASE_URL); yields its base URL.
    Fails the test when the app logged a traceback while serving."""
    port = free_port()
    full_env = app_env(database, PORT=str(port), **(env or {}))
    log_path = workdir / "uvicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1", "--port", str(port)],
            env=full_env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"uvicorn exited:\n{log_path.read_text()}"
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"the app never became ready:\n{log_path.read_text()}"
            time.sleep(0.1)
        yield url
        served = log_path.read_text()
        assert "Traceback" not in served, served
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def sign_in(page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Through the login form, as a person would."""
    page.goto(f"{base_url}/masuk")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
