"""Reactions to events: the search index follows the products and the cooperatives' status."""

from __future__ import annotations

from catalog import service
from catalog.events import ProductsChanged
from market import runtime, worker
from market import service as market
from market.events import CooperativeStatusChanged
from market.runtime import Runtime


async def index_products(event: ProductsChanged) -> None:
    await service.reindex_products(runtime.current().search, event.product_ids)


async def cooperative_status_changed(event: CooperativeStatusChanged) -> None:
    await service.cooperative_status_changed(runtime.current().search, event.cooperative_id)


def register(rt: Runtime) -> None:
    market.subscribe(ProductsChanged, index_products, name="catalog.index_products")
    market.subscribe(CooperativeStatusChanged, cooperative_status_changed, name="catalog.coop_status")
    worker.every(1.0, "catalog.imports", service.run_pending_imports)
