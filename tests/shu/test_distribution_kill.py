"""kill -9 in the middle of a distribution on PostgreSQL: a second run completes it, every member
credited exactly once (one entry, one credit, one wallet line each) and every book balanced."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest

from market import db as database
from payments import service as payments
from shu import service as shu
from tests.builders import make_coop, make_member
from tests.conftest import POSTGRES_URL
from tests.shu.proposals import actor, approved_proposal

N = 300
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="kill -9 of a writer runs on PostgreSQL")


@pytest.fixture
def engine() -> str:
    return "postgres"


async def scalar(sql: str, *args) -> int:
    return int((await database.execute(sql, *args))[0]["n"])


async def test_a_distribution_killed_mid_way_is_completed_by_the_next_run_exactly_once(db, database_url):
    # given N members with a share each
    coop = await make_coop()
    members = [await make_member(coop.id) for _ in range(N)]
    shares = {m.id: (1_000 + i, 500) for i, m in enumerate(members)}
    total = sum(ju + jm for ju, jm in shares.values())
    proposal = await approved_proposal(coop.id, 2025, total + 7_000, {"cadangan": 7_000}, shares)
    manager = await actor("manager", coop.id)
    # when a process distributing it is killed (SIGKILL) once some members are credited
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.shu.distribution_worker", database_url, str(coop.id), "2025",
        str(manager.user_id), "3",
        env={**os.environ, "PYTHONPATH": os.getcwd()}, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    credited = 0
    for _ in range(3000):
        credited = await scalar("SELECT COUNT(*) AS n FROM shu_member_credit")
        if credited >= N // 5 or proc.returncode is not None:
            break
        await asyncio.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    assert await proc.wait() == -signal.SIGKILL, (await proc.stderr.read()).decode()
    half = await shu.distribution_status(coop.id, 2025)
    assert half.status == "running" and 0 < half.credited < N
    # then the next run completes it
    done = await shu.distribute(coop.id, 2025, actor=manager)
    assert (done.status, done.credited, done.credited_amount, done.proposal_state) == (
        "finished",
        N,
        total,
        "distributed",
    )
    assert (
        await scalar("SELECT COUNT(*) AS n FROM journal_entry WHERE reference LIKE ?", f"shu:{proposal.id}:%") == N + 1
    )
    assert await scalar("SELECT COUNT(*) AS n FROM shu_member_credit") == N
    assert await scalar("SELECT COUNT(*) AS n FROM payments_wallet_movement WHERE kind = 'shu'") == N
    for m in (members[0], members[N // 2], members[-1]):
        wallet = await payments.member_wallet(coop.id, m.id)
        assert await payments.wallet_balance(wallet.id) == sum(shares[m.id])
    wrong = await database.execute(
        "SELECT w.member_id FROM payments_wallet w JOIN ledger_account a ON a.id = w.account_id"
        " JOIN shu_member_share s ON s.member_id = w.member_id AND s.proposal_id = ? WHERE a.balance <> -s.total",
        proposal.id,
    )
    assert wrong == []
