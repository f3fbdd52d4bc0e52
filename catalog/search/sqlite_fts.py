"""SQLite FTS5 in the same database: the embedded default.

Three weighted columns: the product's name, its own text (description, category, origin, SKU,
unit) and its seller's (the cooperative's name and place), so a word in the product itself
ranks above a word only in the seller's name. Typo corrections come from the vocabulary.
"""

from __future__ import annotations

from catalog.search.sql import Alternative, SqlEngine
from market import db

# bm25 column weights: name, the product's own text, the seller's. The seller's is small enough
# that a match there alone stays below any match in the product's own columns.
WEIGHTS = "10.0, 2.0, 0.05"


def _fts_term(term: str, prefix: bool) -> str:
    return f'"{term}"' + ("*" if prefix else "")


def fts_expression(groups: list[list[Alternative]]) -> str:
    return " AND ".join("(" + " OR ".join(_fts_term(t, p) for t, p in group) + ")" for group in groups)


class SqliteEngine(SqlEngine):
    name = "sqlite"

    def match_sql(self, groups):
        source = (
            "catalog_search_fts f JOIN catalog_search_doc d ON d.product_id = f.rowid WHERE catalog_search_fts MATCH ?"
        )
        return source, [fts_expression(groups)], f"bm25(catalog_search_fts, {WEIGHTS})", [], "ASC"

    async def known(self, word: str, prefix: bool) -> bool:
        rows = await db.execute(
            "SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH ? LIMIT 1", _fts_term(word, prefix)
        )
        return bool(rows)
