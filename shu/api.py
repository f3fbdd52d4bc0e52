"""JSON API of the SHU close under /api/v1/cooperatives/{id}/shu/{year}.

Readers: the operator, the cooperative's staff and its members. The members' shares are part of
the RAT document every member receives (the proposal the meeting votes on), so a member of the
cooperative may read the whole proposal, every member's share included. Closing the year and
setting its policy: the cooperative's manager and the operator.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from market.errors import NotFound
from market.http import api_actor
from market.openapi import responses_for
from market.schemas import Role
from market.service import Actor
from market.service.users import STAFF_ROLES, require_coop
from market.types import Id
from shu import errors, service
from shu.schemas import CloseIn, PolicyIn, PolicyOut, ProposalOut

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}/shu", tags=["shu"])
ActorDep = Annotated[Actor, Depends(api_actor)]
READERS = STAFF_ROLES | {Role.MEMBER}
MANAGERS = frozenset({Role.MANAGER})


@router.get("/{year}", response_model=ProposalOut, responses=responses_for(errors.NoProposal))
async def read_proposal(
    coop_id: Id, year: int, actor: ActorDep, version: Annotated[int | None, Query(ge=1, le=1000)] = None
) -> ProposalOut:
    require_coop(actor, coop_id, roles=READERS)
    return await service.get_proposal(coop_id, _year(year), version)


@router.post(
    "/{year}/close",
    response_model=ProposalOut,
    status_code=201,
    responses=responses_for(errors.YearNotLocked, errors.AlreadyClosed, errors.AlreadyApproved, errors.PolicyInvalid),
)
async def close_year(coop_id: Id, year: int, actor: ActorDep, body: CloseIn | None = None) -> ProposalOut:
    require_coop(actor, coop_id, roles=MANAGERS)
    return await service.close_year(coop_id, _year(year), actor=actor, revise=bool(body and body.revise))


@router.get("/{year}/policy", response_model=PolicyOut)
async def read_policy(coop_id: Id, year: int, actor: ActorDep) -> PolicyOut:
    require_coop(actor, coop_id, roles=READERS)
    return await service.get_policy(coop_id, _year(year))


@router.put(
    "/{year}/policy", response_model=PolicyOut, responses=responses_for(errors.PolicyInvalid, errors.PolicyFrozen)
)
async def write_policy(coop_id: Id, year: int, data: PolicyIn, actor: ActorDep) -> PolicyOut:
    require_coop(actor, coop_id, roles=MANAGERS)
    return await service.set_policy(coop_id, _year(year), data)


def _year(year: int) -> int:
    """A year out of range is no such resource (404), like an id out of range."""
    if not 2000 <= year <= 2100:
        raise NotFound("Tahun buku tidak ada")
    return year
