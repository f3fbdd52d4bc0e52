"""The callback storm: 200 payments, each callback delivered three times in random order, to two
app processes at once on PostgreSQL. Every payment ends in exactly one final state with at most
one ledger entry, the books balance (db fixture), and outbox events = state changes."""

from __future__ import annotations

import asyncio
import random

import httpx
import pytest

from market import db as database
from payments import service
from tests.conftest import POSTGRES_URL
from tests.payments.helpers import control, count
from tests.payments.processes import start_app, stop

N = 200
TOKEN = "storm-token"
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="row-lock races run on PostgreSQL (MARKET_TEST_POSTGRES_URL)")


@pytest.fixture
def engine() -> str:
    """PostgreSQL only: SQLite runs one writer at a time by design, there is no race to prove."""
    return "postgres"


async def test_callback_storm_from_two_processes_applies_each_change_once(db, engine, database_url, gw, sbx):
    rng = random.Random(4)
    procs = await asyncio.gather(start_app(database_url, token=TOKEN), start_app(database_url, token=TOKEN))
    try:
        # given 200 payments, paid, failed or expired at the provider, callbacks not yet sent
        expected, bodies = {}, []
        for n in range(N):
            payment = await service.create_payment(
                gw, kind="order", owner_id=n, amount=10_000 + n, description="storm", idempotency_key=f"s{n}"
            )
            action, status = rng.choice([("pay", "paid"), ("pay", "paid"), ("fail", "failed"), ("expire", "expired")])
            delivery = await control(
                sbx,
                f"invoices/{payment.provider_id}/{action}",
                deliver="drop",
                **({"method": "QRIS"} if action == "pay" else {}),
            )
            expected[payment.id] = status
            bodies += [delivery["payload"]] * 3
        rng.shuffle(bodies)
        urls = [url for _, url in procs]
        limit = asyncio.Semaphore(32)

        async def deliver(client, body):
            async with limit:
                response = await client.post(
                    f"{rng.choice(urls)}/api/v1/payments/xendit/callback",
                    json=body,
                    headers={"x-callback-token": TOKEN},
                )
                assert response.status_code == 200, response.text
                return response.json()["outcome"]

        # when all 600 deliveries hit both processes at once
        async with httpx.AsyncClient(timeout=60) as client:
            outcomes = await asyncio.gather(*(deliver(client, body) for body in bodies))
    finally:
        logs = [await stop(proc) for proc, _ in procs]
    # then
    assert all("Traceback" not in log for log in logs), logs
    assert outcomes.count("applied") == N and outcomes.count("duplicate") == 2 * N
    rows = await database.execute("SELECT id, status FROM payments_payment")
    assert {r["id"]: r["status"] for r in rows} == expected
    per_payment = await database.execute(
        "SELECT payment_id, COUNT(*) AS n FROM payments_transition GROUP BY payment_id HAVING COUNT(*) <> 1"
    )
    assert per_payment == []
    paid = sum(1 for s in expected.values() if s == "paid")
    assert await count("journal_entry", "WHERE reference LIKE 'payment:%'") == paid
    assert await count("payments_transition") == N
    assert await count("outbox_event", "WHERE topic LIKE 'payment.%'") == N
    assert await count("payments_callback") == 3 * N
