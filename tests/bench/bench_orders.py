"""Orders placed and paid per second on PostgreSQL, end to end through two app processes:
HTTP checkout (3 cooperatives × 2 lines) → the embedded Xendit sandbox pays the invoice → its
callback → the outbox worker marks the sub-orders paid, takes the stock and holds the money in
escrow. Beside it, in the same run, raw asyncpg transactions doing the same row locks, inserts
and updates (checkout, payment row, paid callback with its journal entry, the orders' paid
transition with stock taken and escrow entry). Also prints the p50/p99 latency of the checkout
request and the number of SQL statements one placing takes.

Run with `make bench` (or `python -m tests.bench.bench_orders`); PostgreSQL from
MARKET_BENCH_POSTGRES_URL's server, database `orders_bench` (re-created).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime

import asyncpg
import httpx

from market import db
from market import service as market
from market.models import Role, User
from market.schemas import CooperativeIn, UserIn
from market.settings import Settings
from tests.bench.common import fresh_postgres

N = int(os.environ.get("BENCH_ORDERS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "16"))
TOKEN = "bench-token"
# Where Xendit is: "standalone" (its sandbox in a process of its own, as production talks to Xendit
# over the network) or "embedded" (the sandbox inside the app processes, its state in our database:
# the default of `make run`, which makes the provider's work ours too).
XENDIT = os.environ.get("BENCH_ORDERS_XENDIT", "standalone")
ADDRESS = {
    "recipient_name": "Siti Aminah",
    "phone": "081234567890",
    "street": "Jl. Merdeka 10",
    "kelurahan": "Gambir",
    "kecamatan": "Gambir",
    "kabupaten": "Jakarta Pusat",
    "provinsi": "DKI Jakarta",
    "kode_pos": "10110",
}


async def seed(url: str) -> tuple[list[int], list[dict]]:
    """3 cooperatives × 2 products with ample stock; N buyers with a token and a full cart."""
    from catalog import service as catalog
    from orders import service as orders

    await db.init(db.tortoise_config(url, pool_size=4))
    try:
        products = []
        for c in range(3):
            coop = await market.create_cooperative(
                CooperativeIn(
                    name=f"Koperasi Bench {c}",
                    slug=f"bench-{c}",
                    legal_number=f"AHU-B{c}",
                    nik_koperasi=f"32019{c:011d}",
                    coop_type="produsen",
                    province="Jawa Barat",
                    regency="Kabupaten Bogor",
                ),
                status="active",
            )
            for p in range(2):
                product = await catalog.create_product(
                    coop.id,
                    {
                        "sku": f"B-{c}-{p}",
                        "name": f"Produk {c}-{p}",
                        "category": "sayur",
                        "unit": "kg",
                        "price_idr": 10_000 + p,
                        "stock": 10**8,
                        "cost_idr": 7_000,
                    },
                )
                products.append(product.id)
        headers = []
        first = await market.create_user(
            UserIn(email="bench0@uji.id", password="rahasia123", role=Role.BUYER, name="Pembeli 0")
        )
        for n in range(N):
            # One argon2 hash (0.2 s each) shared by every buyer: logins are not what is measured.
            user = (
                first
                if n == 0
                else await User.create(
                    email=f"bench{n}@uji.id", name=f"Pembeli {n}", password_hash=first.password_hash, role=Role.BUYER
                )
            )
            for pid in products:
                await orders.add_to_cart(pid, 1, user_id=user.id)
            headers.append(
                {"Authorization": f"Bearer {await market.issue_token(user.id)}", "Idempotency-Key": f"bench-{n}"}
            )
        return products, headers
    finally:
        await db.close()


async def count_statements(url: str, products: list[int]) -> int:
    """Statements of one placing of 3 cooperatives × 2 lines (the tests' counter, the sandbox gateway)."""
    from market import runtime
    from market.app import create_app
    from orders import service as orders
    from payments import wiring
    from tests.orders.helpers import count_statements as counter

    settings = Settings(MARKET_ENV="test", DATABASE_URL=url, SECRET_KEY="storm-secret")
    app = create_app(settings, manage_db=False)
    transport = httpx.ASGITransport(app=app)
    from payments.xendit import XenditGateway

    gateway = XenditGateway("http://test/sandbox/xendit", wiring.secret_key(settings), transport=transport, backoff_s=0)
    rt = runtime.replace(gateway=gateway)
    await db.init(db.tortoise_config(url, pool_size=4))
    try:
        user = await market.create_user(
            UserIn(email="count@uji.id", password="rahasia123", role=Role.BUYER, name="Hitung")
        )
        for pid in products:
            await orders.add_to_cart(pid, 1, user_id=user.id)
        actor = await market.actor_by_id(user.id)
        with counter() as seen:
            await orders.place_order(
                rt.gateway,
                actor=actor,
                address=ADDRESS,
                delivery={},
                idempotency_key="count",
                fee_bps=rt.order_fee_bps,
                payment_duration_s=rt.order_payment_duration_s,
            )
        return len(seen)
    finally:
        await gateway.aclose()
        await db.close()


def sandbox_key() -> str:
    from payments import wiring

    return wiring.secret_key(Settings(MARKET_ENV="test", SECRET_KEY="storm-secret"))


async def standalone_xendit(key: str) -> tuple[subprocess.Popen, str, int]:
    """The Xendit sandbox in a process of its own (``market sandbox xendit``), as production talks to
    Xendit over the network: its invoices in its memory, not in our database. Its callbacks go to a
    port chosen now, where the first app process will listen."""
    from tests.serving import free_port

    port, app_port = free_port(), free_port()
    callback = f"http://127.0.0.1:{app_port}/api/v1/payments/xendit/callback"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "market.cli",
            "sandbox",
            "xendit",
            "--port",
            str(port),
            "--secret-key",
            key,
            "--callback-url",
            callback,
            "--callback-token",
            TOKEN,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient() as client:
        for _ in range(1200):
            try:
                await client.get(f"{base}/v2/invoices/none", auth=(key, ""))
                return proc, base, app_port
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise RuntimeError("the Xendit sandbox did not start")


async def through_http(url: str, headers: list[dict]) -> tuple[float, list[float]]:
    from tests.payments.processes import start_app, stop

    key = sandbox_key()
    sandbox, extra, pay_base, first_port = None, [{}, {}], None, None
    if XENDIT == "standalone":
        sandbox, pay_base, first_port = await standalone_xendit(key)
        extra = [{"XENDIT_BASE_URL": pay_base, "XENDIT_SECRET_KEY": key}] * 2
    ports = [first_port if sandbox else None, None]
    procs = await asyncio.gather(
        *(start_app(url, token=TOKEN, pool=CONCURRENCY + 4, extra_env=extra[i], port=ports[i]) for i in range(2))
    )
    urls = [u for _, u in procs]
    limit = asyncio.Semaphore(CONCURRENCY)
    latencies: list[float] = []
    try:
        async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=CONCURRENCY * 2)) as client:

            async def buy(n: int) -> int:
                base = urls[n % 2]
                async with limit:
                    t0 = time.perf_counter()
                    r = await client.post(
                        f"{base}/api/v1/checkout", headers=headers[n], json={"address": ADDRESS, "delivery": {}}
                    )
                    latencies.append(time.perf_counter() - t0)
                    assert r.status_code == 201, r.text
                    order = r.json()
                    invoice = order["invoice_url"].rsplit("/", 1)[-1]
                    p = await client.post(
                        f"{pay_base or base + '/sandbox/xendit'}/_sandbox/invoices/{invoice}/pay",
                        json={"method": "QRIS"},
                        auth=(key, ""),
                    )
                    assert p.status_code == 200, p.text
                    return order["id"]

            await buy(0)  # warm up (accounts created)
            await wait_paid(url, 1)
            latencies.clear()
            start = time.perf_counter()
            await asyncio.gather(*(buy(n) for n in range(1, N)))
            placed = time.perf_counter() - start
            await wait_paid(url, N)
            elapsed = time.perf_counter() - start
            print(f"  {N - 1} checkouts and payments sent in {placed:.1f} s; all paid after {elapsed:.1f} s")
        return (N - 1) / elapsed, latencies
    finally:
        for proc, _ in procs:
            log = await stop(proc)
            if "Traceback" in log:
                print(log[-3000:])
        if sandbox is not None:
            sandbox.terminate()
            sandbox.wait()


async def wait_paid(url: str, n: int) -> None:
    """Until *n* orders have every sub-order paid (the callbacks and the worker are asynchronous)."""
    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://"))
    try:
        deadline = time.perf_counter() + 300
        while time.perf_counter() < deadline:
            paid = await conn.fetchval("SELECT COUNT(*) FROM orders_suborder WHERE state = 'paid'")
            if paid >= 3 * n:
                return
            await asyncio.sleep(0.02)
        raise TimeoutError(f"only {paid} of {3 * n} sub-orders paid")
    finally:
        await conn.close()


async def raw(url: str, products: list[int]) -> float:
    """The same rows locked, inserted and updated, as hand-written asyncpg transactions."""
    dsn = url.replace("postgres://", "postgresql://")
    pool = await asyncpg.create_pool(dsn, min_size=CONCURRENCY, max_size=CONCURRENCY)
    accounts = {
        r["code"]: r["id"] for r in await pool.fetch("SELECT id, code FROM ledger_account WHERE owner_key = 'platform'")
    }
    cash, clearing, escrow = accounts["kas_xendit"], accounts["pembayaran_titipan"], accounts["escrow_pesanan"]
    coops = [
        r["cooperative_id"]
        for r in await pool.fetch(
            "SELECT cooperative_id FROM catalog_product WHERE id = ANY($1::int[]) ORDER BY id", products
        )
    ]
    limit = asyncio.Semaphore(CONCURRENCY)

    async def order(n: int) -> None:
        async with limit, pool.acquire() as conn:
            now = datetime.now(UTC)
            async with conn.transaction():  # checkout
                oid = await conn.fetchval(
                    "INSERT INTO orders_order (buyer_user_id, buyer_name, idempotency_key, recipient_name, phone,"
                    " street, kelurahan, kecamatan, kabupaten, provinsi, kode_pos, goods_total, delivery_total, total,"
                    " wallet_amount, created_at) VALUES (1, 'x', $1, 'a', '0812', 'b', 'c', 'd', 'e', 'f', '10110',"
                    " 60003, 0, 60003, 0, $2)"
                    " RETURNING id",
                    f"raw-{n}",
                    now,
                )
                for pid in products:
                    ok = await conn.fetchval(
                        "UPDATE catalog_product SET reserved = reserved + 1 WHERE id = $1 AND status = 'active'"
                        " AND stock - reserved >= 1 RETURNING id",
                        pid,
                    )
                    assert ok
                await conn.execute(
                    "INSERT INTO catalog_stock_reservation (product_id, reference, quantity, status, created_at,"
                    " updated_at) SELECT unnest($1::int[]), 'raw:' || $2 || ':' || unnest($1::int[]), 1, 'held', $3, $3",
                    products,
                    str(oid),
                    now,
                )
                await conn.execute(
                    "INSERT INTO catalog_stock_movement (product_id, kind, quantity, reserved_change, stock_after,"
                    " reason, reference, created_at) SELECT unnest($1::int[]), 'reserve', 0, 1, 0, '',"
                    " 'reserve:raw:' || $2 || ':' || unnest($1::int[]), $3",
                    products,
                    str(oid),
                    now,
                )
                subs = await conn.fetch(
                    "INSERT INTO orders_suborder (order_id, cooperative_id, state, goods_total, delivery, delivery_fee,"
                    " platform_fee, wallet_amount, courier, tracking_number, cancel_reason, created_at)"
                    " SELECT $1, unnest($2::int[]), 'awaiting_payment', 20001, 'pickup', 0, 500, 0, '', '', '', $3"
                    " RETURNING id",
                    oid,
                    sorted(set(coops)),
                    now,
                )
                await conn.execute(
                    "INSERT INTO orders_line (suborder_id, product_id, name, unit, quantity, unit_price, line_total,"
                    " hpp_per_unit, reservation_reference) SELECT $1, unnest($2::int[]), 'x', 'kg', 1, 10000, 10000,"
                    " 7000, 'r'",
                    subs[0]["id"],
                    products,
                )
                await conn.execute(
                    "INSERT INTO orders_transition (suborder_id, from_state, to_state, note, at)"
                    " SELECT unnest($1::int[]), NULL, 'awaiting_payment', '', $2",
                    [s["id"] for s in subs],
                    now,
                )
                await conn.execute("DELETE FROM orders_cart_line WHERE cart_id = -1")
            async with conn.transaction():  # the payment row
                pay_id = await conn.fetchval(
                    "INSERT INTO payments_payment (kind, owner_id, external_id, provider, amount, status, description,"
                    " metadata, refunded_amount, created_at, updated_at, expires_at, invoice_url, provider_id,"
                    " payment_method, payment_channel, failure_code)"
                    " VALUES ('order', $1, $2, 'xendit', 60003, 'pending', 'x', '{}', 0, $3, $3, $3, 'u', $2, '', '', '')"
                    " RETURNING id",
                    oid,
                    f"raw-{n}",
                    now,
                )
            await conn.execute("UPDATE orders_order SET payment_id = $1, invoice_url = 'u' WHERE id = $2", pay_id, oid)
            async with conn.transaction():  # the PAID callback
                await conn.fetchval(
                    "UPDATE payments_payment SET status = 'paid', paid_at = $1 WHERE id = $2"
                    " AND status = 'pending' RETURNING id",
                    now,
                    pay_id,
                )
                await conn.execute(
                    "INSERT INTO payments_transition (payment_id, from_status, to_status, source,"
                    " created_at) VALUES ($1, 'pending', 'paid', 'callback', $2)",
                    pay_id,
                    now,
                )
                await _entry(conn, f"payment:{pay_id}:paid", cash, clearing, 60003, now)
                event = await conn.fetchval(
                    "INSERT INTO outbox_event (topic, payload, created_at, attempts, last_error)"
                    " VALUES ('payment.succeeded', $1, $2, 0, '') RETURNING id",
                    json.dumps({"payment_id": pay_id}),
                    now,
                )
                await conn.execute(
                    "INSERT INTO payments_callback (event, provider_id, status, outcome, body,"
                    " received_at) VALUES ('invoice', $1, 'PAID', 'applied', '{}', $2)",
                    f"raw-{n}",
                    now,
                )
            async with conn.transaction():  # orders: paid, stock taken, escrow
                await conn.execute(
                    "INSERT INTO outbox_delivery (event_id, handler, delivered_at) VALUES ($1, 'raw', $2)", event, now
                )
                for s in subs:
                    await conn.fetchval(
                        "UPDATE orders_suborder SET state = 'paid', paid_at = $1 WHERE id = $2"
                        " AND state = 'awaiting_payment' RETURNING id",
                        now,
                        s["id"],
                    )
                    await conn.execute(
                        "INSERT INTO orders_transition (suborder_id, from_state, to_state, note, at)"
                        " VALUES ($1, 'awaiting_payment', 'paid', '', $2)",
                        s["id"],
                        now,
                    )
                for pid in products:
                    await conn.fetchval(
                        "UPDATE catalog_stock_reservation SET status = 'taken' WHERE reference = $1"
                        " AND status = 'held' RETURNING id",
                        f"raw:{oid}:{pid}",
                    )
                    await conn.fetchval(
                        "UPDATE catalog_product SET reserved = reserved - 1, stock = stock - 1"
                        " WHERE id = $1 AND reserved >= 1 RETURNING stock",
                        pid,
                    )
                    await conn.execute(
                        "INSERT INTO catalog_stock_movement (product_id, kind, quantity, reserved_change,"
                        " stock_after, reason, reference, created_at) VALUES ($1, 'take', -1, -1, 0, '',"
                        " $2, $3)",
                        pid,
                        f"take:raw:{oid}:{pid}",
                        now,
                    )
                await _entry(conn, f"order:{oid}:escrow", clearing, escrow, 60003, now)
                await conn.execute("UPDATE outbox_event SET dispatched_at = $1 WHERE id = $2", now, event)

    try:
        start = time.perf_counter()
        await asyncio.gather(*(order(n) for n in range(N)))
        return N / (time.perf_counter() - start)
    finally:
        await pool.close()


async def _entry(conn, reference: str, debit_id: int, credit_id: int, amount: int, now) -> None:
    entry = await conn.fetchval(
        "INSERT INTO journal_entry (reference, description, cooperative_id, booked_on, source, attachment, created_at)"
        " VALUES ($1, 'x', NULL, CAST($2 AS TIMESTAMPTZ)::date, '', '', $2) ON CONFLICT (reference) DO NOTHING RETURNING id",
        reference,
        now,
    )
    await conn.execute(
        "INSERT INTO ledger_posting (entry_id, account_id, amount, book, booked_on)"
        " VALUES ($1, $2, $3, 0, CURRENT_DATE), ($1, $4, $5, 0, CURRENT_DATE)",
        entry,
        debit_id,
        amount,
        credit_id,
        -amount,
    )
    first, second = sorted([(debit_id, amount), (credit_id, -amount)])
    for account_id, delta in (first, second):
        await conn.execute("UPDATE ledger_account SET balance = balance + $1 WHERE id = $2", delta, account_id)


async def main() -> None:
    print(
        f"Orders benchmark: {N} orders of 3 cooperatives × 2 lines, {CONCURRENCY} buyers at a time,"
        " 2 app processes, PostgreSQL"
    )
    url = await fresh_postgres("orders_bench")
    if not url:
        return
    products, headers = await seed(url)
    statements = await count_statements(url, products)
    ours, latencies = await through_http(url, headers)
    theirs = await raw(url, products)
    q = statistics.quantiles(latencies, n=100)
    print(f"SQL statements to place 3 cooperatives × 2 lines: {statements} (target <= 25)")
    print(f"machine load (1, 5, 15 min): {os.getloadavg()}")
    print(f"checkout request latency: p50 {q[49] * 1000:.1f} ms   p99 {q[98] * 1000:.1f} ms")
    print(
        f"PostgreSQL  end to end {ours:7.1f} orders placed+paid/s   raw asyncpg {theirs:7.1f} orders/s"
        f"   ratio {ours / theirs:.2f} (target >= 0.50; Xendit {XENDIT})"
    )


if __name__ == "__main__":
    asyncio.run(main())
