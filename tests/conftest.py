"""Test set-up: every database test runs on SQLite and, when MARKET_TEST_POSTGRES_URL is set,
again on PostgreSQL. Migrations run once per engine; each test then gets an empty database (a
copy of the migrated SQLite file, or truncated PostgreSQL tables) and, after it, the books must
balance."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise

from market import db as database
from market.app import create_app
from market.service import books_problems
from market.settings import Settings

POSTGRES_URL = os.environ.get("MARKET_TEST_POSTGRES_URL")
ENGINES = ["sqlite"] + (["postgres"] if POSTGRES_URL else [])


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


@pytest.fixture(scope="session")
def migrated(tmp_path_factory) -> dict[str, str]:
    """Migrate each engine once: a template SQLite file, and the PostgreSQL test database."""
    urls = {}
    template = tmp_path_factory.mktemp("template") / "template.db"
    _migrate(f"sqlite://{template}")
    urls["sqlite"] = str(template)
    if POSTGRES_URL:
        _migrate(POSTGRES_URL)
        urls["postgres"] = POSTGRES_URL
    return urls


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


async def _truncate_all() -> None:
    rows = await database.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'tortoise%'"
    )
    tables = ", ".join(f'"{r["tablename"]}"' for r in rows)
    if tables:
        await database.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
async def db_conn(database_url, engine):
    """Tortoise initialised on an empty, migrated database of the engine under test."""
    await database.init(database.tortoise_config(database_url, pool_size=25))
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
def settings(database_url) -> Settings:
    return Settings(MARKET_ENV="test", DATABASE_URL=database_url, SECRET_KEY="test-secret")


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
    """One SQLite file migrated and seeded with the demo data, copied by every browser test's server."""
    from tests.serving import seed_demo

    return seed_demo(tmp_path_factory.mktemp("demo"))


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
