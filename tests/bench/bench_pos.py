"""POS sale lines recorded per second through the POS API on PostgreSQL: the app on uvicorn (one
process), POS terminals sending their day as a POS does after reconnecting — batches of
BENCH_POS_BATCH sales of LINES lines each, one batch at a time per terminal — timed until every
batch is answered. Beside it, the raw insert rate of the same rows: per sale, in one
transaction through asyncpg at the same concurrency, the sale, its lines, each line's stock
UPDATE and movement, the journal entry, its postings and the balances. Target: at least 0.5 of
the raw rate. The two sides run in turn, ROUNDS times, so a busy machine weighs on both alike.

Run with `make bench` (MARKET_BENCH_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/pos_bench).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx

from catalog import service as catalog
from market import db
from market import service as market
from tests.bench.common import bench_port, fresh_postgres
from tests.builders import make_coop, make_member, make_product, make_user

N = int(os.environ.get("BENCH_POS_N", "1200"))  # sales, in ROUNDS rounds of each side taken in turn
ROUNDS = int(os.environ.get("BENCH_POS_ROUNDS", "3"))
BATCH = int(os.environ.get("BENCH_POS_BATCH", "50"))
TERMINALS = int(os.environ.get("BENCH_POS_TERMINALS", "2"))
LINES = 3
PRODUCTS = 30
MEMBER_EVERY = 5  # every fifth sale names a member (their SHU participation)


async def wait_up(url: str) -> None:
    async with httpx.AsyncClient() as c:
        for _ in range(1200):
            try:
                await c.get(url)
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


async def set_up(url: str) -> tuple[int, dict[str, str], list[str], list[str]]:
    """A cooperative with PRODUCTS goods in stock (bought for cash), members, a pos token."""
    await db.init(db.tortoise_config(url, pool_size=4))
    coop = await make_coop()
    kas = await market.coop_account(coop.id, "kas")
    capital = await market.coop_account(coop.id, "modal_penyertaan")
    await market.post_entry("bench:capital", [market.debit(kas, 10**12), market.credit(capital, 10**12)])
    skus = []
    for p in range(PRODUCTS):
        product = await make_product(
            coop.id,
            sku=f"POS-{p:03d}",
            name=f"Barang {p}",
            unit="pcs",
            price_idr=5_000 + 500 * p,
            cost_idr=4_000,
            stock=0,
        )
        await catalog.adjust_stock(product.id, 1_000_000, reason="stok awal", booking="kas", reference=f"awal-{p}")
        skus.append(product.sku)
    members = [(await make_member(coop.id, phone=f"0812{n:08d}")).member_number for n in range(20)]
    manager = await make_user("manager", coop_id=coop.id)
    token, _ = await market.issue_coop_token(coop.id, name="POS bench", scopes=["pos"], created_by=manager.id)
    await db.close()
    return coop.id, {"Authorization": f"Bearer {token}"}, skus, members


def sales_of(n0: int, count: int, skus: list[str], members: list[str], prefix: str) -> list[dict]:
    day = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)
    out = []
    for n in range(n0, n0 + count):
        sale = {
            "client_id": f"{prefix}-{n:07d}",
            "sold_at": (day + timedelta(seconds=n)).isoformat(),
            "method": "cash",
            "lines": [{"sku": skus[(n * LINES + k) % len(skus)], "quantity": "1"} for k in range(LINES)],
        }
        if n % MEMBER_EVERY == 0:
            sale["member_number"] = members[n % len(members)]
        out.append(sale)
    return out


async def through_api(port: int, coop_id: int, headers, skus, members, n: int, prefix: str) -> float:
    """Seconds to record *n* sales through the API."""
    url = f"http://127.0.0.1:{port}/api/v1/cooperatives/{coop_id}/pos/sales"
    per_terminal = n // TERMINALS
    recorded = 0
    async with httpx.AsyncClient(timeout=300) as client:

        async def terminal(t: int) -> None:
            nonlocal recorded
            for start in range(0, per_terminal, BATCH):
                batch = sales_of(t * per_terminal + start, min(BATCH, per_terminal - start), skus, members, prefix)
                r = await client.post(url, json={"sales": batch}, headers=headers)
                assert r.status_code == 200, r.text
                recorded += r.json()["recorded"]

        start = time.perf_counter()
        await asyncio.gather(*(terminal(t) for t in range(TERMINALS)))
        elapsed = time.perf_counter() - start
    assert recorded == per_terminal * TERMINALS, recorded
    return elapsed


async def raw(url: str, coop_id: int, n: int, offset: int) -> float:
    """Seconds to write the same rows as *n* sales through the API, one transaction per sale, at
    the same concurrency."""
    pool = await asyncpg.create_pool(
        url.replace("postgres://", "postgresql://"), min_size=TERMINALS, max_size=TERMINALS
    )
    products = await pool.fetch(
        "SELECT id, sku, name, price_idr, cost_idr FROM catalog_product WHERE sku LIKE 'POS-%' ORDER BY sku"
    )
    accounts = {
        r["code"]: r["id"]
        for r in await pool.fetch("SELECT id, code FROM ledger_account WHERE cooperative_id = $1", coop_id)
    }
    member_ids = [r["id"] for r in await pool.fetch("SELECT id FROM member WHERE cooperative_id = $1", coop_id)]
    gate = asyncio.Semaphore(TERMINALS)

    async def one(n: int) -> None:
        now = datetime.now(UTC)
        lines = [products[(n * LINES + k) % len(products)] for k in range(LINES)]
        member = member_ids[n % len(member_ids)] if n % MEMBER_EVERY == 0 else None
        side = "anggota" if member else "non_anggota"
        total, hpp = sum(p["price_idr"] for p in lines), sum(p["cost_idr"] for p in lines)
        async with gate, pool.acquire() as conn, conn.transaction():
            sale = await conn.fetchval(
                "INSERT INTO retail_sale (cooperative_id, client_id, source, sold_at, booked_on, cashier_name, member_id,"
                " member_name, method, status, total, hpp_total, tendered, created_at)"
                " VALUES ($1, $2, 'pos', $3, $4, '', $5, '', 'cash', 'done', $6, $7, 0, $3) RETURNING id",
                coop_id,
                f"raw-{offset + n:07d}",
                now,
                now.date(),
                member,
                total,
                hpp,
            )
            await conn.executemany(
                "INSERT INTO retail_sale_line (sale_id, position, product_id, sku, name, unit, qty_milli, unit_price,"
                " line_total, hpp, returned_milli) VALUES ($1, $2, $3, $4, $5, 'pcs', 1000, $6, $6, $7, 0)",
                [
                    (sale, k + 1, p["id"], p["sku"], p["name"], p["price_idr"], p["cost_idr"])
                    for k, p in enumerate(lines)
                ],
            )
            for k, p in enumerate(lines):
                after = await conn.fetchval(
                    "UPDATE catalog_product SET stock = stock - 1, updated_at = $2 WHERE id = $1 AND stock - reserved >= 1"
                    " RETURNING stock",
                    p["id"],
                    now,
                )
                await conn.execute(
                    "INSERT INTO catalog_stock_movement (product_id, kind, quantity, reserved_change, stock_after, reason,"
                    " reference, created_at) VALUES ($1, 'sale', -1, 0, $2, 'Penjualan toko', $3, $4)",
                    p["id"],
                    after,
                    f"counter:raw:{sale}:{k + 1}",
                    now,
                )
            entry = await conn.fetchval(
                "INSERT INTO journal_entry (reference, description, cooperative_id, booked_on, source, attachment, created_at)"
                " VALUES ($1, '', $2, $3, '', '', $4) RETURNING id",
                f"raw:sale:{sale}",
                coop_id,
                now.date(),
                now,
            )
            legs = [
                (accounts["kas"], total, None, None),
                (accounts[f"penjualan_{side}"], -total, member, "purchase" if member else None),
                (accounts[f"hpp_{side}"], hpp, None, None),
                (accounts["persediaan"], -hpp, None, None),
            ]
            await conn.executemany(
                "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on, member_id, kind)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                [(entry, a, amount, coop_id, now.date(), m, kind) for a, amount, m, kind in legs],
            )
            for a, amount, _, _ in sorted(legs):
                await conn.execute("UPDATE ledger_account SET balance = balance + $1 WHERE id = $2", amount, a)

    start = time.perf_counter()
    await asyncio.gather(*(one(k) for k in range(n)))
    elapsed = time.perf_counter() - start
    await pool.close()
    return elapsed


async def main() -> None:
    url = await fresh_postgres("pos_bench")
    if url is None:
        return
    coop_id, headers, skus, members = await set_up(url)
    port = bench_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret", "MARKET_ENV": "test", "DB_POOL_SIZE": "10"}
    app = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "market.app:create_app",
            "--factory",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    per_round = N // ROUNDS
    api_s = raw_s = 0.0
    try:
        await wait_up(f"http://127.0.0.1:{port}/healthz")
        await through_api(port, coop_id, headers, skus, members, 2 * TERMINALS, "warm")
        for r in range(ROUNDS):
            api_s += await through_api(port, coop_id, headers, skus, members, per_round, f"api{r}")
            raw_s += await raw(url, coop_id, per_round, r * per_round)
    finally:
        app.terminate()
        app.wait()
    lines = per_round * ROUNDS * LINES
    api_rate, raw_rate = lines / api_s, lines / raw_s
    print(
        f"POS API (PostgreSQL, 1 app process, {TERMINALS} terminals, batches of {BATCH}, {ROUNDS} rounds in turn"
        f" with raw): {per_round * ROUNDS} sales of {LINES} lines in {api_s:.1f} s; raw {raw_s:.1f} s"
    )
    print(
        f"POS    {api_rate:8.1f} sale lines/s   raw asyncpg same rows {raw_rate:8.1f}/s   "
        f"ratio {api_rate / raw_rate:.2f} (target >= 0.50)"
    )


if __name__ == "__main__":
    asyncio.run(main())
