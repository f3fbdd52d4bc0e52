"""The year-end SHU close (stub; being written)."""

from __future__ import annotations

from shu.schemas import ProposalOut


async def get_proposal(coop_id: int, year: int, version: int | None = None) -> ProposalOut:
    raise NotImplementedError


async def latest_proposal(coop_id: int, year: int) -> ProposalOut | None:
    raise NotImplementedError


async def close_year(coop_id: int, year: int, *, actor, revise: bool = False) -> ProposalOut:
    raise NotImplementedError


async def decide(proposal_id: int, *, approved: bool, item_id: int | None) -> ProposalOut:
    raise NotImplementedError
