"""What the catalog announces through the outbox."""

from __future__ import annotations

from market.events import Event, event


@event("catalog.products_changed", version=1)
class ProductsChanged(Event):
    """These products' searchable facts changed (the search index follows)."""

    product_ids: list[int]
