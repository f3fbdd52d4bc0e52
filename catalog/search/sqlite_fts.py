"""SQLite FTS5 in the same database: the embedded default.

Typo corrections come from ``catalog_search_term_variant``, a deletion neighbourhood of the
term dictionary (SymSpell): every term is stored with the strings made by deleting one letter
(two for terms of 7+ letters). Two words within k typos share such a string, so candidates are
one indexed ``IN`` lookup, then checked exactly with the edit distance.
"""

from __future__ import annotations

from catalog.search.sql import Alternative, SqlEngine, _chunks
from catalog.search.text import deletions, variant_depth
from market import db


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
        return source, [fts_expression(groups)], "bm25(catalog_search_fts, 10.0, 1.0)", [], "ASC"

    async def known(self, word: str, prefix: bool) -> bool:
        rows = await db.execute(
            "SELECT rowid FROM catalog_search_fts WHERE catalog_search_fts MATCH ? LIMIT 1", _fts_term(word, prefix)
        )
        return bool(rows)

    async def candidates(self, word: str, typos: int) -> list[str]:
        variants = sorted(deletions(word, typos))
        found: set[str] = set()
        for chunk in _chunks(variants, 400):
            marks = ", ".join("?" for _ in chunk)
            rows = await db.execute(
                f"SELECT DISTINCT term FROM catalog_search_term_variant WHERE variant IN ({marks})", *chunk
            )
            found.update(r["term"] for r in rows)
        return sorted(found)

    async def add_terms(self, terms: list[str]) -> None:
        for chunk in _chunks(terms, 400):
            marks = ", ".join("?" for _ in chunk)
            known = {
                r["term"]
                for r in await db.execute(f"SELECT term FROM catalog_search_term WHERE term IN ({marks})", *chunk)
            }
            new = [t for t in chunk if t not in known]
            if not new:
                continue
            await db.execute(
                "INSERT INTO catalog_search_term (term) VALUES "
                + ", ".join("(?)" for _ in new)
                + " ON CONFLICT DO NOTHING",
                *new,
            )
            pairs = [(v, t) for t in new for v in deletions(t, variant_depth(t))]
            for part in _chunks(pairs, 400):
                await db.execute(
                    "INSERT INTO catalog_search_term_variant (variant, term) VALUES "
                    + ", ".join("(?, ?)" for _ in part)
                    + " ON CONFLICT DO NOTHING",
                    *[x for pair in part for x in pair],
                )
