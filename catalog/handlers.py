"""Reactions to events: the search index follows the products and the cooperatives' status."""

from __future__ import annotations

from typing import Any

from market import service as market
from market import worker

from catalog import service


async def index_products(payload: dict[str, Any]) -> None:
    await service.reindex_products([int(i) for i in payload["product_ids"]])


async def cooperative_status_changed(payload: dict[str, Any]) -> None:
    await service.cooperative_status_changed(int(payload["cooperative_id"]))


def register() -> None:
    market.subscribe("catalog.products_changed", index_products, name="catalog.index_products")
    market.subscribe("cooperative.status_changed", cooperative_status_changed, name="catalog.coop_status")
    worker.every(1.0, "catalog.imports", service.run_pending_imports)
