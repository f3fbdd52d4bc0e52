"""PostgreSQL full text: a weighted ``tsvector`` (name A, the product's own text B, the seller's
D) with GIN; typo corrections come from the vocabulary.
"""

from __future__ import annotations

from catalog.search import vocabulary
from catalog.search.sql import Alternative, SqlEngine

# ts_rank's weights for D, C, B, A: a word only in the seller's name counts a fiftieth of one in
# the product's own text, so such matches rank below every match in the product itself.
WEIGHTS = "{0.008, 0.1, 0.4, 1.0}"


def _ts_term(term: str, prefix: bool) -> str:
    return term + (":*" if prefix else "")


def ts_expression(groups: list[list[Alternative]]) -> str:
    return " & ".join("(" + " | ".join(_ts_term(t, p) for t, p in group) + ")" for group in groups)


class PostgresEngine(SqlEngine):
    name = "postgres"

    def match_sql(self, groups):
        expression = ts_expression(groups)
        source = "catalog_search_doc d WHERE d.tsv @@ to_tsquery('simple', ?)"
        score = f"ts_rank('{WEIGHTS}', d.tsv, to_tsquery('simple', ?))"
        return source, [expression], score, [expression], "DESC"

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
        # The vocabulary, not the documents: `tsv @@ q LIMIT 1` plans as a sequential scan (it
        # expects an early hit) and reads the whole table for a misspelt word.
        return await vocabulary.knows(word, prefix)
