"""Statements on a big book: one cooperative with BENCH_POSTINGS (default 1,000,000) postings in
one year, bulk-inserted as balanced two-posting entries with raw SQL (COPY on PostgreSQL, one
executemany transaction on SQLite). Then trial balance, neraca and PHU through
market.service.statements, each printed beside the raw aggregate over the same rows in the same
run (``SELECT account_id, SUM(amount) … GROUP BY account_id``). Target: each within 1 s.

Run with `make bench`. PostgreSQL: a fresh `market_bench_statements` database on the server of
MARKET_BENCH_POSTGRES_URL (default 127.0.0.1:5432); skipped (and says so) when no server answers.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta

import asyncpg

from market import db, service
from market.schemas import MemberIn
from market.service import statements
from tests.bench.common import bench_cooperative, fresh_postgres

POSTINGS = int(os.environ.get("BENCH_POSTINGS", "1000000"))
MEMBERS = 200
YEAR = date.today().year - 1
START, END = date(YEAR, 1, 1), date(YEAR, 12, 31)
# Entry templates: (debit code, credit code); "wajib" is one of the members' simpanan wajib lines.
TEMPLATES = (
    ("kas", "penjualan_anggota"),
    ("hpp_anggota", "persediaan"),
    ("bank", "penjualan_non_anggota"),
    ("hpp_non_anggota", "persediaan"),
    ("persediaan", "bank"),
    ("beban_gaji", "kas"),
    ("beban_listrik", "bank"),
    ("piutang_platform", "penjualan_anggota"),
    ("bank", "piutang_platform"),
    ("kas", "wajib"),
    ("kas", "sukarela"),
    ("beban_fee_platform", "piutang_platform"),
)
RAW = "SELECT account_id, SUM(amount) AS total FROM ledger_posting WHERE book = ? AND {where} GROUP BY account_id"


async def _setup() -> tuple[int, dict[str, int], list[int], list[int]]:
    """The cooperative, its chart's account ids, and its members' wajib and sukarela accounts."""
    coop = await bench_cooperative("Koperasi Bench", "bench", "3201999999999999")
    chart = {
        r["code"]: r["id"]
        for r in await db.execute("SELECT id, code FROM ledger_account WHERE cooperative_id = ?", coop.id)
    }
    wajib, sukarela = [], []
    for i in range(MEMBERS):
        member = await service.add_member(
            coop.id, MemberIn(name=f"Anggota {i}", nik=f"320101{i % 28 + 1:02d}0785{i + 1:04d}")
        )
        wajib.append((await service.chart_account(coop.id, "simpanan_wajib", member_id=member.id)).id)
        sukarela.append((await service.chart_account(coop.id, "simpanan_sukarela", member_id=member.id)).id)
    return coop.id, chart, wajib, sukarela


def _rows(coop_id: int, chart: dict[str, int], wajib: list[int], sukarela: list[int], first_id: int):
    """(entries, postings) as tuples: POSTINGS / 2 balanced entries spread over the year."""
    rnd = random.Random(12)
    created = datetime(YEAR, 6, 1, tzinfo=UTC)
    entries, postings = [], []
    for n in range(POSTINGS // 2):
        entry_id = first_id + n
        day = START + timedelta(days=n * 365 // (POSTINGS // 2))
        dr, cr = TEMPLATES[n % len(TEMPLATES)]
        amount = rnd.randrange(1_000, 500_000)
        dr_id = chart[dr]
        members = {"wajib": wajib, "sukarela": sukarela}.get(cr)
        cr_id = members[n % MEMBERS] if members else chart[cr]
        entries.append((entry_id, f"bench:{n}", "", coop_id, day, "manual", "", created))
        postings.append((entry_id, dr_id, amount, coop_id, day))
        postings.append((entry_id, cr_id, -amount, coop_id, day))
    return entries, postings


BALANCES = (
    "UPDATE ledger_account SET balance = COALESCE((SELECT SUM(amount) FROM ledger_posting p"
    " WHERE p.account_id = ledger_account.id), 0) WHERE cooperative_id = {coop}"
)


async def fill_postgres(dsn: str, coop_id: int, *rest) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        first = await conn.fetchval("SELECT COALESCE(MAX(id), 0) + 1 FROM journal_entry")
        entries, postings = _rows(coop_id, *rest, first)
        cols = ("id", "reference", "description", "cooperative_id", "booked_on", "source", "attachment", "created_at")
        await conn.copy_records_to_table("journal_entry", records=entries, columns=cols)
        cols = ("entry_id", "account_id", "amount", "book", "booked_on")
        await conn.copy_records_to_table("ledger_posting", records=postings, columns=cols)
        await conn.execute(
            "SELECT setval(pg_get_serial_sequence('journal_entry', 'id'), (SELECT MAX(id) FROM journal_entry))"
        )
        await conn.execute(BALANCES.format(coop=coop_id))
        await conn.execute("VACUUM ANALYZE ledger_posting")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def fill_sqlite(path: str, coop_id: int, *rest) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM journal_entry").fetchone()[0]
        entries, postings = _rows(coop_id, *rest, first)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO journal_entry (id, reference, description, cooperative_id, booked_on, source, attachment,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(i, r, d, c, day.isoformat(), s, a, t.isoformat(" ")) for i, r, d, c, day, s, a, t in entries],
        )
        conn.executemany(
            "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on) VALUES (?, ?, ?, ?, ?)",
            [(e, a, m, b, day.isoformat()) for e, a, m, b, day in postings],
        )
        conn.execute(BALANCES.format(coop=coop_id))
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    finally:
        conn.close()


async def timed(call: Callable[[], Awaitable[object]], runs: int = 3) -> float:
    """Median seconds of *runs* calls after one warm-up call."""
    await call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        await call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def measure(engine: str, url: str, fill) -> None:
    await db.init(db.tortoise_config(url, pool_size=4))
    try:
        coop_id, *rest = await _setup()
    finally:
        await db.close()
    start = time.perf_counter()
    await fill(coop_id, *rest)
    print(f"{engine:<10} {POSTINGS:,} postings inserted in {time.perf_counter() - start:.1f} s")
    await db.init(db.tortoise_config(url, pool_size=4))
    try:
        year_raw = await timed(lambda: db.execute(RAW.format(where="booked_on BETWEEN ? AND ?"), coop_id, START, END))
        to_raw = await timed(lambda: db.execute(RAW.format(where="booked_on <= ?"), coop_id, END))
        tb = await statements.trial_balance(coop_id, START, END)
        bs = await statements.balance_sheet(coop_id, END)
        assert tb.total_debit == tb.total_credit and bs.total_assets == bs.total_liabilities + bs.total_equity
        for name, call, raw in (
            ("trial balance", lambda: statements.trial_balance(coop_id, START, END), to_raw),
            ("neraca", lambda: statements.balance_sheet(coop_id, END), to_raw),
            ("PHU", lambda: statements.income_statement(coop_id, START, END), year_raw),
        ):
            took = await timed(call)
            verdict = "ok" if took < 1 else "SLOW"
            print(
                f"{engine:<10} {name:<14} {took * 1000:7.0f} ms   raw aggregate {raw * 1000:7.0f} ms   (target < 1000 ms: {verdict})"
            )
    finally:
        await db.close()


async def main() -> None:
    print(f"Statements benchmark: one cooperative, {POSTINGS:,} postings in {YEAR} (median of 3 after a warm-up)")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench.db")
        url = f"sqlite://{path}"
        await db.migrate(db.tortoise_config(url))
        await db.close()
        await measure("SQLite", url, lambda *a: fill_sqlite(path, *a))
    pg = await fresh_postgres("market_bench_statements")
    if pg:
        dsn = pg.replace("postgres://", "postgresql://")
        await measure("PostgreSQL", pg, lambda *a: fill_postgres(dsn, *a))


if __name__ == "__main__":
    asyncio.run(main())
