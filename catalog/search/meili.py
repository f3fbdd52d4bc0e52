"""Meilisearch through meilisearch-python-sdk (``MEILI_URL``, ``MEILI_KEY``): the production engine.

The index is configured on first use in each process (idempotent): the catalog's typo rule
(one typo from 4 letters, two from 8; Meilisearch counts on the typed word, so a 3-letter word
the vocabulary does not know is corrected here first: "mdu" is searched as "madu"), the seller's
words searched last and the attribute ranked right after the number of words matched (a word in
the product's own name beats one only in its seller's), the filterable and sortable fields.
Writes are idempotent upserts, so the outbox's at-least-once delivery is enough; the vocabulary
(in the database, for "maksud Anda …?") is written in the delivering transaction.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from catalog.errors import SearchUnavailable
from catalog.schemas import IndexDoc, SearchHit, SearchQuery, SearchResult
from catalog.search import vocabulary
from catalog.search.sql import HIT_COLUMNS, facets_from
from catalog.search.text import MAX_QUERY_WORDS, words

if TYPE_CHECKING:
    from meilisearch_python_sdk import AsyncClient

RANKING = ["words", "attribute", "typo", "proximity", "sort", "exactness"]
FACETS = {
    "category": "category",
    "province": "province",
    "cooperative": "cooperative_id",
    "halal": "halal",
    "price": "price_bucket",
}


def _settings():
    from meilisearch_python_sdk.models.settings import MeilisearchSettings, MinWordSizeForTypos, TypoTolerance

    return MeilisearchSettings(
        searchable_attributes=["name_folded", "body_folded", "seller_folded"],
        ranking_rules=RANKING,
        typo_tolerance=TypoTolerance(minWordSizeForTypos=MinWordSizeForTypos(oneTypo=4, twoTypos=8)),
        filterable_attributes=[
            "category",
            "province",
            "cooperative_id",
            "halal",
            "price_idr",
            "price_bucket",
            "in_stock",
            "coop_active",
        ],
        sortable_attributes=["price_idr", "created_ts", "product_id"],
    )


async def _typed(q: str) -> str:
    """The folded query, each 3-letter word the vocabulary does not know replaced by its nearest
    correction (a 4-letter word with a letter left out: Meilisearch forgives none in 3 letters)."""
    out = words(q)[:MAX_QUERY_WORDS]
    for i, word in enumerate(out):
        if len(word) == 3 and not await vocabulary.knows(word, prefix=i == len(out) - 1):
            found = await vocabulary.corrections(word)
            out[i] = found[0] if found else word
    return " ".join(out)


def _literal(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


class MeiliEngine:
    name = "meili"

    def __init__(self, url: str, key: str | None = None, *, index: str = "products", wait: bool = False):
        self.url, self.key, self.uid, self.wait = url, key, index, wait
        self._client: AsyncClient | None = None
        self._ready = False

    async def _index(self):
        from meilisearch_python_sdk import AsyncClient

        if self._client is None:
            self._client = AsyncClient(self.url, self.key)
        index = self._client.index(self.uid)
        if not self._ready:
            try:
                try:
                    await self._client.create_index(self.uid, primary_key="product_id", wait=True)
                except Exception as exc:  # an existing index is fine; its settings are made current below
                    if "index_already_exists" not in str(exc):
                        raise
                task = await index.update_settings(_settings())
                await self._client.wait_for_task(task.task_uid, timeout_in_ms=30_000, raise_for_status=True)
            except Exception as exc:
                raise SearchUnavailable("Meilisearch tidak dapat dihubungi") from exc
            self._ready = True
        return index

    async def _done(self, task) -> None:
        if self.wait and self._client is not None:  # _index made the client
            await self._client.wait_for_task(task.task_uid, timeout_in_ms=30_000, raise_for_status=True)

    async def upsert(self, docs: list[IndexDoc]) -> None:
        if docs:
            index = await self._index()
            await self._done(await index.update_documents([asdict(d) for d in docs], primary_key="product_id"))
            await vocabulary.add_terms(t for doc in docs for t in doc.terms())

    async def delete(self, product_ids: list[int]) -> None:
        if product_ids:
            index = await self._index()
            await self._done(await index.delete_documents([str(i) for i in product_ids]))

    async def set_cooperative_active(self, cooperative_id: int, active: bool) -> None:
        index = await self._index()
        ids, offset = [], 0
        while True:
            page = await index.search(
                "",
                filter=f"cooperative_id = {cooperative_id}",
                limit=1000,
                offset=offset,
                attributes_to_retrieve=["product_id"],
            )
            ids += [hit["product_id"] for hit in page.hits]
            if len(page.hits) < 1000:
                break
            offset += 1000
        if ids:
            await self._done(
                await index.update_documents(
                    [{"product_id": i, "coop_active": active} for i in ids], primary_key="product_id"
                )
            )

    async def clear(self) -> None:
        index = await self._index()
        await self._done(await index.delete_all_documents())

    async def search(self, query: SearchQuery) -> SearchResult:
        index = await self._index()
        filters = [] if query.include_hidden else ["coop_active = true", "in_stock = true"]
        for attribute, value in (
            ("category", query.category),
            ("province", query.province),
            ("cooperative_id", query.cooperative_id),
            ("halal", query.halal),
        ):
            if value is not None:
                filters.append(f"{attribute} = {_literal(value)}")
        if query.price_min is not None:
            filters.append(f"price_idr >= {query.price_min}")
        if query.price_max is not None:
            filters.append(f"price_idr <= {query.price_max}")
        sort = {
            "price_asc": ["price_idr:asc", "product_id:asc"],
            "price_desc": ["price_idr:desc", "product_id:desc"],
            "newest": ["created_ts:desc", "product_id:desc"],
        }.get(query.sort)
        if sort is None and not query.q.strip():
            sort = ["created_ts:desc", "product_id:desc"]
        result = await index.search(
            await _typed(query.q),
            filter=" AND ".join(filters) or None,
            sort=sort,
            matching_strategy="all",
            facets=list(FACETS.values()) if query.facets else None,
            page=query.page,
            hits_per_page=query.per_page,
            attributes_to_retrieve=list(HIT_COLUMNS),
        )
        hits = [SearchHit(**{c: hit[c] for c in HIT_COLUMNS}) for hit in result.hits]
        rows = []
        names = {h.cooperative_id: h.cooperative_name for h in hits}
        for facet, attribute in FACETS.items():
            for value, count in ((result.facet_distribution or {}).get(attribute) or {}).items():
                label = names.get(int(value), f"Koperasi {value}") if facet == "cooperative" else ""
                rows.append({"facet": facet, "value": value, "label": label, "n": count})
        total, facets = facets_from(rows)
        return SearchResult(
            query=query,
            total=result.total_hits or total,
            hits=hits,
            facets=facets if query.facets else {},
            engine=self.name,
        )
