"""Typed errors of the SHU close (``shu.*`` codes)."""

from __future__ import annotations

from market.errors import Conflict, InvalidInput, NotFound


class YearNotLocked(Conflict):
    """The cooperative's books are not locked through 31 December of the year."""

    code = "shu.year_not_locked"
    title = "Buku tahun ini belum dikunci"


class AlreadyClosed(Conflict):
    """The year already has a proposal; only a revision (``revise``) makes a new version."""

    code = "shu.already_closed"
    title = "Tahun buku sudah ditutup"


class AlreadyApproved(Conflict):
    """The year's proposal was approved (or distributed): it can no longer be revised."""

    code = "shu.already_approved"
    title = "Usulan SHU sudah disahkan"


class NoProposal(NotFound):
    code = "shu.no_proposal"
    title = "Belum ada usulan SHU"


class PolicyInvalid(InvalidInput):
    code = "shu.policy_invalid"
    title = "Kebijakan SHU tidak valid"


class PolicyFrozen(Conflict):
    """The year was closed with this policy: it no longer changes."""

    code = "shu.policy_frozen"
    title = "Kebijakan SHU tahun ini sudah dibekukan"


class ProposalNotOpen(Conflict):
    """The proposal cannot be decided in its state (superseded, or decided the other way)."""

    code = "shu.proposal_not_open"
    title = "Usulan SHU tidak dapat diputuskan"
