"""Text folding and the typo rules every engine follows.

Text is folded before it is indexed and before it is searched (lower case, accents removed,
anything but letters and digits a separator), so case and accents never matter.

A typo is an insertion, deletion, substitution or swap of neighbours (optimal string alignment
distance, as Meilisearch counts them). One typo is forgiven from 4 letters on, two from 8,
counted on the longer of the typed word and the indexed word it is corrected to: "kpoi" and
"kopu" are "kopi", and "mdu" is "madu" with a letter left out (a 4-letter word), while a
3-letter word is never changed into another 3-letter word ("teh" stays "teh").
"""

from __future__ import annotations

import re
import unicodedata
from itertools import combinations

_NOT_WORD = re.compile(r"[^0-9a-z]+")
MAX_QUERY_WORDS = 8


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", plain).strip()


def words(text: str) -> list[str]:
    return [w[:64] for w in fold(text).split()]


def typos_for(length: int) -> int:
    """Typos forgiven in a word of *length* letters."""
    return 0 if length < 4 else 1 if length < 8 else 2


def allowed_typos(word: str, term: str | None = None) -> int:
    """Typos forgiven between the typed *word* and an indexed *term* (the longer one counts);
    without *term*, the most any term could be granted (what a lookup must reach)."""
    if term is not None:
        return typos_for(max(len(word), len(term)))
    return variant_depth(word)


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance of *a* and *b*, or ``limit + 1`` once it exceeds *limit*."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def deletions(word: str, depth: int) -> set[str]:
    """*word* and every string made by deleting up to *depth* of its letters."""
    out = {word}
    for k in range(1, min(depth, len(word) - 1) + 1):
        for positions in combinations(range(len(word)), k):
            out.add("".join(ch for i, ch in enumerate(word) if i not in positions))
    return out


def variant_depth(term: str) -> int:
    """How many deletions of a word to reach every word within its allowed typos: a term of 6
    letters meets a typed word of 8 two typos away, a word of 3 one of 4 letters one away."""
    return 2 if len(term) >= 6 else 1 if len(term) >= 3 else 0
