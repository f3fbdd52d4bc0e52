"""PPOB transactions completed per second end to end on PostgreSQL: a standalone biller sandbox
process (80/10/5/5 outcomes, pending settles after 0.5 s with a signed callback), the app in 2
uvicorn worker processes (callbacks + in-process polling), N purchases from concurrent members
over HTTP, timed until every one is final. Beside it, the same row writes per transaction
through raw asyncpg at the same concurrency, and again with the PIN's argon2id check each
purchase makes (27 ms of CPU on this machine; the PIN guards every wallet spend since issue 14).
Target: at least 0.4 of the raw rate.

Run with `make bench` (MARKET_BENCH_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/ppob_bench).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, datetime

import asyncpg
import httpx

from market import db
from market.app import build_runtime
from market.models import Role
from market.settings import Settings
from ppob import service
from tests.bench.common import bench_port, fresh_postgres
from tests.builders import make_coop, make_member, make_user, token_for

N = int(os.environ.get("BENCH_PPOB_N", "1000"))
CONCURRENCY = int(os.environ.get("BENCH_PPOB_CONCURRENCY", "16"))
MEMBERS = 50
SKUS = ("tsel10", "isat10", "xld10", "three10", "smart10")
PREFIX = {"tsel10": "081234", "isat10": "081534", "xld10": "087834", "three10": "089634", "smart10": "088134"}


async def wait_up(url: str) -> None:
    async with httpx.AsyncClient() as c:
        for _ in range(1200):  # up to 2 minutes on a busy machine
            try:
                await c.post(url, json={})
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


async def end_to_end(url: str, env: dict, app_port: int) -> tuple[float, dict]:
    settings = Settings(**dict(env.items()))
    await db.init(db.tortoise_config(url, pool_size=4))
    link = service.link_of(build_runtime(settings))
    await service.sync_price_list(link)
    coop = await make_coop()
    await service.set_markup(coop.id, "all", "", 1_500)
    await service.set_platform_fee(500)
    headers = []
    from tests.ppob.conftest import PIN, fund_wallet, set_pin

    for _ in range(MEMBERS):
        m = await make_member(coop.id)
        await fund_wallet(coop.id, m.id, 5_000_000)
        user = await make_user(Role.MEMBER, coop.id, m.id)
        await set_pin(user.id)  # a purchase from the wallet asks the PIN
        headers.append(await token_for(user))
    prices = {p.sku: p.quote.sell for p in await service.list_products(link, coop.id) if p.quote}
    gate = asyncio.Semaphore(CONCURRENCY)
    base = f"http://127.0.0.1:{app_port}"
    async with httpx.AsyncClient(
        base_url=base, timeout=60, limits=httpx.Limits(max_connections=CONCURRENCY * 2)
    ) as client:

        async def one(i: int):
            sku = SKUS[i % len(SKUS)]
            body = {
                "sku": sku,
                "customer_no": f"{PREFIX[sku]}{i // 100:04d}{i % 100:02d}",
                "price": prices[sku],
                "pin": PIN,
            }
            async with gate:
                r = await client.post(
                    f"/api/v1/cooperatives/{coop.id}/ppob/purchases",
                    json=body,
                    headers={**headers[i % MEMBERS], "Idempotency-Key": f"bench-{i:07d}"},
                )
            assert r.status_code == 201, r.text

        start = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(N)))
        submitted = time.perf_counter() - start
        while True:
            rows = await db.execute("SELECT state, COUNT(*) AS n FROM ppob_transaction GROUP BY state")
            states = {r["state"]: r["n"] for r in rows}
            if not states.get("pending"):
                break
            await asyncio.sleep(0.1)
        elapsed = time.perf_counter() - start
    await db.close()
    return N / elapsed, {"states": states, "submitted_s": submitted, "elapsed_s": elapsed}


async def raw(url: str, *, with_pin: bool = False) -> float:
    """The same row writes as one PPOB purchase (hold, then settle), at the same concurrency; with
    *with_pin*, each purchase also verifies the member's PIN against its argon2id hash first (in a
    thread, as the app does): the same job, the machine's ceiling for it."""
    from market import hashing

    pin_hash = hashing.make("123456", hashing.Strength.SHORT)
    tag = "p" if with_pin else "w"
    pool = await asyncpg.create_pool(
        url.replace("postgres://", "postgresql://"), min_size=CONCURRENCY, max_size=CONCURRENCY
    )
    coop_id = await pool.fetchval("SELECT id FROM cooperative ORDER BY id LIMIT 1")
    accounts = [r["id"] for r in await pool.fetch("SELECT id FROM ledger_account ORDER BY id LIMIT 8")]
    wallets = [r["id"] for r in await pool.fetch("SELECT id FROM ledger_account WHERE code = 'wallet' ORDER BY id")]
    member_ids = [r["id"] for r in await pool.fetch("SELECT id FROM member ORDER BY id")]
    held, hot = accounts[0], accounts[1:7]
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(i: int):
        now = datetime.now(UTC)
        async with gate, pool.acquire() as conn:
            if with_pin:
                assert await asyncio.to_thread(hashing.matches, pin_hash, "123456", hashing.Strength.SHORT)
            async with conn.transaction():
                txn = await conn.fetchval(
                    "INSERT INTO ppob_transaction (ref_id, idempotency_key, cooperative_id, member_id, channel, kind, sku,"
                    " product_name, category, brand, customer_no, customer_name, period, details, base_price, platform_fee,"
                    " sell_price, state, rc, message, sn, token, retryable, business_date, created_at, checks)"
                    " VALUES ($1, $2, $3, $4, 'wallet', 'prepaid', 'tsel10', 'x', 'Pulsa', 'TELKOMSEL', '081234567821',"
                    " '', '', '{}', 10325, 500, 11825, 'pending', '', '', '', '', false, $5, $6, 0) RETURNING id",
                    f"RA{tag.upper()}{i:017d}",
                    f"raw{tag}:{i}",
                    coop_id,
                    member_ids[i % len(member_ids)],
                    now.date(),
                    now,
                )
                entry = await conn.fetchval(
                    "INSERT INTO journal_entry (reference, description, cooperative_id, booked_on, source, attachment, created_at)"
                    " VALUES ($1, '', $2, CAST($3 AS TIMESTAMPTZ)::date, '', '', $3) RETURNING id",
                    f"raw{tag}:{i}:hold",
                    coop_id,
                    now,
                )
                wallet = wallets[i % len(wallets)]
                await conn.execute(
                    "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on)"
                    " VALUES ($1, $2, $3, $6, $7), ($1, $4, $5, $6, $7)",
                    entry,
                    wallet,
                    11825,
                    held,
                    -11825,
                    coop_id,
                    now.date(),
                )
                for acc, amount in sorted(((wallet, 11825), (held, -11825))):
                    await conn.execute("UPDATE ledger_account SET balance = balance + $1 WHERE id = $2", amount, acc)
            async with conn.transaction():
                await conn.execute(
                    "UPDATE ppob_transaction SET state = 'success', sn = 'x', biller_price = 10325,"
                    " margin = 1000 WHERE id = $1 AND state = 'pending'",
                    txn,
                )
                await conn.execute(
                    "INSERT INTO outbox_event (topic, payload, created_at, attempts, last_error)"
                    " VALUES ('raw', '{}', $1, 0, '')",
                    now,
                )
                entry = await conn.fetchval(
                    "INSERT INTO journal_entry (reference, description, cooperative_id, booked_on, source, attachment, created_at)"
                    " VALUES ($1, '', $2, CAST($3 AS TIMESTAMPTZ)::date, '', '', $3) RETURNING id",
                    f"raw{tag}:{i}:settle",
                    coop_id,
                    now,
                )
                legs = [(held, 11825)] + [(a, 0) for a in hot[:5]]
                await conn.execute(
                    "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on) VALUES "
                    + ", ".join(f"($1, ${2 * k + 4}, ${2 * k + 5}, $2, $3)" for k in range(len(legs))),
                    entry,
                    coop_id,
                    now.date(),
                    *[v for leg in legs for v in leg],
                )
                for acc, amount in sorted(legs):
                    await conn.execute("UPDATE ledger_account SET balance = balance + $1 WHERE id = $2", amount, acc)

    start = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(N)))
    rate = N / (time.perf_counter() - start)
    await pool.close()
    return rate


async def main() -> None:
    url = await fresh_postgres("ppob_bench")
    if url is None:
        return
    app_port, biller_port = bench_port(), bench_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret",
        "MARKET_ENV": "test",
        "BASE_URL": f"http://127.0.0.1:{app_port}",
        "BILLER_BASE_URL": f"http://127.0.0.1:{biller_port}/v1",
        "BILLER_SANDBOX": "false",
        "PPOB_RECHECK_AFTER_S": "1",
        "PPOB_POLL_EVERY_S": "1",
        "DB_POOL_SIZE": "20",
    }
    sandbox = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import uvicorn; from market.settings import load; from ppob.wiring import sandbox_from;"
            f"s = sandbox_from(load(), pending_delay_s=0.5, status_throttle_s=0); uvicorn.run(s.asgi, port={biller_port}, log_level='warning')",
        ],
        env=env,
    )
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "market.app:create_app",
            "--factory",
            "--port",
            str(app_port),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        await wait_up(f"http://127.0.0.1:{biller_port}/v1/cek-saldo")
        await wait_up(f"http://127.0.0.1:{app_port}/healthz")
        settings_env = {k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", "MARKET_ENV", "BASE_URL", "BILLER_BASE_URL")}
        rate, info = await end_to_end(url, settings_env, app_port)
    finally:
        app.terminate()
        sandbox.terminate()
        app.wait()
        sandbox.wait()
    raw_rate = await raw(url)
    raw_pin_rate = await raw(url, with_pin=True)
    print(
        f"PPOB end to end (PostgreSQL, 2 app processes, concurrency {CONCURRENCY}): {N} purchases, "
        f"{info['elapsed_s']:.1f} s until all final (submitted in {info['submitted_s']:.1f} s), states {info['states']}"
    )
    print(
        f"PPOB   {rate:8.1f} transactions/s   raw asyncpg same writes {raw_rate:8.1f}/s   "
        f"ratio {rate / raw_rate:.2f} (target >= 0.40)"
    )
    print(
        f"PPOB   {rate:8.1f} transactions/s   raw asyncpg same writes + the PIN's argon2id check {raw_pin_rate:8.1f}/s   "
        f"ratio {rate / raw_pin_rate:.2f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
