"""JSON API of oversight: the operator's view of the network (``GET /api/v1/operator/network``)
and a cooperative's health (``GET /api/v1/cooperatives/{id}/health``). A provincial operator
gets another province's cooperative as 404."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from market.http import RuntimeDep, api_actor
from market.openapi import responses_for
from market.service import Actor
from market.types import Id
from oversight import service as oversight
from oversight.errors import BadYear
from oversight.schemas import Health, Network

router = APIRouter(prefix="/api/v1", tags=["oversight"])
ActorDep = Annotated[Actor, Depends(api_actor)]


@router.get("/operator/network", response_model=Network)
async def network(
    actor: ActorDep,
    rt: RuntimeDep,
    as_of: Annotated[date | None, Query(description="a day of the month shown (WIB); default today")] = None,
):
    """Cooperatives online and registered, members, the month's GMV and PPOB by province, top
    categories, payouts pending and alerts; a provincial operator sees their province only."""
    return await oversight.network(actor, as_of or datetime.now(UTC).date(), biller=rt.biller)


@router.get("/cooperatives/{coop_id}/health", response_model=Health, responses=responses_for(BadYear))
async def health(actor: ActorDep, coop_id: Id, year: Annotated[int | None, Query(ge=2000, le=2100)] = None):
    """The cooperative's health indicators of *year* (default the running one) and earlier years."""
    return await oversight.health(actor, coop_id, year)
