"""What the two in-database engines share: the document table, filters, facets, the query plan.

A query becomes, word by word, a group of alternatives that must all match (AND of ORs):
the word itself (the last word also as a prefix, for as-you-type) when the index knows it,
otherwise the vocabulary's words within the allowed typos. Correcting only unknown words keeps
exact matches ranked as they are and costs nothing when nothing is misspelt.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import asdict, dataclass, fields
from typing import Any

from catalog.schemas import FacetValue, IndexDoc, SearchHit, SearchQuery, SearchResult
from catalog.search import vocabulary
from catalog.search.text import MAX_QUERY_WORDS, words
from catalog.taxonomy import CATEGORY_NAMES, PRICE_BUCKETS
from market import db

DOC_COLUMNS = tuple(f.name for f in fields(IndexDoc))
HIT_COLUMNS = (
    "product_id",
    "name",
    "unit",
    "price_idr",
    "category",
    "cooperative_id",
    "cooperative_name",
    "province",
    "halal",
    "photo",
    "in_stock",
)
Alternative = tuple[str, bool]  # (term, is_prefix)
# The fields that decide a match set: everything but the sort, the page and whether to count facets.
MATCH_FIELDS = {"q", "category", "province", "cooperative_id", "halal", "price_min", "price_max", "include_hidden"}
NO_MATCH = object()
PRICE_LABELS = {key: key for key, _, _ in PRICE_BUCKETS}


class SqlEngine:
    name = "sql"
    max_typo_candidates = 24
    # Results of recent searches, keyed by the query and valid while the index generation they
    # were computed under is still the stored one (SEARCH_CACHE_SIZE; 0 turns the cache off).
    cache_size = 1024
    # Match sets (text and filters) of recent searches: their plan, total and facet counts, valid
    # like the results. Counting the facets reads every match; another page or sort of the same
    # match set, or the same search once its result has left the result cache, reads only its
    # page of hits. Exact: any write to the index bumps the generation. 0 turns it off.
    match_cache_size = 512

    def __init__(self) -> None:
        self._cache: OrderedDict[str, tuple[tuple[int, int], SearchResult]] = OrderedDict()
        self._matches: OrderedDict[str, Match] = OrderedDict()

    # Engine hooks ------------------------------------------------------------------------------

    def match_sql(self, groups: list[list[Alternative]]) -> tuple[str, list[Any], str, list[Any], str]:
        """(FROM+WHERE fragment, its params, relevance score expression, its params, ASC/DESC)."""
        raise NotImplementedError

    async def known(self, word: str, prefix: bool) -> bool:
        raise NotImplementedError

    # Writing -----------------------------------------------------------------------------------

    async def upsert(self, docs: list[IndexDoc]) -> None:
        """Write the documents that differ from the stored ones; a new generation only if any did
        (a sale that leaves a product in stock changes nothing a search sees, so every cached
        result and count stays valid)."""
        docs = await self._changed(docs)
        if not docs:
            return
        columns = ", ".join(DOC_COLUMNS)
        marks = ", ".join("?" for _ in DOC_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in DOC_COLUMNS if c != "product_id")
        sql = (
            f"INSERT INTO catalog_search_doc ({columns}) VALUES ({marks}) "
            f"ON CONFLICT (product_id) DO UPDATE SET {updates}"
        )
        for doc in docs:
            await db.execute(sql, *asdict(doc).values())
        await vocabulary.add_terms(t for doc in docs for t in doc.terms())
        await self.bump()

    async def _changed(self, docs: list[IndexDoc]) -> list[IndexDoc]:
        stored: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(docs, 500):
            marks = ", ".join("?" for _ in chunk)
            rows = await db.execute(
                f"SELECT {', '.join(DOC_COLUMNS)} FROM catalog_search_doc WHERE product_id IN ({marks})",
                *[d.product_id for d in chunk],
            )
            stored.update({int(r["product_id"]): dict(r) for r in rows})
        return [d for d in docs if stored.get(d.product_id) != asdict(d)]

    async def delete(self, product_ids: list[int]) -> None:
        for chunk in _chunks(product_ids, 500):
            marks = ", ".join("?" for _ in chunk)
            await db.execute(f"DELETE FROM catalog_search_doc WHERE product_id IN ({marks})", *chunk)
        await self.bump()

    async def set_cooperative_active(self, cooperative_id: int, active: bool) -> None:
        await db.execute(
            "UPDATE catalog_search_doc SET coop_active = ? WHERE cooperative_id = ?", active, cooperative_id
        )
        await self.bump()

    async def clear(self) -> None:
        await db.execute("DELETE FROM catalog_search_doc")
        await self.bump()

    async def bump(self) -> None:
        """A new index generation, in the writer's transaction: every cached result is stale."""
        await db.execute(
            "INSERT INTO catalog_search_state (id, generation) VALUES (1, 1) "
            "ON CONFLICT (id) DO UPDATE SET generation = catalog_search_state.generation + 1"
        )

    async def _generation(self) -> tuple[int, int] | None:
        rows = await db.execute("SELECT generation FROM catalog_search_state WHERE id = 1")
        return (db.epoch, int(rows[0]["generation"])) if rows else None

    # Reading -----------------------------------------------------------------------------------

    async def plan(self, q: str) -> list[list[Alternative]] | object:
        """The alternatives of each query word, or NO_MATCH when a word can match nothing."""
        query_words = words(q)[:MAX_QUERY_WORDS]
        groups: list[list[Alternative]] = []
        for i, word in enumerate(query_words):
            prefix = i == len(query_words) - 1
            if await self.known(word, prefix):
                groups.append([(word, prefix)])
                continue
            close = await vocabulary.corrections(word)
            if not close:
                return NO_MATCH
            groups.append([(t, False) for t in close[: self.max_typo_candidates]])
        return groups

    def filters(self, query: SearchQuery) -> tuple[list[str], list[Any]]:
        where, params = [], []
        if not query.include_hidden:
            where.append("d.coop_active AND d.in_stock")
        for column, value in (
            ("category", query.category),
            ("province", query.province),
            ("cooperative_id", query.cooperative_id),
            ("halal", query.halal),
        ):
            if value is not None:
                where.append(f"d.{column} = ?")
                params.append(value)
        if query.price_min is not None:
            where.append("d.price_idr >= ?")
            params.append(query.price_min)
        if query.price_max is not None:
            where.append("d.price_idr <= ?")
            params.append(query.price_max)
        return where, params

    # One statement, one pass over the matches: the match set is materialized once (text match,
    # filters, relevance score), then the page of hits (a top-N sort of that set) and either the
    # facet counts or the bare total are read from it and returned as tagged rows of one shape.
    # The earlier shape (hits with count(*) OVER (), then the facets in a second statement)
    # scanned the matches twice and carried every matching row through a window aggregate.
    FACET_SQL = (
        "SELECT 'category' AS facet, category AS value, '' AS label, count(*) AS n FROM m GROUP BY category",
        "SELECT 'province', province, '', count(*) FROM m GROUP BY province",
        "SELECT 'cooperative', CAST(cooperative_id AS TEXT), max(cooperative_name), count(*) FROM m "
        "GROUP BY cooperative_id",
        "SELECT 'halal', CASE WHEN halal THEN 'true' ELSE 'false' END, '', count(*) FROM m GROUP BY halal",
        "SELECT 'price', price_bucket, '', count(*) FROM m GROUP BY price_bucket",
    )
    SORTS = {
        "price_asc": ("price_idr ASC, product_id ASC", lambda r: (r["price_idr"], r["product_id"])),
        "price_desc": ("price_idr DESC, product_id DESC", lambda r: (-r["price_idr"], -r["product_id"])),
        "newest": ("created_ts DESC, product_id DESC", lambda r: (-r["created_ts"], -r["product_id"])),
    }

    def facet_sql(self) -> str:
        """The facet counts over ``m`` as (facet, value, label, n) rows."""
        return " UNION ALL ".join(self.FACET_SQL)

    async def search(self, query: SearchQuery) -> SearchResult:
        if self.cache_size <= 0:
            return await self._search(query, None)
        generation = await self._generation()
        if generation is None:
            return await self._search(query, None)
        key = query.model_dump_json()
        cached = self._cache.get(key)
        if cached is not None and cached[0] == generation:
            self._cache.move_to_end(key)
            return cached[1].model_copy()
        result = await self._search(query, generation)
        # A write since the generation was read only makes this entry miss later.
        _remember(self._cache, key, (generation, result), self.cache_size)
        return result.model_copy()

    async def _search(self, query: SearchQuery, generation: tuple[int, int] | None) -> SearchResult:
        """The page of hits; the plan, total and facet counts of the match set (the text and the
        filters, whatever the sort and the page) from the match cache when they were counted under
        the generation the page itself is read under (read in the same statement), so only the
        page is read. Stale or unknown: planned and counted anew, stamped in that statement too."""
        key = query.model_dump_json(include=MATCH_FIELDS)
        known = self._matches.get(key) if self.match_cache_size > 0 else None
        if known is not None and generation is not None and known.generation != generation:
            known = None
        if known is not None and (known.facets is not None or not query.facets):
            hits, now = await self._page(query, known.groups)
            if now == known.generation:
                self._matches.move_to_end(key)
                facets = known.facets if query.facets else {}
                return SearchResult(query=query, total=known.total, hits=hits, facets=facets or {}, engine=self.name)
        groups = known.groups if known is not None else await self.plan(query.q)
        if not isinstance(groups, list):  # NO_MATCH
            return SearchResult(query=query, total=0, hits=[], facets=_empty_facets(query), engine=self.name)
        result, now = await self._counted(query, groups)
        if now is not None and self.match_cache_size > 0:
            entry = Match(now, groups, result.total, result.facets if query.facets else None)
            _remember(self._matches, key, entry, self.match_cache_size)
        return result

    def _parts(self, query: SearchQuery, groups: list[list[Alternative]]):
        """(FROM+WHERE, its params, score expression, its params, ORDER BY, Python sort key)."""
        where, params = self.filters(query)
        if groups:
            source, source_params, score_sql, score_params, score_dir = self.match_sql(groups)
            where_sql = " AND " + " AND ".join(where) if where else ""
        else:
            source, source_params, score_sql, score_params, score_dir = "catalog_search_doc d", [], "0", [], "ASC"
            where_sql = (" WHERE " + " AND ".join(where)) if where else ""
        if query.sort in self.SORTS:
            order, key = self.SORTS[query.sort]
        elif groups:
            order = f"score {score_dir}, product_id DESC"
            sign = -1 if score_dir == "DESC" else 1
            key = lambda r: (sign * r["score"], -r["product_id"])  # noqa: E731
        else:
            order, key = self.SORTS["newest"]
        return source + where_sql, [*source_params, *params], score_sql, score_params, order, key

    async def _page(
        self, query: SearchQuery, groups: list[list[Alternative]]
    ) -> tuple[list[SearchHit], tuple[int, int] | None]:
        """Only the page of hits (what the raw top-N query reads, nothing counted) and the index
        generation it was read under, from the same statement."""
        source, params, score_sql, score_params, order, key = self._parts(query, groups)
        columns = ", ".join(f"d.{c} AS {c}" for c in (*HIT_COLUMNS, "created_ts"))
        nulls = ", ".join("NULL" for _ in (*HIT_COLUMNS, "created_ts"))
        # The page's ids and scores first, then their columns by primary key: the sort then carries
        # two columns for every match instead of the hit's twelve (~7 % of the statement at 100,000
        # products on PostgreSQL, measured beside the raw top-20 query).
        rows = await db.execute(
            f"SELECT * FROM (SELECT 1 AS g, {columns}, p.score AS score FROM "
            f"(SELECT d.product_id AS product_id, {score_sql} AS score FROM {source} "
            f"ORDER BY {order} LIMIT ? OFFSET ?) p JOIN catalog_search_doc d ON d.product_id = p.product_id) h "
            f"UNION ALL SELECT 2, {nulls}, generation FROM catalog_search_state WHERE id = 1",
            *score_params,
            *params,
            query.per_page,
            (query.page - 1) * query.per_page,
        )
        stamp = next((r["score"] for r in rows if r["g"] == 2), None)
        hits = [_hit(r) for r in sorted((r for r in rows if r["g"] == 1), key=key)]
        return hits, (db.epoch, int(stamp)) if stamp is not None else None

    async def _counted(
        self, query: SearchQuery, groups: list[list[Alternative]]
    ) -> tuple[SearchResult, tuple[int, int] | None]:
        """The page of hits and the match set's total (and facet counts) in one statement, with
        the index generation they were read under."""
        source, params, score_sql, score_params, order, key = self._parts(query, groups)
        # The match set carries only what sorting and the facets need; the page of hits takes its
        # display columns from the documents, so a broad prefix does not copy every column of
        # every match.
        facet_columns = (
            ("category", "cooperative_id", "cooperative_name", "province", "halal", "price_bucket")
            if query.facets
            else ()
        )
        columns = ", ".join(f"d.{c}" for c in ("product_id", "price_idr", "created_ts", *facet_columns))
        hit_columns = ", ".join(f"d.{c} AS {c}" for c in (*HIT_COLUMNS, "created_ts")) + ", h.score AS score"
        nulls = ", ".join("NULL" for _ in (*HIT_COLUMNS, "created_ts", "score"))
        tail = (
            self.facet_sql()
            if query.facets
            else "SELECT 'total' AS facet, NULL AS value, NULL AS label, count(*) AS n FROM m"
        )
        sql = (
            f"WITH m AS MATERIALIZED (SELECT {columns}, {score_sql} AS score FROM {source}) "
            f"SELECT '_hit' AS facet, NULL AS value, NULL AS label, 0 AS n, {hit_columns} "
            f"FROM (SELECT product_id, score FROM m ORDER BY {order} LIMIT ? OFFSET ?) h "
            f"JOIN catalog_search_doc d ON d.product_id = h.product_id "
            f"UNION ALL SELECT facet, value, label, n, {nulls} FROM ({tail}) f "
            f"UNION ALL SELECT '_generation', NULL, NULL, generation, {nulls} FROM catalog_search_state WHERE id = 1"
        )
        rows = await db.execute(sql, *score_params, *params, query.per_page, (query.page - 1) * query.per_page)
        hits = [_hit(row) for row in sorted((r for r in rows if r["facet"] == "_hit"), key=key)]
        stamp = next((int(r["n"]) for r in rows if r["facet"] == "_generation"), None)
        counts = [r for r in rows if r["facet"] not in ("_hit", "_generation")]
        if query.facets:
            total, facets = facets_from(counts)
        else:
            total, facets = int(counts[0]["n"]) if counts else 0, {}
        result = SearchResult(query=query, total=total, hits=hits, facets=facets, engine=self.name)
        return result, (db.epoch, stamp) if stamp is not None else None


@dataclass(frozen=True)
class Match:
    """What a match set (the query's text and filters) came to under one index generation."""

    generation: tuple[int, int]
    groups: list[list[Alternative]]
    total: int
    facets: dict[str, list[FacetValue]] | None  # None: counted without its facets


def _remember(cache: OrderedDict, key: str, value: Any, size: int) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > size:
        cache.popitem(last=False)


def _hit(row) -> SearchHit:
    return SearchHit(
        **{**{c: row[c] for c in HIT_COLUMNS}, "halal": bool(row["halal"]), "in_stock": bool(row["in_stock"])}
    )


def facets_from(rows) -> tuple[int, dict[str, list[FacetValue]]]:
    """Facet rows (facet, value, label, n) → total and labelled, ordered facet values."""
    out: dict[str, list[FacetValue]] = {k: [] for k in ("category", "province", "cooperative", "halal", "price")}
    for row in rows:
        facet, value = row["facet"], str(row["value"])
        label = row.get("label") or {
            "category": CATEGORY_NAMES.get(value, value),
            "halal": "Halal" if value == "true" else "Tidak berlabel halal",
            "price": PRICE_LABELS.get(value, value),
        }.get(facet, value)
        out[facet].append(FacetValue(value=value, label=label, count=int(row["n"])))
    total = sum(v.count for v in out["category"])
    price_order = [key for key, _, _ in PRICE_BUCKETS]
    category_order = list(CATEGORY_NAMES)
    for facet, values in out.items():
        if facet == "price":
            values.sort(key=lambda v: price_order.index(v.value) if v.value in price_order else 99)
        elif facet == "category":
            values.sort(key=lambda v: category_order.index(v.value) if v.value in category_order else 99)
        else:
            values.sort(key=lambda v: (-v.count, v.label))
    return total, out


def _empty_facets(query: SearchQuery) -> dict[str, list[FacetValue]]:
    return {k: [] for k in ("category", "province", "cooperative", "halal", "price")} if query.facets else {}


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
