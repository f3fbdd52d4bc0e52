"""Refusals of the journal service (each a ``market.errors`` kind with its own code)."""

from __future__ import annotations

from market.errors import Conflict, InvalidInput


class EntryNotBalanced(InvalidInput):
    """A hand-written entry whose debits and credits differ (input, not a bug: 422)."""

    code = "market.entry_not_balanced"
    title = "Jurnal tidak seimbang"


class AlreadyReversed(Conflict):
    code = "market.already_reversed"
    title = "Jurnal ini sudah dibalik"


class OpeningRefused(InvalidInput):
    """A bad opening-balance import, refused whole; ``problems`` lists every row's reasons
    (``file``, ``row``, ``column``, ``message``)."""

    code = "market.opening_refused"
    title = "Impor saldo awal ditolak"


class OpeningExists(Conflict):
    code = "market.opening_exists"
    title = "Saldo awal sudah diimpor"
