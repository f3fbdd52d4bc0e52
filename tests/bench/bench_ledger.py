"""Ledger posting rate: 2-posting entries, one per transaction, through market.service versus the
same statements through the raw driver (asyncpg / aiosqlite) on the same database.

Run with `make bench`. PostgreSQL: a fresh `market_bench` database on the server of
MARKET_BENCH_POSTGRES_URL (default 127.0.0.1:5432); skipped (and says so) when no server answers.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from datetime import UTC, datetime

import aiosqlite
import asyncpg

from market import db
from market.models import AccountType
from market.service import credit, debit, get_or_create_account, post_entry
from tests.bench.common import fresh_postgres

N = int(os.environ.get("BENCH_ENTRIES", "3000"))


async def ours(url: str) -> float:
    await db.init(db.tortoise_config(url, pool_size=4))
    try:
        cash = await get_or_create_account("kas", "Kas", AccountType.ASSET)
        income = await get_or_create_account("pendapatan", "Pendapatan", AccountType.INCOME)
        start = time.perf_counter()
        for i in range(N):
            await post_entry(f"ours:{i}", [debit(cash, 1_000), credit(income, 1_000)])
        return N / (time.perf_counter() - start)
    finally:
        await db.close()


async def raw_postgres(dsn: str) -> float:
    conn = await asyncpg.connect(dsn)
    try:
        ids = [r["id"] for r in await conn.fetch("SELECT id FROM ledger_account ORDER BY id LIMIT 2")]
        start = time.perf_counter()
        for i in range(N):
            async with conn.transaction():
                now = datetime.now(UTC)
                entry_id = await conn.fetchval(
                    "INSERT INTO journal_entry (reference, description, cooperative_id, booked_on, source, attachment,"
                    " created_at)"
                    " VALUES ($1, '', NULL, $2, '', '', $3) ON CONFLICT (reference) DO NOTHING RETURNING id",
                    f"raw:{i}",
                    now.date(),
                    now,
                )
                await conn.execute(
                    "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on)"
                    " VALUES ($1, $2, $3, 0, $6), ($1, $4, $5, 0, $6)",
                    entry_id,
                    ids[0],
                    1_000,
                    ids[1],
                    -1_000,
                    now.date(),
                )
                await conn.execute("UPDATE ledger_account SET balance = balance + $1 WHERE id = $2", 1_000, ids[0])
                await conn.execute("UPDATE ledger_account SET balance = balance + $1 WHERE id = $2", -1_000, ids[1])
        return N / (time.perf_counter() - start)
    finally:
        await conn.close()


async def raw_sqlite(path: str) -> float:
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        ids = [r[0] for r in await conn.execute_fetchall("SELECT id FROM ledger_account ORDER BY id LIMIT 2")]
        start = time.perf_counter()
        for i in range(N):
            await conn.execute("BEGIN IMMEDIATE")
            now = datetime.now(UTC)
            cursor = await conn.execute(
                "INSERT INTO journal_entry (reference, description, cooperative_id, booked_on, source, attachment,"
                " created_at)"
                " VALUES (?, '', NULL, ?, '', '', ?) ON CONFLICT (reference) DO NOTHING RETURNING id",
                (f"raw:{i}", now.date().isoformat(), now.isoformat(" ")),
            )
            entry_id = (await cursor.fetchone())[0]
            await cursor.close()
            day = now.date().isoformat()
            await conn.execute(
                "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on)"
                " VALUES (?, ?, ?, 0, ?), (?, ?, ?, 0, ?)",
                (entry_id, ids[0], 1_000, day, entry_id, ids[1], -1_000, day),
            )
            await conn.execute("UPDATE ledger_account SET balance = balance + ? WHERE id = ?", (1_000, ids[0]))
            await conn.execute("UPDATE ledger_account SET balance = balance + ? WHERE id = ?", (-1_000, ids[1]))
            await conn.execute("COMMIT")
        return N / (time.perf_counter() - start)


def report(engine: str, ours_rate: float, raw_rate: float) -> None:
    print(
        f"{engine:<10} service {ours_rate:8.0f} entries/s   raw driver {raw_rate:8.0f} entries/s"
        f"   ratio {ours_rate / raw_rate:.2f} (target >= 0.50)"
    )


async def main() -> None:
    print(f"Ledger posting benchmark: {N} two-posting entries, one transaction each")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.db")
        url = f"sqlite://{path}"
        await db.migrate(db.tortoise_config(url))
        await db.close()
        ours_rate = await ours(url)
        report("SQLite", ours_rate, await raw_sqlite(path))
    pg = await fresh_postgres("market_bench")
    if pg:
        ours_rate = await ours(pg)
        report("PostgreSQL", ours_rate, await raw_postgres(pg.replace("postgres://", "postgresql://")))


if __name__ == "__main__":
    asyncio.run(main())
