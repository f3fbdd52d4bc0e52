"""Two dispatcher processes on one PostgreSQL outbox: a burst of events is shared out (claimed
with FOR UPDATE SKIP LOCKED), each event handled exactly once, and an idle dispatcher waits for
a notification instead of polling."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from market import db as database
from market.service import publish
from tests.events import Happened
from tests.serving import ROOT, app_env

BURST = 120


def _wait_for(what, check, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


async def test_two_dispatchers_share_a_burst_each_event_once_and_sleep_while_idle(db, engine, database_url, tmp_path):
    if engine != "postgres":
        pytest.skip("claiming and notifications are PostgreSQL's (SQLite runs one dispatcher)")
    env = app_env(database_url)
    procs = [
        subprocess.Popen([sys.executable, "-m", "tests.market.outbox_worker", str(tmp_path)], env=env, cwd=ROOT)
        for _ in range(2)
    ]
    try:
        _wait_for("two idle dispatchers", lambda: len(list(tmp_path.glob("*.ready"))) == 2)
        # when: one transaction publishes a burst (one notification at its commit)
        async with database.transaction():
            for n in range(BURST):
                await publish(Happened(n=n))

        def handled() -> list[int]:
            return [int(n) for f in tmp_path.glob("*.events") for n in f.read_text().split()]

        _wait_for("every event handled", lambda: len(handled()) >= BURST)
        rounds_before = _rounds(tmp_path)
        time.sleep(1.0)  # the span over which the idle dispatchers are watched, not a wait for anything
        rounds_after = _rounds(tmp_path)
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(timeout=20)
    # then: each event exactly once, by both processes
    assert sorted(handled()) == list(range(BURST))
    assert len(list(tmp_path.glob("*.events"))) == 2, "one dispatcher did all the work"
    # and, idle, they wait for a notification: a poll every 0.2 s would be 5 rounds each in that second
    assert all(rounds_after[pid] - rounds_before[pid] <= 1 for pid in rounds_after), (rounds_before, rounds_after)


def _rounds(directory) -> dict[str, int]:
    return {f.stem: int(f.read_text() or 0) for f in directory.glob("*.rounds")}
