"""The year-end SHU close on a big cooperative: BENCH_SHU_MEMBERS (default 100,000) members with
simpanan pokok and wajib, and BENCH_SHU_TAGGED (default 2,000,000) tagged member postings in one
year — sales to members (penjualan_anggota tagged purchase) whose goods members supplied
(hpp_anggota tagged supply), two tagged postings per entry — bulk-inserted with COPY. Then
``shu.service.close_year`` (the figures, the funds, every member's share, stored), timed beside a
raw SQL aggregate of the same rows (``SELECT member_id, kind, SUM(amount) … GROUP BY``), and the
member's live SHU page figure (``market.service.member_shu``), p95 of 20 calls.

Target: the close within 30 s, the live figure within 50 ms p95. PostgreSQL only: a fresh
`market_bench_shu` database on the server of MARKET_BENCH_POSTGRES_URL (default 127.0.0.1:5432).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

import asyncpg

from market import db, service
from shu import service as shu
from tests.bench.common import bench_cooperative, fresh_postgres

MEMBERS = int(os.environ.get("BENCH_SHU_MEMBERS", "100000"))
TAGGED = int(os.environ.get("BENCH_SHU_TAGGED", "2000000"))
YEAR = date.today().year - 1
START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)
RAW = (
    "SELECT member_id, kind, SUM(amount) AS total FROM ledger_posting"
    " WHERE book = $1 AND booked_on BETWEEN $2 AND $3 AND member_id IS NOT NULL GROUP BY member_id, kind"
)


async def _setup() -> tuple[int, dict[str, int]]:
    coop = await bench_cooperative("Koperasi Bench SHU", "bench-shu", "3201999999999998")
    rows = await db.execute(
        "SELECT id, code FROM ledger_account WHERE cooperative_id = ? AND member_id IS NULL", coop.id
    )
    return coop.id, {r["code"]: r["id"] for r in rows}


async def _members(conn, coop_id: int) -> tuple[list[int], list[int], list[int]]:
    """Members and their pokok and wajib accounts, by COPY; returns (ids, pokok ids, wajib ids)."""
    now = datetime(YEAR, 1, 1, tzinfo=UTC)
    records = [
        (coop_id, f"B{n:06d}", f"Anggota {n}", "", f"32{n:014d}", date(YEAR - 1, 1, 1), "active", now)
        for n in range(MEMBERS)
    ]
    cols = ("cooperative_id", "member_number", "name", "phone", "nik", "joined_on", "status", "created_at")
    await conn.copy_records_to_table("member", records=records, columns=cols)
    ids = [r["id"] for r in await conn.fetch("SELECT id FROM member WHERE cooperative_id = $1 ORDER BY id", coop_id)]
    accounts = []
    for code, number, name in (
        ("simpanan_pokok", "3101", "Simpanan pokok"),
        ("simpanan_wajib", "3102", "Simpanan wajib"),
    ):
        accounts += [(f"member:{m}", code, number, name, "equity", coop_id, m, False, 0) for m in ids]
    cols = ("owner_key", "code", "number", "name", "type", "cooperative_id", "member_id", "allow_negative", "balance")
    await conn.copy_records_to_table("ledger_account", records=accounts, columns=cols)
    by = {
        (r["member_id"], r["code"]): r["id"]
        for r in await conn.fetch(
            "SELECT id, member_id, code FROM ledger_account WHERE cooperative_id = $1 AND member_id IS NOT NULL",
            coop_id,
        )
    }
    return ids, [by[(m, "simpanan_pokok")] for m in ids], [by[(m, "simpanan_wajib")] for m in ids]


def _rows(coop_id, chart, ids, pokok, wajib, first_entry):
    rnd = random.Random(13)
    created = datetime(YEAR, 6, 1, tzinfo=UTC)
    entries, postings = [], []
    n = first_entry
    for i, m in enumerate(ids):  # capital: pokok 100.000 on 2 January, wajib 10.000–200.000 in the year
        day = date(YEAR, 1, 2) + timedelta(days=i % 300)
        w = rnd.randrange(10, 200) * 1000
        entries.append((n, f"bench:cap:{m}", "", coop_id, day, "manual", "", created))
        postings += [(n, chart["kas"], 100_000 + w, coop_id, day, None, None)]
        postings += [(n, pokok[i], -100_000, coop_id, day, None, None), (n, wajib[i], -w, coop_id, day, None, None)]
        n += 1
    for k in range(TAGGED // 2):  # a sale to a member of goods another member supplied
        day = START + timedelta(days=k * 365 // (TAGGED // 2))
        buyer, supplier = ids[rnd.randrange(len(ids))], ids[rnd.randrange(len(ids))]
        price = rnd.randrange(5_000, 500_000)
        cost = price * 8 // 10
        entries.append((n, f"bench:sale:{k}", "", coop_id, day, "manual", "", created))
        postings += [
            (n, chart["kas"], price, coop_id, day, None, None),
            (n, chart["penjualan_anggota"], -price, coop_id, day, buyer, "purchase"),
            (n, chart["hpp_anggota"], cost, coop_id, day, supplier, "supply"),
            (n, chart["kas"], -cost, coop_id, day, None, None),
        ]
        n += 1
    return entries, postings


async def fill(dsn: str, coop_id: int, chart: dict[str, int]) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        ids, pokok, wajib = await _members(conn, coop_id)
        first = await conn.fetchval("SELECT COALESCE(MAX(id), 0) + 1 FROM journal_entry")
        entries, postings = _rows(coop_id, chart, ids, pokok, wajib, first)
        cols = ("id", "reference", "description", "cooperative_id", "booked_on", "source", "attachment", "created_at")
        await conn.copy_records_to_table("journal_entry", records=entries, columns=cols)
        cols = ("entry_id", "account_id", "amount", "book", "booked_on", "member_id", "kind")
        await conn.copy_records_to_table("ledger_posting", records=postings, columns=cols)
        await conn.execute(
            "SELECT setval(pg_get_serial_sequence('journal_entry', 'id'), (SELECT MAX(id) FROM journal_entry))"
        )
        await conn.execute(
            "UPDATE ledger_account SET balance = t.total FROM (SELECT account_id, SUM(amount) AS total FROM ledger_posting"
            " WHERE book = $1 GROUP BY account_id) t WHERE t.account_id = ledger_account.id",
            coop_id,
        )
        await conn.execute("UPDATE cooperative SET books_locked_through = $1 WHERE id = $2", END, coop_id)
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()


async def _p95(call, runs: int = 20) -> float:
    await call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await call()
        times.append(time.perf_counter() - start)
    return statistics.quantiles(times, n=20)[-1]


async def main() -> None:
    print(f"SHU close benchmark: {MEMBERS:,} members, {TAGGED:,} tagged postings in {YEAR}")
    url = await fresh_postgres("market_bench_shu")
    if not url:
        return
    await db.init(db.tortoise_config(url, pool_size=4))
    try:
        coop_id, chart = await _setup()
        start = time.perf_counter()
        await fill(url.replace("postgres://", "postgresql://"), coop_id, chart)
        print(f"inserted in {time.perf_counter() - start:.1f} s")
        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://"))
        start = time.perf_counter()
        raw_rows = await conn.fetch(RAW, coop_id, START, END)
        raw = time.perf_counter() - start
        await conn.close()
        start = time.perf_counter()
        p = await shu.close_year(coop_id, YEAR, actor=None)
        took = time.perf_counter() - start
        assert sum(f.amount for f in p.funds) == p.shu_after_tax > 0
        print(
            f"close_year {took:6.1f} s   raw aggregate {raw:5.1f} s ({len(raw_rows):,} rows)"
            f"   members with a share {p.detail['members']:,}   (target <= 30 s: {'ok' if took <= 30 else 'SLOW'})"
        )
        some = (await db.execute("SELECT id FROM member WHERE cooperative_id = ? ORDER BY id LIMIT 1", coop_id))[0][
            "id"
        ]
        live = await _p95(lambda: service.member_shu(coop_id, some, year=YEAR))
        print(f"member's live SHU p95 {live * 1000:7.0f} ms   (target <= 50 ms: {'ok' if live <= 0.05 else 'SLOW'})")
    finally:
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
