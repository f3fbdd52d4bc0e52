"""Test set-up: every database test runs on SQLite and, when MARKET_TEST_POSTGRES_URL is set,
again on PostgreSQL. Migrations run once per engine; each test then gets an empty database (a
copy of the migrated SQLite file, or truncated PostgreSQL tables) and, after it, the books must
balance.

Under pytest-xdist (``make test`` runs ``-n 2``) each worker has its own PostgreSQL database,
``<db>_<worker>`` beside MARKET_TEST_POSTGRES_URL's on the same server, a copy of ``<db>_template``
(migrated once per run), made on first use and dropped at the end; the migrated SQLite template
and the demo database are built once per run and shared by the workers (each test still works on
its own copy)."""

from __future__ import annotations

import asyncio
import fcntl
import os
import shutil
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import hypothesis
import pytest

from market import db as database
from market.app import create_app
from market.service import books_problems
from market.settings import Settings

# Test-strength argon2 (market.hashing): a login or a PIN costs ~0.1 ms instead of ~0.25 s; the
# servers the suite starts inherit it. Production refuses to start with it.
os.environ.setdefault("MARKET_HASH_PROFILE", "cheapest")

POSTGRES_URL = os.environ.get("MARKET_TEST_POSTGRES_URL")
# A role that may only SELECT (.ci/run creates it): on PostgreSQL the read-only work
# (market.db.reading) runs through it, so a write that strays there fails the test.
READ_ROLE = os.environ.get("MARKET_TEST_READ_ROLE")
ENGINES = ["sqlite"] + (["postgres"] if POSTGRES_URL else [])
WORKER = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1… under pytest-xdist; None in a plain run

# Hypothesis' clock-based checks (a per-example deadline, "input generation is slow") fail correct
# tests on a busy machine — two workers, other jobs: the suite judges properties, not timing.
hypothesis.settings.register_profile("suite", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("suite")


def worker_database_url(url: str, worker: str | None = WORKER) -> str:
    """The worker's own database on *url*'s server (``…/market_ci`` → ``…/market_ci_gw0``); *url*
    itself outside xdist."""
    if not worker:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/') or 'postgres'}_{worker}"))


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _on_server(url: str, *statements: str) -> None:
    """Run maintenance statements (CREATE / DROP DATABASE) through MARKET_TEST_POSTGRES_URL's database."""

    async def run():
        conn = await asyncpg.connect(url)
        try:
            for statement in statements:
                await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


def _create_database(server_url: str, url: str) -> None:
    name = _database_name(url)
    try:
        _on_server(server_url, f'CREATE DATABASE "{name}"')
    except asyncpg.DuplicateDatabaseError:
        pass  # made by an earlier run: migrating resets it


@contextmanager
def _once_per_run_lock(tmp_path_factory, name: str):
    """A file lock shared by the run's xdist workers (none outside xdist)."""
    if not WORKER:
        yield
        return
    shared = tmp_path_factory.getbasetemp().parent
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def _once_per_run(tmp_path_factory, name: str, build: Callable[[Path], Path]):
    """*build(directory)* once for the whole run, shared by the xdist workers (a file lock in the
    run's common temporary directory); once per process outside xdist. Yields the built path."""
    if not WORKER:
        yield build(tmp_path_factory.mktemp(name))
        return
    shared = tmp_path_factory.getbasetemp().parent  # the run's, holding each worker's popen-gwN
    directory = shared / f"shared-{name}"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            done = directory / "built"
            if not done.exists():
                shutil.rmtree(directory, ignore_errors=True)
                directory.mkdir()
                done.write_text(str(build(directory)))
            path = Path(done.read_text())
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    yield path


def _migrate(url: str) -> None:
    async def run():
        try:
            if url.startswith("postgres"):
                await database.init(database.tortoise_config(url, pool_size=2))
                await database.execute("DROP SCHEMA public CASCADE")
                await database.execute("CREATE SCHEMA public")
                await database.close()
            await database.migrate(database.tortoise_config(url, pool_size=2))
        finally:
            await database.close()

    asyncio.run(run())


def _migrated_sqlite(directory: Path) -> Path:
    template = directory / "template.db"
    _migrate(f"sqlite://{template}")
    return template


def _template_url(url: str) -> str:
    """The run's migrated PostgreSQL template beside *url* (``…/market_ci`` → ``…/market_ci_template``)."""
    return worker_database_url(url, "template")


def _migrated_postgres(directory: Path) -> Path:
    """Migrate a template database once per run; each worker's database is a copy of it (CREATE
    DATABASE … TEMPLATE, a file copy on the server): Tortoise's migrations cost ~15 s of CPU, the
    copy a fraction of a second."""
    assert POSTGRES_URL
    template = _template_url(POSTGRES_URL)
    _on_server(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{_database_name(template)}" WITH (FORCE)')
    _create_database(POSTGRES_URL, template)
    _migrate(template)
    done = directory / "template"
    done.write_text(template)
    return done


def _copy_of_template(url: str, template: str) -> None:
    name = _database_name(url)
    _on_server(
        POSTGRES_URL or url,
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{_database_name(template)}"',
        # A commit returns once its WAL is written, without waiting for the flush to disk: what
        # another session sees, the locks and the isolation are the same; only a crash of the
        # server itself could lose the last commits, of a test database. Measured on this
        # machine: an INSERT's commit ~0.9-2 ms with the flush, ~0.15-0.4 ms without.
        f'ALTER DATABASE "{name}" SET synchronous_commit = off',
    )


@pytest.fixture(scope="session")
def migrated(tmp_path_factory) -> dict[str, str]:
    """Migrate each engine once: a template SQLite file (one per run), and this worker's
    PostgreSQL test database (every app process a test starts on PostgreSQL uses it too) — under
    xdist a copy of a template database migrated once per run. The two templates are built at the
    same time by two workers (the even ones start with SQLite's, the odd ones with PostgreSQL's)."""
    urls = {}
    url = worker_database_url(POSTGRES_URL) if POSTGRES_URL else None
    builds = [("template", _migrated_sqlite)]
    if url and url != POSTGRES_URL:
        builds.append(("postgres-template", _migrated_postgres))
        if WORKER and int(WORKER.lstrip("gw") or 0) % 2:
            builds.reverse()
    built = {}
    for name, build in builds:
        with _once_per_run(tmp_path_factory, name, build) as path:
            built[name] = path
    urls["sqlite"] = str(built["template"])
    if not url:
        yield urls
        return
    if url != POSTGRES_URL:
        with _once_per_run_lock(tmp_path_factory, "postgres-copy"):  # one copy of the template at a time
            _copy_of_template(url, built["postgres-template"].read_text())
    else:
        _migrate(url)
    urls["postgres"] = url
    if READ_ROLE:
        name = _database_name(url)
        _on_server(
            url,
            f'GRANT CONNECT ON DATABASE "{name}" TO {READ_ROLE}',
            f"GRANT USAGE ON SCHEMA public TO {READ_ROLE}",
            f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READ_ROLE}",
        )
        parts = urlsplit(url)
        urls["postgres_read"] = urlunsplit(parts._replace(netloc=f"{READ_ROLE}@{parts.hostname}:{parts.port or 5432}"))
    yield urls
    if url != POSTGRES_URL:
        _on_server(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{_database_name(url)}" WITH (FORCE)')


def pytest_sessionfinish(session):
    """The run's PostgreSQL template goes when the run ends (in the xdist controller, after its workers)."""
    if POSTGRES_URL and not hasattr(session.config, "workerinput") and session.config.getoption("dist", "no") != "no":
        try:
            _on_server(
                POSTGRES_URL, f'DROP DATABASE IF EXISTS "{_database_name(_template_url(POSTGRES_URL))}" WITH (FORCE)'
            )
        except (OSError, asyncpg.PostgresError):
            pass


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param


@pytest.fixture
def database_url(engine, migrated, tmp_path) -> str:
    if engine == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(migrated["sqlite"], path)
        return f"sqlite://{path}"
    return migrated["postgres"]


# Every table that may have rows or whose id sequence was used, truncated with its sequences
# reset, in one round trip and one catalog query: the same empty database as truncating all the
# tables, in a fraction of the time. A table that ever held a row has a data file longer than
# zero (PostgreSQL extends the file when a row needs a page; TRUNCATE gives it a new empty file),
# so its size stands in for a scan of it; a used sequence has a last value (reset by RESTART
# IDENTITY). The CASE keeps pg_sequence_last_value off the rows that are not sequences.
_TRUNCATE_USED = """
DO $$
DECLARE
    used text;
BEGIN
    SELECT string_agg(format('public.%I', c.relname), ', ') INTO used
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'tortoise%'
      AND (pg_relation_size(c.oid) > 0 OR EXISTS (
            SELECT 1 FROM pg_depend d JOIN pg_class q ON q.oid = d.objid AND q.relkind = 'S'
            WHERE d.refobjid = c.oid AND d.deptype IN ('a', 'i')
              AND CASE WHEN q.relkind = 'S' THEN pg_sequence_last_value(q.oid) END IS NOT NULL));
    IF used IS NOT NULL THEN
        EXECUTE 'TRUNCATE ' || used || ' RESTART IDENTITY CASCADE';
    END IF;
END $$
"""


async def _truncate_all() -> None:
    """Empty the PostgreSQL test database: no rows anywhere, every id sequence back at 1."""
    await database.execute(_TRUNCATE_USED)


@pytest.fixture
def read_database_url(engine, migrated) -> str | None:
    """The SELECT-only role's URL of the PostgreSQL test database (READ_DATABASE_URL), if any."""
    return migrated.get("postgres_read") if engine == "postgres" else None


@pytest.fixture
async def db_conn(database_url, engine, read_database_url):
    """Tortoise initialised on an empty, migrated database of the engine under test."""
    await database.init(database.tortoise_config(database_url, pool_size=25, read_url=read_database_url))
    if engine == "postgres":
        await _truncate_all()
    try:
        yield engine
    finally:
        await database.close()


@pytest.fixture
async def books(db_conn):
    """Yields, then fails the test if the books do not balance (every entry, every balance)."""
    yield
    problems = await books_problems()
    assert problems == [], problems


@pytest.fixture
async def db(db_conn, books):
    return db_conn


@pytest.fixture
def settings(database_url, read_database_url) -> Settings:
    return Settings(
        MARKET_ENV="test", DATABASE_URL=database_url, SECRET_KEY="test-secret", READ_DATABASE_URL=read_database_url
    )


@pytest.fixture
async def app(db, settings):
    return create_app(settings, manage_db=False)


@pytest.fixture
async def client(app):
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """One SQLite file migrated and seeded with the demo data (once per run, whatever the number
    of workers), copied by every browser test's server."""
    from tests.serving import seed_demo

    with _once_per_run(tmp_path_factory, "demo", seed_demo) as database:
        return database


@pytest.fixture
def browser():
    """Debian's Chromium headless through Playwright."""
    from playwright.sync_api import sync_playwright

    from tests.serving import CHROMIUM, CHROMIUM_ARGS

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# Scheduling under `pytest -n N --dist loadfile`: a file stays on one worker, and the workers take
# the files in order (collection order, see pytest_xdist_make_scheduler), so a long file taken
# late leaves the other worker idle at the end. The longest files (seconds summed over their tests in a 2-worker run, both engines) go
# first, longest first; every other file follows in its usual order. The fuzz file's two tests
# (one per engine, ~50-150 s each, sharing no module fixture) are two units, one per worker.
LONGEST_FIRST = (
    "tests/market/test_fuzz.py",  # 245 s
    "tests/web/test_sessions.py",  # ~95 s
    "tests/web/test_budget.py",  # 92 s
    "tests/market/test_bad_input.py",  # 75 s
    "tests/web/test_members.py",  # 56 s
    "tests/web/test_shop.py",  # 54 s
    "tests/catalog/test_search_contract.py",  # ~53 s
    "tests/orders/test_demo.py",  # 50 s
    "tests/web/test_browser_rat.py",  # 45 s
    "tests/payments/test_storm.py",  # 44 s
    "tests/web/test_browser_a11y.py",  # 44 s
    "tests/market/test_cli.py",  # 40 s
    "tests/web/test_orders_pages.py",  # 38 s
    "tests/orders/test_idempotent_checkout.py",  # 37 s
)
ONE_UNIT_PER_TEST = ("tests/market/test_fuzz.py",)


def pytest_collection_modifyitems(config, items):
    rank = {path: i for i, path in enumerate(LONGEST_FIRST)}
    root = config.rootpath

    def key(item):
        return rank.get(item.path.relative_to(root).as_posix(), len(rank))

    items.sort(key=key)  # stable: each file's tests keep their order, the other files theirs


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # before xdist's own, which would answer first
def pytest_xdist_make_scheduler(config, log):
    """loadfile, except that a file of ONE_UNIT_PER_TEST spreads its tests over the workers, and in
    collection order: xdist's default reorders the files by their number of tests, most first,
    which put the one-test files (the fuzz, the browser flows, the page budget: the longest)
    last."""
    if config.getoption("dist", None) != "loadfile":
        return None
    config.option.loadscopereorder = False
    from xdist.scheduler import LoadFileScheduling

    class LongestFirst(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            return nodeid if scope in ONE_UNIT_PER_TEST else scope

    return LongestFirst(config, log)
