"""Catalog test helpers: products through the service, the index brought up to date through the
outbox (as the worker would), and the search engine under test in the process's runtime."""

from __future__ import annotations

import os

import pytest

from catalog import handlers, search
from market import runtime
from market.app import build_runtime
from market.settings import Settings

MEILI_URL = os.environ.get("MEILI_URL")


def current_engine() -> search.SearchEngine:
    """The search engine an edge hands the catalog's search services: the runtime's."""
    return runtime.current().search


@pytest.fixture(autouse=True)
def _catalog_runtime(request):
    """A runtime for tests that run without an app, searching with the database's own engine
    (SQLite FTS5, or PostgreSQL on the postgres leg); the catalog's handlers subscribed to it."""
    dialect = request.getfixturevalue("engine") if "engine" in request.fixturenames else "sqlite"
    runtime.install(build_runtime(Settings(MARKET_ENV="test", SECRET_KEY="test-secret")))
    handlers.register(runtime.replace(search=search.sql_engine(dialect)))


@pytest.fixture(params=["db"] + (["meili"] if MEILI_URL else []))
async def search_engine(request, db):
    """The engine under contract: the database's own (SQLite FTS5 / PostgreSQL), and Meilisearch
    when MEILI_URL is set (on SQLite only, so it runs once)."""
    if request.param == "meili":
        if db != "sqlite":
            pytest.skip("Meilisearch contract runs once, beside SQLite")
        import uuid

        from catalog.search.meili import MeiliEngine

        engine = MeiliEngine(MEILI_URL, os.environ.get("MEILI_KEY"), index=f"test_{uuid.uuid4().hex[:8]}", wait=True)
        runtime.replace(search=engine)
        yield engine
        try:
            await engine._client.delete_index_if_exists(engine.uid)
        except Exception:
            pass
        return
    yield current_engine()
