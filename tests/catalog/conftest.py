"""Catalog test helpers: products through the service, the index brought up to date through the
outbox (as the worker would), and the search engine under test."""

from __future__ import annotations

import itertools
import os

import pytest

from catalog import handlers, search, service
from market.service import dispatch_pending

MEILI_URL = os.environ.get("MEILI_URL")
_sku = itertools.count(1)


@pytest.fixture(autouse=True)
def _catalog_handlers():
    handlers.register()
    search.configure(None)
    yield
    search.configure(None)


async def make_product(coop_id: int, **overrides):
    data = dict(sku=f"SKU-{next(_sku)}", name="Beras Pandan Wangi 5 kg", category="beras-biji-bijian",
                unit="karung", price_idr=75_000, stock=10)
    data.update(overrides)
    return await service.create_product(coop_id, data)


async def deliver() -> int:
    """Deliver every pending outbox event (what the in-process worker does every 0.2 s)."""
    total = 0
    while (n := await dispatch_pending(limit=500)):
        total += n
    return total


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
