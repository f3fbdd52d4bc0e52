"""Xendit callbacks applied per second on PostgreSQL, end to end through the HTTP endpoint of an
app process, beside raw asyncpg transactions doing the same row writes, in the same run.

Each applied callback writes: the delivery row, the payment's status (conditional UPDATE), the
transition row, a journal entry with two postings, two account balances and an outbox event.
Run with `make bench`; PostgreSQL from MARKET_BENCH_POSTGRES_URL's server, database
`payments_bench` (re-created), skipped when no server answers.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from datetime import UTC, datetime

import asyncpg
import httpx

from market import db
from payments.models import Payment
from tests.bench.common import fresh_postgres

N = int(os.environ.get("BENCH_CALLBACKS", "2000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
TOKEN = "bench-token"


async def make_payments(url: str, prefix: str) -> list[dict]:
    await db.init(db.tortoise_config(url, pool_size=4))
    try:
        bodies = []
        for n in range(N):
            p = await Payment.create(
                kind="order",
                owner_id=n,
                external_id=f"{prefix}-{n}",
                provider_id=f"{prefix}{n:020d}"[:24],
                amount=10_000 + n,
            )
            bodies.append(
                {
                    "id": p.provider_id,
                    "external_id": p.external_id,
                    "status": "PAID",
                    "amount": p.amount,
                    "paid_amount": p.amount,
                    "payment_method": "QR_CODE",
                    "payment_channel": "QRIS",
                    "currency": "IDR",
                    "_pid": p.id,
                }
            )
        return bodies
    finally:
        await db.close()


async def through_http(url: str, bodies: list[dict]) -> float:
    from tests.payments.processes import start_app, stop

    proc, base = await start_app(url, token=TOKEN, pool=CONCURRENCY + 4)
    limit = asyncio.Semaphore(CONCURRENCY)
    try:
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=CONCURRENCY)) as client:

            async def send(body):
                async with limit:
                    r = await client.post(
                        f"{base}/api/v1/payments/xendit/callback", json=body, headers={"x-callback-token": TOKEN}
                    )
                    assert r.status_code == 200 and r.json()["outcome"] == "applied", r.text

            await send(bodies[0])  # warm up (accounts created)
            start = time.perf_counter()
            await asyncio.gather(*(send(b) for b in bodies[1:]))
            return (len(bodies) - 1) / (time.perf_counter() - start)
    finally:
        await stop(proc)


async def raw(url: str, bodies: list[dict]) -> float:
    dsn = url.replace("postgres://", "postgresql://")
    pool = await asyncpg.create_pool(dsn, min_size=CONCURRENCY, max_size=CONCURRENCY)
    accounts = {r["code"]: r["id"] for r in await pool.fetch("SELECT id, code FROM ledger_account")}
    cash, clearing = accounts["kas_xendit"], accounts["pembayaran_titipan"]
    limit = asyncio.Semaphore(CONCURRENCY)

    async def apply(body):
        async with limit, pool.acquire() as conn, conn.transaction():
            now = datetime.now(UTC)
            pid = body["_pid"]
            if not await conn.fetchval(
                "UPDATE payments_payment SET status = 'paid', updated_at = $1, paid_at = $1, payment_method = $2,"
                " payment_channel = $3, failure_code = '' WHERE id = $4 AND status = 'pending' RETURNING id",
                now,
                "QR_CODE",
                "QRIS",
                pid,
            ):
                raise AssertionError("not applied")
            await conn.execute(
                "INSERT INTO payments_transition (payment_id, from_status, to_status, source, created_at)"
                " VALUES ($1, 'pending', 'paid', 'callback', $2)",
                pid,
                now,
            )
            entry = await conn.fetchval(
                "INSERT INTO journal_entry (reference, description, cooperative_id, booked_on, source, attachment, created_at)"
                " VALUES ($1, 'x', NULL, CAST($2 AS TIMESTAMPTZ)::date, '', '', $2) ON CONFLICT (reference) DO NOTHING RETURNING id",
                f"payment:{pid}:paid",
                now,
            )
            await conn.execute(
                "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on)"
                " VALUES ($1, $2, $3, 0, CURRENT_DATE), ($1, $4, $5, 0, CURRENT_DATE)",
                entry,
                cash,
                body["amount"],
                clearing,
                -body["amount"],
            )
            await conn.execute("UPDATE ledger_account SET balance = balance + $1 WHERE id = $2", body["amount"], cash)
            await conn.execute(
                "UPDATE ledger_account SET balance = balance + $1 WHERE id = $2 AND balance <= $3",
                -body["amount"],
                clearing,
                body["amount"],
            )
            await conn.execute(
                "INSERT INTO outbox_event (topic, payload, created_at, attempts, last_error)"
                " VALUES ('payment.succeeded', $1, $2, 0, '')",
                json.dumps({"payment_id": pid}),
                now,
            )
            await conn.execute(
                "INSERT INTO payments_callback (event, provider_id, status, outcome, body, received_at)"
                " VALUES ('invoice', $1, 'PAID', 'applied', $2, $3)",
                body["id"],
                json.dumps(body),
                now,
            )

    try:
        start = time.perf_counter()
        await asyncio.gather(*(apply(b) for b in bodies))
        return len(bodies) / (time.perf_counter() - start)
    finally:
        await pool.close()


async def main() -> None:
    print(f"Callback benchmark: {N} PAID invoice callbacks, {CONCURRENCY} at a time, PostgreSQL")
    url = await fresh_postgres("payments_bench")
    if not url:
        return
    ours_bodies = await make_payments(url, "h")
    raw_bodies = await make_payments(url, "r")
    ours = await through_http(url, ours_bodies)
    theirs = await raw(url, raw_bodies)
    print(
        f"PostgreSQL  HTTP endpoint {ours:8.0f} callbacks/s   raw asyncpg {theirs:8.0f} tx/s"
        f"   ratio {ours / theirs:.2f} (target >= 0.50)"
    )


if __name__ == "__main__":
    asyncio.run(main())
