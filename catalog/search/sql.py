"""What the two in-database engines share: the document table, filters, facets, the query plan.

A query becomes, word by word, a group of alternatives that must all match (AND of ORs):
the word itself (the last word also as a prefix, for as-you-type) when the index knows it,
otherwise the dictionary words within the allowed typos. Correcting only unknown words keeps
exact matches ranked as they are and costs nothing when nothing is misspelt.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from market import db

from catalog.schemas import FacetValue, IndexDoc, SearchHit, SearchQuery, SearchResult
from catalog.search.text import MAX_QUERY_WORDS, allowed_typos, distance, words
from catalog.taxonomy import CATEGORY_NAMES, PRICE_BUCKETS

DOC_COLUMNS = tuple(f.name for f in fields(IndexDoc))
HIT_COLUMNS = ("product_id", "name", "unit", "price_idr", "category", "cooperative_id",
               "cooperative_name", "province", "halal", "photo", "in_stock")
Alternative = tuple[str, bool]  # (term, is_prefix)
NO_MATCH = object()
PRICE_LABELS = {key: key for key, _, _ in PRICE_BUCKETS}


class SqlEngine:
    name = "sql"
    max_typo_candidates = 24

    # Engine hooks ------------------------------------------------------------------------------

    def match_sql(self, groups: list[list[Alternative]]) -> tuple[str, list[Any], str, list[Any]]:
        """(FROM+WHERE fragment, its params, relevance score expression, its params, ASC/DESC)."""
        raise NotImplementedError

    async def known(self, word: str, prefix: bool) -> bool:
        raise NotImplementedError

    async def candidates(self, word: str, typos: int) -> list[str]:
        raise NotImplementedError

    async def add_terms(self, terms: list[str]) -> None:
        raise NotImplementedError

    # Writing -----------------------------------------------------------------------------------

    async def upsert(self, docs: list[IndexDoc]) -> None:
        if not docs:
            return
        columns = ", ".join(DOC_COLUMNS)
        marks = ", ".join("?" for _ in DOC_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in DOC_COLUMNS if c != "product_id")
        sql = (f"INSERT INTO catalog_search_doc ({columns}) VALUES ({marks}) "
               f"ON CONFLICT (product_id) DO UPDATE SET {updates}")
        terms: set[str] = set()
        for doc in docs:
            await db.execute(sql, *asdict(doc).values())
            terms.update(doc.name_folded.split())
            terms.update(doc.body_folded.split())
        await self.add_terms(sorted(t for t in terms if len(t) <= 64))

    async def delete(self, product_ids: list[int]) -> None:
        for chunk in _chunks(product_ids, 500):
            marks = ", ".join("?" for _ in chunk)
            await db.execute(f"DELETE FROM catalog_search_doc WHERE product_id IN ({marks})", *chunk)

    async def set_cooperative_active(self, cooperative_id: int, active: bool) -> None:
        await db.execute("UPDATE catalog_search_doc SET coop_active = ? WHERE cooperative_id = ?",
                         active, cooperative_id)

    async def clear(self) -> None:
        await db.execute("DELETE FROM catalog_search_doc")

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
            typos = allowed_typos(word)
            found = await self.candidates(word, typos) if typos else []
            close = sorted({t for t in found if t != word and distance(t, word, typos) <= typos})
            if not close:
                return NO_MATCH
            groups.append([(t, False) for t in close[: self.max_typo_candidates]])
        return groups

    def filters(self, query: SearchQuery) -> tuple[list[str], list[Any]]:
        where, params = [], []
        if not query.include_hidden:
            where.append("d.coop_active AND d.in_stock")
        for column, value in (("category", query.category), ("province", query.province),
                              ("cooperative_id", query.cooperative_id), ("halal", query.halal)):
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

    async def search(self, query: SearchQuery) -> SearchResult:
        groups = await self.plan(query.q)
        if groups is NO_MATCH:
            return SearchResult(query=query, total=0, hits=[], facets=_empty_facets(query), engine=self.name)
        where, params = self.filters(query)
        source, source_params, rank_sql, rank_params, rank_dir = (
            self.match_sql(groups) if groups else ("catalog_search_doc d", [], "0", [], "ASC")
        )
        where_sql = (" WHERE " + " AND ".join(where)) if where else ""
        # A text match is already in `source` as a JOIN ... ON/WHERE; filters go after it.
        if groups:
            where_sql = " AND " + " AND ".join(where) if where else ""
        score_sql, score_params, score_order = (rank_sql, rank_params, rank_dir) if groups else ("0", [], "ASC")
        order = {
            "price_asc": "d.price_idr ASC, d.product_id ASC",
            "price_desc": "d.price_idr DESC, d.product_id DESC",
            "newest": "d.created_ts DESC, d.product_id DESC",
        }.get(query.sort) or (f"d.score {score_order}, d.product_id DESC" if groups
                              else "d.created_ts DESC, d.product_id DESC")
        inner = ", ".join(f"d.{c}" for c in (*HIT_COLUMNS, "created_ts"))
        columns = ", ".join(f"d.{c}" for c in HIT_COLUMNS)
        # The total rides along as a window count: one pass over the matches, not two. The score
        # is computed inside (FTS5's bm25() cannot sit beside a window function).
        rows = await db.execute(
            f"SELECT {columns}, count(*) OVER () AS total_matches FROM ("
            f"SELECT {inner}, {score_sql} AS score FROM {source}{where_sql}) d "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            *score_params, *source_params, *params, query.per_page, (query.page - 1) * query.per_page,
        )
        hits = [SearchHit(**{**{c: row[c] for c in HIT_COLUMNS}, "halal": bool(row["halal"]),
                             "in_stock": bool(row["in_stock"])}) for row in rows]
        if query.facets:
            total, facets = await self._facets(query, source, source_params, where_sql, params)
        elif rows:
            total, facets = int(rows[0]["total_matches"]), {}
        elif query.page == 1:
            total, facets = 0, {}
        else:  # past the last page: the window count is not there to read
            total, facets = await self._facets(query, source, source_params, where_sql, params)
        return SearchResult(query=query, total=total, hits=hits, facets=facets, engine=self.name)

    async def _facets(self, query, source, source_params, where_sql, params):
        matched = f"SELECT d.category, d.province, d.cooperative_id, d.cooperative_name, d.halal, " \
                  f"d.price_bucket FROM {source}{where_sql}"
        if not query.facets:
            rows = await db.execute(f"SELECT count(*) AS n FROM ({matched}) m", *source_params, *params)
            return rows[0]["n"], {}
        rows = await db.execute(
            f"WITH m AS MATERIALIZED ({matched}) "
            "SELECT 'category' AS facet, category AS value, '' AS label, count(*) AS n FROM m GROUP BY category "
            "UNION ALL SELECT 'province', province, '', count(*) FROM m GROUP BY province "
            "UNION ALL SELECT 'cooperative', CAST(cooperative_id AS TEXT), max(cooperative_name), count(*) "
            "FROM m GROUP BY cooperative_id "
            "UNION ALL SELECT 'halal', CASE WHEN halal THEN 'true' ELSE 'false' END, '', count(*) "
            "FROM m GROUP BY halal "
            "UNION ALL SELECT 'price', price_bucket, '', count(*) FROM m GROUP BY price_bucket",
            *source_params, *params,
        )
        return facets_from(rows)


def facets_from(rows) -> tuple[int, dict[str, list[FacetValue]]]:
    """Facet rows (facet, value, label, n) → total and labelled, ordered facet values."""
    out: dict[str, list[FacetValue]] = {k: [] for k in ("category", "province", "cooperative", "halal", "price")}
    for row in rows:
        facet, value = row["facet"], str(row["value"])
        label = row.get("label") or {"category": CATEGORY_NAMES.get(value, value),
                                     "halal": "Halal" if value == "true" else "Tidak berlabel halal",
                                     "price": PRICE_LABELS.get(value, value)}.get(facet, value)
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
        yield items[start:start + size]
