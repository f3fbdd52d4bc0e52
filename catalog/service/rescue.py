"""No dead end: what a search that found nothing offers instead.

"Maksud Anda …?": queries near the one typed that do find something — each unknown word
replaced by the vocabulary's nearest words (a little beyond the typos a search forgives), or,
for words that each find something but not together, the query less one of them. And the
nearest categories: where the products of those nearer words are, else the biggest categories.
Every offer is checked with a search under the same filters, so none leads to another empty page.
"""

from __future__ import annotations

from itertools import product

from catalog.schemas import FacetValue, SearchQuery, SearchResult
from catalog.search import SearchEngine, vocabulary
from catalog.search.text import MAX_QUERY_WORDS, words

MAX_OFFERS = 3
MAX_TRIES = 8
NEAREST_CATEGORIES = 3


async def _options(query_words: list[str]) -> list[list[str]]:
    """Each word itself when the vocabulary knows it, else its nearest known words."""
    out = []
    for i, word in enumerate(query_words):
        if await vocabulary.knows(word, prefix=i == len(query_words) - 1):
            out.append([word])
        else:
            near = await vocabulary.corrections(word) + await vocabulary.nearest(word)
            out.append(list(dict.fromkeys(near))[:MAX_OFFERS])
    return out


def _candidates(query_words: list[str], options: list[list[str]]) -> list[str]:
    """Nearer queries to try, best first: every word replaced, then each word left out in turn."""
    typed = " ".join(query_words)
    tries = [" ".join(combo) for combo in product(*options) if combo]
    if len(query_words) > 1:
        for skip in range(len(query_words) - 1, -1, -1):
            rest = [opts for i, opts in enumerate(options) if i != skip]
            tries += [" ".join(combo) for combo in product(*rest) if all(combo)]
    return [t for t in dict.fromkeys(tries) if t and t != typed][:MAX_TRIES]


async def _finds(engine: SearchEngine, query: SearchQuery, q: str, *, facets: bool = False) -> SearchResult:
    return await engine.search(query.model_copy(update={"q": q, "page": 1, "per_page": 1, "facets": facets}))


async def rescue(engine: SearchEngine, query: SearchQuery, result: SearchResult) -> SearchResult:
    """*result* (empty) with the nearer queries that find something and the nearest categories."""
    query_words = words(query.q)[:MAX_QUERY_WORDS]
    if not query_words:
        return result
    options = await _options(query_words)
    offers: list[str] = []
    for text in _candidates(query_words, options):
        if (await _finds(engine, query, text)).total:
            offers.append(text)
            if len(offers) == MAX_OFFERS:
                break
    tallies: dict[str, FacetValue] = {}
    for text in offers or [o[0] for o in options if o]:
        for value in (await _finds(engine, query, text, facets=True)).facets.get("category", []):
            seen = tallies.get(value.value)
            tallies[value.value] = value.model_copy(update={"count": value.count + (seen.count if seen else 0)})
    if not tallies:  # nothing near at all: the biggest categories
        everything = await engine.search(SearchQuery(per_page=1, facets=True))
        tallies = {v.value: v for v in everything.facets.get("category", [])}
    nearest = sorted(tallies.values(), key=lambda v: -v.count)[:NEAREST_CATEGORIES]
    return result.model_copy(update={"did_you_mean": offers, "nearest_categories": nearest})
