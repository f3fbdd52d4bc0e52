"""Transfers under load on PostgreSQL: 100 A→B and 100 B→A at once across two cooperatives (no
deadlock, exact balances, never below zero), and kill -9 of a process in the middle of its
transfers (nothing half-done; retrying its keys completes each exactly once)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest

from market import db as database
from market.errors import InsufficientBalance
from payments import service
from payments.schemas import RecipientIn
from tests.builders import make_coop
from tests.conftest import POSTGRES_URL
from tests.payments.wallet_helpers import PIN, member_with_wallet

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="row locks and kill -9 are proved on PostgreSQL")
EACH_WAY = 100


@pytest.fixture
def engine() -> str:
    return "postgres"


async def scalar(sql: str, *args) -> int:
    return int((await database.execute(sql, *args))[0]["n"])


async def _consistent(*wallets) -> None:
    """Every transfer has its two movements and its balanced entry; each wallet's ledger balance is
    the sum of its movements."""
    assert (
        await scalar(
            "SELECT COUNT(*) AS n FROM payments_wallet_transfer t WHERE"
            " (SELECT COUNT(*) FROM payments_wallet_movement m WHERE m.reference LIKE 'wallet:transfer:' || t.id || ':%') <> 2"
            " OR NOT EXISTS (SELECT 1 FROM journal_entry e WHERE e.reference = 'wallet:transfer:' || t.id)"
        )
        == 0
    )
    for wallet in wallets:
        moved = await scalar(
            "SELECT COALESCE(SUM(amount), 0) AS n FROM payments_wallet_movement WHERE wallet_id = ?", wallet.id
        )
        assert await service.wallet_balance(wallet.id) == moved


async def test_a_hundred_transfers_each_way_at_once_never_deadlock_or_go_below_zero(db):
    _, _, _, a = await member_with_wallet(await make_coop(), amount=2_000, pin=None, login=False)
    _, _, _, b = await member_with_wallet(await make_coop(), amount=2_000, pin=None, login=False)
    rules = service.WalletRules(transfer_daily_idr=10**9)

    async def send(sender, recipient, n):
        try:
            await service.book_transfer(sender, recipient, 100, reference=f"race:{sender.id}:{n}", rules=rules)
            return True
        except InsufficientBalance:
            return False

    results = await asyncio.gather(
        *(send(a, b, n) for n in range(EACH_WAY)), *(send(b, a, n) for n in range(EACH_WAY))
    )  # a deadlock or any other error would surface here
    a_to_b, b_to_a = sum(results[:EACH_WAY]), sum(results[EACH_WAY:])
    assert a_to_b >= 20 and b_to_a >= 20  # each could at least spend what it started with
    balance_a, balance_b = await service.wallet_balance(a.id), await service.wallet_balance(b.id)
    assert balance_a == 2_000 - 100 * a_to_b + 100 * b_to_a and balance_a + balance_b == 4_000
    assert min(balance_a, balance_b) >= 0
    assert await scalar("SELECT COUNT(*) AS n FROM payments_wallet_transfer") == a_to_b + b_to_a
    await _consistent(a, b)


async def test_a_process_killed_mid_transfer_leaves_nothing_half_done_and_its_keys_complete_once(db, database_url):
    coop, _, user, sender = await member_with_wallet(amount=1_000_000)
    _, recipient, _, r_wallet = await member_with_wallet(coop, pin=None, login=False)
    keys = 16
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.payments.transfer_worker", database_url, str(sender.id), str(user.id),
        recipient.member_number, coop.slug, PIN, str(keys),
        env={**os.environ, "PYTHONPATH": os.getcwd()}, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    for _ in range(3000):  # until a few are done and one of its transactions has written
        done = await scalar("SELECT COUNT(*) AS n FROM payments_wallet_transfer")
        open_writes = await scalar(
            "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        )
        if (done >= 3 and open_writes) or proc.returncode is not None:
            break
        await asyncio.sleep(0.005)
    assert proc.returncode is None, (await proc.stderr.read()).decode()  # still sending
    assert open_writes  # one of its transactions had written and not committed a moment ago
    proc.send_signal(signal.SIGKILL)
    assert await proc.wait() == -signal.SIGKILL, (await proc.stderr.read()).decode()
    killed_at = await scalar("SELECT COUNT(*) AS n FROM payments_wallet_transfer")
    assert 0 < killed_at < keys
    await _consistent(sender, r_wallet)
    assert await service.wallet_balance(sender.id) == 1_000_000 - 1_000 * killed_at
    # the dead process's claims lapse (moved to the past here instead of waiting two minutes) …
    await database.execute("UPDATE idempotency_record SET locked_until = ? WHERE state = 'pending'", None)
    # … and the client retries every key: each transfer happens exactly once
    to = RecipientIn(member_number=recipient.member_number, cooperative=coop.slug)
    for n in range(keys):
        await service.transfer(sender.id, to, 1_000, pin_code=PIN, user_id=user.id, idempotency_key=f"kill-{n}")
    assert await scalar("SELECT COUNT(*) AS n FROM payments_wallet_transfer") == keys
    assert await service.wallet_balance(r_wallet.id) == 1_000 * keys
    await _consistent(sender, r_wallet)
