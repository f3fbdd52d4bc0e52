"""Catalog test helpers: products through the service, the index brought up to date through the
outbox (as the worker would), and the search engine under test."""

from __future__ import annotations

import os

import pytest

from catalog import handlers, search

MEILI_URL = os.environ.get("MEILI_URL")


@pytest.fixture(autouse=True)
def _catalog_handlers():
    handlers.register()
    search.configure(None)
    yield
    search.configure(None)


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
        search.configure(engine)
        yield engine
        try:
            await engine._client.delete_index_if_exists(engine.uid)
        except Exception:
            pass
        return
    yield search.engine()
