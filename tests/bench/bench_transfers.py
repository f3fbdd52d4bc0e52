"""Wallet transfers per second on PostgreSQL: payments.service.book_transfer (the sender's row
lock, today's total for the limit, the transfer, both movements, the entry, its postings, both
balances by conditional update, the outbox event) against one raw asyncpg transaction doing the
same statements, both one after another and eight at once, A→B and B→A alternating.

The full ``payments.service.transfer`` adds the idempotency claim and the PIN's argon2 check
(a CPU cost paid on purpose); it is measured too, for the record, beside the same ceiling.

Run with `make bench`. A fresh `market_bench_transfers` database on the server of
MARKET_BENCH_POSTGRES_URL (default 127.0.0.1:5432); skipped (and says so) when no server answers.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from datetime import UTC, datetime

import asyncpg

from market import db
from market.schemas import MemberIn, UserIn
from market.service import add_member, create_user, platform_pair
from payments import service
from payments.schemas import RecipientIn
from payments.service import accounts
from tests.bench.common import bench_cooperative, fresh_postgres
from tests.builders import nik

N = int(os.environ.get("BENCH_TRANSFERS", "1000"))
FULL = int(os.environ.get("BENCH_FULL_TRANSFERS", "60"))
CONCURRENCY = 8
RULES = service.WalletRules(transfer_daily_idr=10**12)


async def _setup():
    coop = await bench_cooperative("Koperasi Bench Transfer", "bench-transfer", "3201000000000991")
    people = [
        await add_member(coop.id, MemberIn(name=f"Anggota {n}", nik=nik(900 + n), phone=f"08130000000{n}"))
        for n in (1, 2)
    ]
    wallets = [await service.member_wallet(coop.id, p.id) for p in people]
    for w in wallets:
        await service.credit_wallet(w.id, 10**10, reference=f"bench:{w.id}", from_account=await accounts.xendit_cash())
    user = await create_user(
        UserIn(email="bench@uji.id", password="rahasia123", role="member", name="Bench"),
        cooperative_id=coop.id,
        member_id=people[0].id,
    )
    await service.set_pin(user.id, "123456")
    await platform_pair(coop.id)
    return coop, people, wallets, user


async def ours(wallets, concurrency: int) -> float:
    a, b = wallets
    queue = list(range(N))

    async def worker() -> None:
        while queue:
            n = queue.pop()
            sender, recipient = (a, b) if n % 2 else (b, a)
            await service.book_transfer(
                sender,
                recipient,
                1_000,
                reference=f"ours:{concurrency}:{n}",
                sender_name="Anggota 1",
                recipient_name="Anggota 2",
                rules=RULES,
            )

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return N / (time.perf_counter() - start)


async def full(coop, people, wallets, user) -> float:
    to = RecipientIn(member_number=people[1].member_number, cooperative=coop.slug)
    start = time.perf_counter()
    for n in range(FULL):
        await service.transfer(
            wallets[0].id, to, 1_000, pin_code="123456", user_id=user.id, idempotency_key=f"full:{n}", rules=RULES
        )
    return FULL / (time.perf_counter() - start)


async def _raw_one(conn, n: int, sender, recipient, coop_id: int, tag: str) -> None:
    now = datetime.now(UTC)
    async with conn.transaction():
        await conn.execute("SELECT id FROM payments_wallet WHERE id = $1 FOR NO KEY UPDATE", sender.id)
        await conn.fetchval(
            "SELECT COALESCE(SUM(amount), 0) FROM payments_wallet_transfer WHERE from_wallet_id = $1 AND created_at >= $2",
            sender.id,
            now.replace(hour=0, minute=0, second=0, microsecond=0),
        )
        transfer_id = await conn.fetchval(
            "INSERT INTO payments_wallet_transfer (from_wallet_id, to_wallet_id, amount, reference, note,"
            " sender_user_id, sender_name, recipient_name, created_at) VALUES ($1, $2, $3, $4, '', NULL, $5, $6, $7)"
            " RETURNING id",
            sender.id,
            recipient.id,
            1_000,
            f"raw:{tag}:{n}",
            "Anggota 1",
            "Anggota 2",
            now,
        )
        await conn.execute(
            "INSERT INTO payments_wallet_movement (wallet_id, amount, kind, reference, description, created_at)"
            " VALUES ($1, $2, 'transfer_out', $3, $4, $7), ($5, $6, 'transfer_in', $8, $9, $7)",
            sender.id,
            -1_000,
            f"wallet:raw:{tag}:{n}:out",
            "Transfer ke Anggota 2",
            recipient.id,
            1_000,
            now,
            f"wallet:raw:{tag}:{n}:in",
            "Transfer dari Anggota 1",
        )
        entry_id = await conn.fetchval(
            "INSERT INTO journal_entry (reference, description, cooperative_id, booked_on, source, attachment,"
            " created_at) VALUES ($1, 'Transfer', $2, $3, '', '', $4) ON CONFLICT (reference) DO NOTHING RETURNING id",
            f"wallet:raw:{tag}:{transfer_id}",
            coop_id,
            now.date(),
            now,
        )
        await conn.execute(
            "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on, member_id, kind)"
            " VALUES ($1, $2, $3, $6, $7, NULL, NULL), ($1, $4, $5, $6, $7, NULL, NULL)",
            entry_id,
            sender.account_id,
            1_000,
            recipient.account_id,
            -1_000,
            coop_id,
            now.date(),
        )
        first, second = sorted([(sender.account_id, 1_000), (recipient.account_id, -1_000)])
        for account_id, amount in (first, second):
            assert await conn.fetchval(
                "UPDATE ledger_account SET balance = balance + $1 WHERE id = $2 AND balance <= $3 RETURNING id",
                amount,
                account_id,
                -amount,
            )
        await conn.execute(
            "WITH e AS (INSERT INTO outbox_event (topic, payload, created_at, attempts, last_error)"
            " VALUES ('wallet.transferred.v1', CAST($1 AS JSONB), $2, 0, '') RETURNING id)"
            " SELECT e.id, pg_notify('market_outbox', '') FROM e",
            json.dumps({"transfer_id": transfer_id}),
            now,
        )


async def raw(dsn: str, wallets, coop_id: int, concurrency: int, tag: str, *, with_pin: bool = False) -> float:
    """The same statements per transfer; *with_pin*: after the PIN's argon2id check, as ``transfer`` does."""
    from market import hashing

    a, b = wallets
    pool = await asyncpg.create_pool(dsn, min_size=concurrency, max_size=concurrency)
    queue = list(range(N))
    pin_hash = hashing.make("123456", hashing.Strength.SHORT)

    async def worker() -> None:
        async with pool.acquire() as conn:
            while queue:
                n = queue.pop()
                sender, recipient = (a, b) if n % 2 else (b, a)
                if with_pin:
                    assert await asyncio.to_thread(hashing.matches, pin_hash, "123456", hashing.Strength.SHORT)
                await _raw_one(conn, n, sender, recipient, coop_id, tag)

    try:
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return N / (time.perf_counter() - start)
    finally:
        await pool.close()


def report(label: str, ours_rate: float, raw_rate: float) -> None:
    print(
        f"{label:<34} service {ours_rate:8.1f} transfers/s   raw asyncpg {raw_rate:8.1f} transfers/s"
        f"   ratio {ours_rate / raw_rate:.2f} (target >= 0.50)"
    )


async def main() -> None:
    print(f"Wallet transfer benchmark (PostgreSQL): {N} transfers A<->B in one cooperative per figure")
    url = await fresh_postgres("market_bench_transfers")
    if not url:
        return
    await db.init(db.tortoise_config(url, pool_size=CONCURRENCY + 2))
    try:
        coop, people, wallets, user = await _setup()
        dsn = url.replace("postgres://", "postgresql://")
        for concurrency in (1, CONCURRENCY):
            ours_rate = await ours(wallets, concurrency)
            raw_rate = await raw(dsn, wallets, coop.id, concurrency, f"c{concurrency}")
            report(f"book_transfer, {concurrency} at a time", ours_rate, raw_rate)
        full_rate = await full(coop, people, wallets, user)
        label = f"transfer() with key + PIN ({FULL}, 1 at a time)"
        report(label, full_rate, await raw(dsn, wallets, coop.id, 1, "full"))
        report(
            "  the same, raw with the PIN's argon2id",
            full_rate,
            await raw(dsn, wallets, coop.id, 1, "pin", with_pin=True),
        )
    finally:
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
