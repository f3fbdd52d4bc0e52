"""The search port: what the catalog needs from a search engine, whichever it is."""

from __future__ import annotations

from typing import Protocol

from catalog.schemas import IndexDoc, SearchQuery, SearchResult


class SearchEngine(Protocol):
    """A product index with typo-tolerant, prefix-matching, faceted search.

    SQL engines write inside the caller's transaction (the outbox handler's), so the index and
    the delivery record commit together; remote engines are idempotent upserts.
    """

    name: str

    async def upsert(self, docs: list[IndexDoc]) -> None: ...

    async def delete(self, product_ids: list[int]) -> None: ...

    async def set_cooperative_active(self, cooperative_id: int, active: bool) -> None: ...

    async def clear(self) -> None: ...

    async def search(self, query: SearchQuery) -> SearchResult: ...
