"""Search latency at 100,000 products: catalog.service.search_products (typo planning, filters,
facet counts) versus the engine's own raw query for the same terms (the ceiling), per engine,
in-process, each row's p95 beside the raw query's; then the search page through HTTP (2 uvicorn
worker processes on the SQLite catalog, 32 connections) in requests/s and p99, next to a bare
render of the same template with a canned result.

The service rows run with the result cache off. "service, 5 facets" is what a shop serves once
a match set (text and filters) has been seen under the index's current generation: the facet
counts come from the match cache and only the page of hits is read; "recounted" counts every
match set anew (the match cache off too), which is what the first visitor after a change pays.

Run with `make bench` (or `python -m tests.bench.bench_search`). BENCH_PRODUCTS sets the catalog
size (default 100000). PostgreSQL uses MARKET_BENCH_POSTGRES_URL, else a `catalog_bench`
database on 127.0.0.1:5432 that it creates; it is skipped (and says so) when no server answers.
The HTTP half uses `wrk` when installed (Debian: apt-get install wrk), else an httpx/asyncio load
generator; BENCH_HTTP_SECONDS sets each run's length (default 10). The HTTP half runs again on a
catalog of BENCH_HTTP_SMALL products (default 500; 0 skips it), where the engine's own query is
no longer most of an uncached page.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
import time

from fastapi import Request

from catalog import search, service
from catalog.schemas import IndexDoc
from catalog.search.postgres import WEIGHTS as POSTGRES_WEIGHTS
from catalog.search.postgres import ts_expression
from catalog.search.sql import NO_MATCH, SqlEngine
from catalog.search.sqlite_fts import WEIGHTS as SQLITE_WEIGHTS
from catalog.search.sqlite_fts import fts_expression
from catalog.search.text import fold
from catalog.taxonomy import CATEGORIES, price_bucket
from market import db
from tests.bench.common import fresh_postgres
from tests.serving import free_port

N = int(os.environ.get("BENCH_PRODUCTS", "100000"))
QUERIES = 200
NOUNS = (
    "Kopi Arabika",
    "Kopi Robusta",
    "Beras Pandan Wangi",
    "Beras Merah",
    "Minyak Goreng",
    "Gula Aren",
    "Gula Semut",
    "Telur Ayam Kampung",
    "Ikan Tongkol",
    "Udang Vaname",
    "Keripik Pisang",
    "Sambal Roa",
    "Madu Hutan",
    "Tenun Ikat",
    "Selendang Tenun",
    "Noken Anyaman",
    "Pupuk Organik",
    "Cabai Rawit",
    "Bawang Merah",
    "Jahe Merah",
    "Kayu Manis",
    "Cengkeh Kering",
    "Pala Biji",
    "Pisang Kepok",
    "Mangga Arumanis",
    "Jeruk Keprok",
    "Alpukat Mentega",
    "Tepung Sagu",
    "Abon Tuna",
    "Kacang Hijau",
)
PLACES = (
    "Flores",
    "Bajawa",
    "Manggarai",
    "Toraja",
    "Gayo",
    "Kintamani",
    "Wamena",
    "Sentani",
    "Ngawi",
    "Brebes",
    "Garut",
    "Malang",
    "Sumba",
    "Merauke",
    "Banyuwangi",
    "Jember",
    "Solok",
    "Enrekang",
)
SIZES = ("250 g", "500 g", "1 kg", "5 kg", "1 L", "2 L", "10 butir", "Premium", "Grade A", "Curah")
PROVINCES = ("Nusa Tenggara Timur", "Jawa Timur", "Jawa Barat", "Papua", "Sulawesi Selatan", "Aceh", "Bali")
QUERY_SET = (  # (kind, text) — prefix, two words, one typo
    [("prefix", q) for q in ("kop", "beras pan", "minyak gor", "tenu", "madu hu", "gula ar", "cabai ra")]
    + [
        ("two-word", q)
        for q in (
            "kopi arabika",
            "minyak goreng",
            "beras merah",
            "tenun ikat",
            "gula semut",
            "pisang kepok",
            "bawang merah",
        )
    ]
    + [
        ("one-typo", q)
        for q in (
            "kopi arabica",
            "minyk goreng",
            "bears pandan",
            "kerupik pisang",
            "mangga arumanus",
            "cengkih kering",
            "alpukat menteka",
        )
    ]
)


def docs(n: int):
    rng = random.Random(7)
    for i in range(1, n + 1):
        name = f"{rng.choice(NOUNS)} {rng.choice(PLACES)} {rng.choice(SIZES)}"
        coop = rng.randint(1, 400)
        price = rng.randrange(2_000, 1_500_000, 500)
        category = rng.choice(CATEGORIES)[0]
        body = f"Hasil anggota {rng.choice(PLACES)} {CATEGORIES[i % 11][1]}"
        yield IndexDoc(
            product_id=i,
            cooperative_id=coop,
            cooperative_name=f"Koperasi {coop}",
            province=PROVINCES[coop % len(PROVINCES)],
            category=category,
            halal=rng.random() < 0.6,
            price_idr=price,
            price_bucket=price_bucket(price),
            in_stock=rng.random() < 0.9,
            coop_active=coop % 25 != 0,
            name=name,
            unit="pcs",
            photo="",
            name_folded=fold(name),
            body_folded=fold(body),
            seller_folded=fold(f"{coop} {PROVINCES[coop % len(PROVINCES)]}"),
            created_ts=1_700_000_000 + i,
        )


async def load(engine, n: int = N) -> float:
    start = time.perf_counter()
    batch = []
    for doc in docs(n):
        batch.append(doc)
        if len(batch) == 1000:
            async with db.transaction():
                await engine.upsert(batch)
            batch = []
    if batch:
        async with db.transaction():
            await engine.upsert(batch)
    if db.is_postgres():
        # The load's aftermath (autovacuum of 100,000 new rows, the checkpoint flushing their pages)
        # would otherwise land in the timings: the p95 of a result served from memory read 10-24 ms.
        await db.execute("VACUUM (ANALYZE) catalog_search_doc")
        await db.execute("CHECKPOINT")
    else:
        await db.execute("INSERT INTO catalog_search_fts(catalog_search_fts) VALUES ('optimize')")
    return time.perf_counter() - start


_plans: dict[str, object] = {}


async def raw(engine, text: str) -> None:
    """The engine's own query for the same (already corrected) terms: top 20 visible by rank."""
    groups = _plans[text]
    if groups is NO_MATCH:
        return
    if engine.name == "sqlite":
        await db.execute(
            "SELECT d.product_id FROM catalog_search_fts f JOIN catalog_search_doc d ON d.product_id = f.rowid "
            "WHERE catalog_search_fts MATCH ? AND d.coop_active AND d.in_stock "
            f"ORDER BY bm25(catalog_search_fts, {SQLITE_WEIGHTS}) LIMIT 20",
            fts_expression(groups),
        )
    else:
        expression = ts_expression(groups)
        await db.execute(
            "SELECT product_id FROM catalog_search_doc WHERE tsv @@ to_tsquery('simple', ?) "
            f"AND coop_active AND in_stock ORDER BY ts_rank('{POSTGRES_WEIGHTS}', tsv, to_tsquery('simple', ?)) DESC "
            "LIMIT 20",
            expression,
            expression,
        )


def pct(samples: list[float], p: float) -> float:
    return statistics.quantiles(samples, n=100)[int(p) - 1] * 1000 if len(samples) > 1 else samples[0] * 1000


async def bench(url: str, label: str) -> None:
    await db.migrate(db.tortoise_config(url, pool_size=4))
    await db.close()
    await db.init(db.tortoise_config(url, pool_size=4))
    try:
        engine = search.sql_engine(db.dialect())
        await engine.clear()
        seconds = await load(engine)
        print(f"\n{label}: {N} products indexed in {seconds:.1f} s ({N / seconds:,.0f}/s)")
        for _, text in QUERY_SET:
            _plans[text] = await engine.plan(text)
        rng = random.Random(3)
        queries = [rng.choice(QUERY_SET) for _ in range(QUERIES)]
        for _, text in QUERY_SET:  # warm up: every match set seen once, as a shop's first visitors do
            await service.search_products(engine, {"q": text})
        variants = {  # (function, result cache size, match cache size)
            "raw engine query (top 20)": (lambda t: raw(engine, t), 0, 0),
            "service, no facets": (lambda t: service.search_products(engine, {"q": t, "facets": False}), 0, 512),
            "service, 5 facets": (lambda t: service.search_products(engine, {"q": t}), 0, 512),
            "service, 5 facets, recounted": (lambda t: service.search_products(engine, {"q": t}), 0, 0),
            "service, 5 facets, result cached": (lambda t: service.search_products(engine, {"q": t}), 1024, 512),
        }
        print(f"  {'':33} {'kind':9} {'p50 ms':>8} {'p95 ms':>8} {'p95/raw':>8}")
        # Interleaved, query by query, so every variant sees the machine in the same state; who
        # goes first rotates, so none is always the one that warms the database's pages.
        samples: dict[str, dict[str, list[float]]] = {name: {} for name in variants}
        names = list(variants)
        for i, (kind, text) in enumerate(queries):
            for name in names[i % len(names) :] + names[: i % len(names)]:
                fn, SqlEngine.cache_size, SqlEngine.match_cache_size = variants[name]
                start = time.perf_counter()
                await fn(text)
                elapsed = time.perf_counter() - start
                samples[name].setdefault(kind, []).append(elapsed)
                samples[name].setdefault("all", []).append(elapsed)
        ceiling = samples["raw engine query (top 20)"]
        for name in variants:
            for kind in ("all", "prefix", "two-word", "one-typo"):
                s, r = samples[name][kind], ceiling[kind]
                print(
                    f"  {name if kind == 'all' else '':33} {kind:9} {pct(s, 50):8.2f} {pct(s, 95):8.2f} "
                    f"{pct(s, 95) / pct(r, 95):8.2f}"
                )
        figure = pct(samples["service, 5 facets"]["all"], 95) / pct(ceiling["all"], 95)
        recount = pct(samples["service, 5 facets, recounted"]["all"], 95) / pct(ceiling["all"], 95)
        print(
            f"  {label}: service with the 5 facet counts, p95 {pct(samples['service, 5 facets']['all'], 95):.2f} ms "
            f"= {figure:.2f}x the raw top-20 query's p95 {pct(ceiling['all'], 95):.2f} ms (target <= 1.2); "
            f"counting every match set anew {recount:.2f}x"
        )
    finally:
        await db.close()


# The HTTP half ---------------------------------------------------------------------------------

HTTP_SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "10"))
SMALL = int(os.environ.get("BENCH_HTTP_SMALL", "500"))  # the second HTTP run's catalog (0: none)
CONNECTIONS = 32
RESULT_FILE = "BENCH_BARE_RESULT"


def bare_app():
    """A bare app rendering shop/search.html from a canned result: the cost of the page itself."""
    from fastapi import FastAPI

    from catalog.schemas import SearchResult
    from market.settings import Settings
    from web.pages.shop import Filters, _context
    from web.render import page

    with open(os.environ[RESULT_FILE]) as handle:
        result = SearchResult.model_validate_json(handle.read())
    app = FastAPI()
    app.state.settings = Settings(MARKET_ENV="test", SECRET_KEY="bench-secret", DATABASE_URL="sqlite://:memory:")

    @app.get("/pasar/cari")
    async def bare(request: Request):
        filters = Filters(dict(request.query_params), "/pasar/cari")
        return page(request, "shop/search.html", _context(filters, result), block="results")

    return app


def _serve(target: str, env: dict[str, str]):
    """uvicorn with 2 worker processes on a free port; (process, base URL)."""
    import subprocess
    import sys

    import httpx

    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            target,
            "--factory",
            "--workers",
            "2",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env={**os.environ, **env, "PYTHONPATH": os.getcwd()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a loaded machine, and the first start of a version builds the static files
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/pasar/cari?q=kopi", timeout=5).status_code == 200:
                return process, url
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{target} did not start")


def _paths() -> list[str]:
    from urllib.parse import urlencode

    return [f"/pasar/cari?{urlencode({'q': text})}" for _, text in QUERY_SET]


def _wrk(url: str) -> tuple[float, float]:
    import re
    import subprocess

    script = os.path.join(tempfile.gettempdir(), "bench_search_wrk.lua")
    with open(script, "w") as handle:
        quoted = ", ".join('"' + p + '"' for p in _paths())
        handle.write(
            "local paths = {" + quoted + "}\nlocal i = 0\n"
            "request = function()\n  i = i % #paths + 1\n"
            "  return wrk.format('GET', paths[i])\nend\n"
        )
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{HTTP_SECONDS}s", "--latency", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out).groups()
    return rps, float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


async def _httpx_load(url: str) -> tuple[float, float]:
    import httpx

    paths, latencies = _paths(), []
    stop = time.perf_counter() + HTTP_SECONDS

    async def client(n: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            i = n
            while time.perf_counter() < stop:
                start = time.perf_counter()
                (await http.get(paths[i % len(paths)])).raise_for_status()
                latencies.append(time.perf_counter() - start)
                i += 1

    began = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(CONNECTIONS)))
    return len(latencies) / (time.perf_counter() - began), pct(latencies, 99)


def load_test(url: str) -> tuple[float, float]:
    """(requests/s, p99 ms) with 32 connections over the query set."""
    import shutil

    return _wrk(url) if shutil.which("wrk") else asyncio.run(_httpx_load(url))


def http_bench(sqlite_path: str, products: int = N) -> None:
    import shutil

    tool = "wrk" if shutil.which("wrk") else "httpx/asyncio"
    print(
        f"\nSearch page through HTTP (SQLite catalog of {products:,} products, 2 uvicorn workers, "
        f"{CONNECTIONS} connections, {HTTP_SECONDS} s each, {tool}):"
    )

    async def canned() -> str:
        await db.init(db.tortoise_config(f"sqlite://{sqlite_path}", pool_size=2))
        try:
            result = await service.search_products(search.sql_engine("sqlite"), {"q": "kopi arabika"})
        finally:
            await db.close()
        path = os.path.join(os.path.dirname(sqlite_path), "bare-result.json")
        with open(path, "w") as handle:
            handle.write(result.model_dump_json())
        return path

    result_path = asyncio.run(canned())
    app_env = {
        "DATABASE_URL": f"sqlite://{sqlite_path}",
        "MARKET_ENV": "test",
        "SECRET_KEY": "bench-secret",
        "SEARCH_ENGINE": "sqlite",
        "MEDIA_DIR": os.path.join(os.path.dirname(sqlite_path), "media"),
    }
    runs = {
        "search page (/pasar/cari)": ("market.app:create_app", app_env),
        "bare render, same template": ("tests.bench.bench_search:bare_app", {RESULT_FILE: result_path}),
        "search page, no result cache": ("market.app:create_app", {**app_env, "SEARCH_CACHE_SIZE": "0"}),
    }
    figures = {}
    for name, (target, env) in runs.items():
        process, url = _serve(target, env)
        try:
            load_test(url)  # warm up both workers
            figures[name] = load_test(url)
        finally:
            process.terminate()
            process.wait(timeout=20)
        print(f"  {name:28} {figures[name][0]:9.0f} req/s   p99 {figures[name][1]:7.1f} ms")
    (page_rps, _), (bare_rps, _), (cold_rps, _) = figures.values()
    print(
        f"  search page without the result cache / bare render: {cold_rps:.0f} / {bare_rps:.0f} req/s = "
        f"{cold_rps / bare_rps:.2f} (target >= 0.8); with the result cache {page_rps / bare_rps:.2f}"
    )


async def small_catalog(url: str, n: int) -> None:
    """A catalog of *n* products only (the HTTP half's second run)."""
    await db.migrate(db.tortoise_config(url, pool_size=2))
    await db.close()
    await db.init(db.tortoise_config(url, pool_size=2))
    try:
        engine = search.sql_engine(db.dialect())
        await engine.clear()
        await load(engine, n)
    finally:
        await db.close()


def main() -> None:
    print(f"search bench: {N} products, {QUERIES} queries (prefix / two-word / one-typo); load {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(bench(f"sqlite://{tmp}/bench.db", "SQLite FTS5"))
        if os.environ.get("BENCH_HTTP", "1") != "0":
            http_bench(f"{tmp}/bench.db")
            # The same three runs on a cooperative network's catalog of today's size (the demo's is
            # a few dozen products): what the page costs besides the engine's own query, which at
            # 100,000 products is most of an uncached page.
            if SMALL:
                os.makedirs(f"{tmp}/small")
                asyncio.run(small_catalog(f"sqlite://{tmp}/small/bench.db", SMALL))
                http_bench(f"{tmp}/small/bench.db", products=SMALL)
    url = asyncio.run(fresh_postgres("catalog_bench", migrate=False))
    if url:
        asyncio.run(bench(url, "PostgreSQL"))
    else:
        print("\nPostgreSQL: skipped (no server at 127.0.0.1:5432 and no MARKET_BENCH_POSTGRES_URL)")
    print(f"load at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
