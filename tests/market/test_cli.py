"""The `market` command as a newcomer uses it: migrate, demo, users add --print-token."""

import os
import shutil
import subprocess
import sys

import pytest

from market import db
from market.models import Cooperative, Member, Role, User
from market.service import actor_by_token, savings_of

COMMANDS = [
    [],
    ["serve"],
    ["migrate"],
    ["demo"],
    ["worker"],
    ["search"],
    ["search", "reindex"],
    ["ppob", "sync"],
    ["sandbox", "biller"],
    ["sandbox", "xendit"],
    ["users"],
    ["users", "add"],
    ["secrets"],
    ["secrets", "show"],
]


def market(*args: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "market.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DATABASE_URL": url, "PYTHONPATH": os.getcwd()},
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "market")
def test_every_command_has_help(command, tmp_path):
    result = market(*command, "--help", url=f"sqlite://{tmp_path}/x.db")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


async def test_migrate_demo_and_users_add_on_a_fresh_database(tmp_path, demo_database):
    # `market migrate` then `market demo` on a fresh file are what built the run's demo database
    # (tests/serving.py seed_demo, exit code 0 checked there): what they printed is read here, and
    # the rest runs on a copy of that file, instead of migrating and seeding another one (~40 s).
    migrated = (demo_database.parent / "migrate.out").read_text()
    assert "applied market.0001_initial" in migrated, migrated
    seeded = (demo_database.parent / "demo.out").read_text()
    assert "manajer@demo.pasarkoperasi.id" in seeded, seeded
    shutil.copyfile(demo_database, tmp_path / "fresh.db")
    url = f"sqlite://{tmp_path}/fresh.db"
    assert "up to date" in market("migrate", url=url).stdout  # a second run applies nothing
    assert "already present" in market("demo", url=url).stdout  # seeded once
    added = market(
        "users", "add", "baru@koperasi.id", "--role", "manager", "--coop", "kopi-bajawa", "--print-token", url=url
    )
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    refused = market("users", "add", "x@koperasi.id", "--role", "manager", "--coop", "tidak-ada", url=url)
    assert refused.returncode != 0 and "tidak ditemukan" in refused.stderr

    # look at what landed, through the ORM on that file
    await db.init(db.tortoise_config(url))
    try:
        await _check_demo(token)
    finally:
        await db.close()


async def _check_demo(token: str) -> None:
    coops = await Cooperative.all()
    assert len(coops) >= 6
    provinces = {c.province for c in coops}
    assert {"Nusa Tenggara Timur", "Jawa Timur", "DKI Jakarta", "Papua"} <= provinces
    assert any(c.syariah for c in coops)
    assert {c.coop_type for c in coops} >= {"produsen", "pemasaran", "konsumen"}
    members = await Member.all()
    assert len(members) >= 40
    with_savings = [m for m in members if (await savings_of(m.cooperative_id, m.id)).total > 0]
    assert len(with_savings) == len(members)
    assert {u.role for u in await User.all()} >= {Role.OPERATOR, Role.MANAGER, Role.CASHIER, Role.MEMBER}
    actor = await actor_by_token(token)
    assert actor is not None and actor.role == Role.MANAGER and actor.email == "baru@koperasi.id"


def test_market_serve_answers_requests_from_its_own_tasks(tmp_path, migrated):
    """Under uvicorn, requests run in other tasks than the start-up: the database must reach them."""
    import socket
    import time

    import httpx

    shutil.copyfile(migrated["sqlite"], tmp_path / "served.db")  # the suite's migrated template
    url = f"sqlite://{tmp_path}/served.db"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "market.cli", "serve", "--port", str(port)],
        env={**os.environ, "DATABASE_URL": url, "PYTHONPATH": os.getcwd()},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "server did not start in 30 s"
                time.sleep(0.1)  # polling for the port to open, not for a result
        assert ready.status_code == 200, ready.text
        assert ready.json() == {"status": "ready", "database": "sqlite"}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("engine", ["sqlite"])  # the command itself; the queries are the service's
async def test_outbox_failed_lists_what_failed_for_good_and_retry_makes_it_due(db, database_url, engine):
    from datetime import UTC, datetime

    from market.models import OutboxEvent

    event = await OutboxEvent.create(
        topic="payment.succeeded.v1",
        payload={},
        attempts=25,
        last_error="orders.on_paid: RuntimeError('boom')",
        failed_at=datetime.now(UTC),
    )
    listed = market("outbox", "failed", url=database_url)
    assert listed.returncode == 0, listed.stderr
    assert f"{event.id}\tpayment.succeeded.v1\tattempts=25" in listed.stdout and "RuntimeError('boom')" in listed.stdout
    retried = market("outbox", "retry", str(event.id), url=database_url)
    assert retried.returncode == 0 and f"event {event.id} will be retried" in retried.stdout, retried.stderr
    assert (await OutboxEvent.get(id=event.id)).failed_at is None
    assert "no failed events" in market("outbox", "failed", url=database_url).stdout
    missing = market("outbox", "retry", "999999", url=database_url)
    assert missing.returncode == 1 and "tidak ditemukan" in missing.stderr
