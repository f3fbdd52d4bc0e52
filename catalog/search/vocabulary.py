"""The vocabulary: every word ever indexed, in the database, whichever engine searches.

Typo corrections and the "maksud Anda …?" suggestions are drawn from it on SQLite, PostgreSQL
and beside Meilisearch alike. Each term is stored with its deletion neighbourhood
(``catalog_search_term_variant``, SymSpell): the strings made by deleting up to
``variant_depth(term)`` of its letters. Two words within k typos share such a string, so the
candidates for a typed word are one indexed ``IN`` lookup of its own deletions, then checked
exactly with the edit distance. Nothing is ever removed: a term no product carries any more
only costs a correction that finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from catalog.search.text import allowed_typos, deletions, distance, typos_for, variant_depth
from market import db

MAX_TERM = 64


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def add_terms(terms: Iterable[str]) -> None:
    """Add the words not yet known, with their deletion neighbourhood (in the caller's transaction)."""
    ordered = sorted({t for t in terms if t and len(t) <= MAX_TERM})
    for chunk in chunks(ordered, 400):
        marks = ", ".join("?" for _ in chunk)
        rows = await db.execute(f"SELECT term FROM catalog_search_term WHERE term IN ({marks})", *chunk)
        known = {r["term"] for r in rows}
        new = [t for t in chunk if t not in known]
        if not new:
            continue
        await db.execute(
            "INSERT INTO catalog_search_term (term) VALUES "
            + ", ".join("(?)" for _ in new)
            + " ON CONFLICT DO NOTHING",
            *new,
        )
        pairs = sorted({(v, t) for t in new for v in deletions(t, variant_depth(t))})
        for part in chunks(pairs, 400):
            await db.execute(
                "INSERT INTO catalog_search_term_variant (variant, term) VALUES "
                + ", ".join("(?, ?)" for _ in part)
                + " ON CONFLICT DO NOTHING",
                *[x for pair in part for x in pair],
            )


async def _sharing(word: str, depth: int) -> set[str]:
    """Terms sharing a deletion (up to *depth* of the word's letters) with *word*."""
    variants = sorted(deletions(word, depth))
    found: set[str] = set()
    for chunk in chunks(variants, 400):
        marks = ", ".join("?" for _ in chunk)
        rows = await db.execute(
            f"SELECT DISTINCT term FROM catalog_search_term_variant WHERE variant IN ({marks})", *chunk
        )
        found.update(r["term"] for r in rows)
    return found


async def corrections(word: str) -> list[str]:
    """The known words *word* may be a misspelling of (within the allowed typos), nearest first."""
    depth = allowed_typos(word)
    if not depth:
        return []
    found = [
        (d, t)
        for t in await _sharing(word, depth)
        if t != word and (d := distance(t, word, allowed_typos(word, t))) <= allowed_typos(word, t)
    ]
    return [t for _, t in sorted(found)]


async def nearest(word: str, *, limit: int = 3) -> list[str]:
    """The known words nearest to *word* a little beyond the typos a search forgives (one more,
    at least one): what "maksud Anda …?" offers when nothing was found."""
    radius = typos_for(len(word)) + 1
    found = [(d, t) for t in await _sharing(word, 2) if t != word and (d := distance(t, word, radius)) <= radius]
    return [t for _, t in sorted(found)[:limit]]


async def knows(word: str, prefix: bool) -> bool:
    """Whether the vocabulary has *word* (or, as a *prefix*, any word starting with it)."""
    if prefix:  # folded words are letters and digits only: nothing to escape
        rows = await db.execute("SELECT 1 AS x FROM catalog_search_term WHERE term LIKE ? LIMIT 1", word + "%")
    else:
        rows = await db.execute("SELECT 1 AS x FROM catalog_search_term WHERE term = ?", word)
    return bool(rows)
