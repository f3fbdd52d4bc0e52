"""PostgreSQL full text (a weighted ``tsvector`` with GIN) with a trigram typo fallback.

An unknown word is corrected from the term dictionary by its nearest neighbours under pg_trgm's
trigram distance (a GiST KNN scan), then checked exactly with the edit distance.
"""

from __future__ import annotations

from catalog.search.sql import Alternative, SqlEngine, _chunks
from market import db


def _ts_term(term: str, prefix: bool) -> str:
    return term + (":*" if prefix else "")


def ts_expression(groups: list[list[Alternative]]) -> str:
    return " & ".join("(" + " | ".join(_ts_term(t, p) for t, p in group) + ")" for group in groups)


class PostgresEngine(SqlEngine):
    name = "postgres"

    def match_sql(self, groups):
        expression = ts_expression(groups)
        source = "catalog_search_doc d WHERE d.tsv @@ to_tsquery('simple', ?)"
        return source, [expression], "ts_rank(d.tsv, to_tsquery('simple', ?))", [expression], "DESC"

    def facet_sql(self) -> str:
        # One hash-aggregate pass over the matches for all five facets, not five scans of them.
        return (
            "SELECT CASE WHEN GROUPING(category) = 0 THEN 'category' WHEN GROUPING(province) = 0 THEN 'province' "
            "WHEN GROUPING(cooperative_id) = 0 THEN 'cooperative' WHEN GROUPING(halal) = 0 THEN 'halal' "
            "ELSE 'price' END AS facet, "
            "COALESCE(category, province, CAST(cooperative_id AS TEXT), "
            "CASE WHEN GROUPING(halal) = 0 THEN CASE WHEN halal THEN 'true' ELSE 'false' END END, price_bucket) AS value, "
            "CASE WHEN GROUPING(cooperative_id) = 0 THEN max(cooperative_name) ELSE '' END AS label, count(*) AS n "
            "FROM m GROUP BY GROUPING SETS ((category), (province), (cooperative_id), (halal), (price_bucket))"
        )

    async def known(self, word: str, prefix: bool) -> bool:
        # The term dictionary, not the documents: `tsv @@ q LIMIT 1` plans as a sequential scan
        # (it expects an early hit) and reads the whole table for a misspelt word.
        if prefix:
            rows = await db.execute("SELECT 1 AS x FROM catalog_search_term WHERE term LIKE ? LIMIT 1", word + "%")
        else:
            rows = await db.execute("SELECT 1 AS x FROM catalog_search_term WHERE term = ?", word)
        return bool(rows)

    async def candidates(self, word: str, typos: int) -> list[str]:
        rows = await db.execute(
            "SELECT term FROM catalog_search_term WHERE length(term) BETWEEN ? AND ? "
            "ORDER BY term <-> CAST(? AS text) LIMIT ?",
            len(word) - typos,
            len(word) + typos,
            word,
            self.max_typo_candidates * 2,
        )
        return [r["term"] for r in rows]

    async def add_terms(self, terms: list[str]) -> None:
        for chunk in _chunks(terms, 1000):
            await db.execute(
                "INSERT INTO catalog_search_term (term) VALUES "
                + ", ".join("(?)" for _ in chunk)
                + " ON CONFLICT DO NOTHING",
                *chunk,
            )
