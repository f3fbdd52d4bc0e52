"""Typed errors of the SHU distribution (``shu.*`` codes)."""

from __future__ import annotations

from market.errors import Conflict, NotFound


class NotApproved(Conflict):
    """The year's latest proposal is not approved by the members' meeting: nothing is distributed."""

    code = "shu.not_approved"
    title = "Usulan SHU belum disahkan RAT"


class CreditNotFound(NotFound):
    code = "shu.credit_not_found"
    title = "Bagian SHU tidak ditemukan"


class NotCash(Conflict):
    """The member's share went to the wallet or simpanan sukarela: there is nothing to pay in cash."""

    code = "shu.not_cash"
    title = "Bagian SHU ini tidak dibayar tunai"
