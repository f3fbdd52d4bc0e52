"""JSON API of onboarding under /api/v1: the operator's verification queue and decisions, a
cooperative's API tokens and its audit log. (Registering, with its documents, is the
``/daftar-koperasi`` page.) A cooperative's own token reaches none of these routes."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from market import service as market
from market.errors import InvalidInput
from market.http import api_actor
from market.openapi import responses_for
from market.schemas import CooperativeOut, TokenOut
from market.service import Actor
from market.types import Id
from onboarding import service
from onboarding.errors import ChecklistIncomplete, WrongState
from onboarding.models import ApplicationState, CheckItem
from onboarding.schemas import ApplicationOut, ApplicationRow, AuditOut, Reason

router = APIRouter(prefix="/api/v1", tags=["onboarding"])
ActorDep = Annotated[Actor, Depends(api_actor)]


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    checked: bool


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason


class StatusIn(BaseModel):
    """Suspend an active cooperative (with the reason it is shown) or make it active again. A
    cooperative that registered itself is verified by approving its application (the checklist),
    never here."""

    model_config = ConfigDict(extra="forbid")
    status: Literal["active", "suspended"]
    reason: Annotated[str, Field(max_length=2000)] = ""


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=100)]
    scopes: Annotated[list[str], Field(min_length=1, max_length=20)]


class TokenCreated(BaseModel):
    token: str = Field(description="the bearer token: shown in this answer only, never again")
    details: TokenOut


@router.get("/operator/applications", response_model=list[ApplicationRow])
async def applications(actor: ActorDep, state: ApplicationState | None = ApplicationState.SUBMITTED):
    return await service.queue(actor=actor, state=state)


@router.get("/operator/applications/{application_id}", response_model=ApplicationOut)
async def application(application_id: Id, actor: ActorDep):
    return await service.review(application_id, actor=actor)


@router.put(
    "/operator/applications/{application_id}/checks/{item}",
    response_model=ApplicationOut,
    responses=responses_for(WrongState),
)
async def set_check(application_id: Id, item: CheckItem, body: CheckIn, actor: ActorDep):
    return await service.set_check(application_id, item, body.checked, actor=actor)


@router.post(
    "/operator/applications/{application_id}/approve",
    response_model=ApplicationOut,
    responses=responses_for(WrongState, ChecklistIncomplete),
)
async def approve(application_id: Id, actor: ActorDep):
    return await service.approve(application_id, actor=actor)


@router.post(
    "/operator/applications/{application_id}/request-changes",
    response_model=ApplicationOut,
    responses=responses_for(WrongState),
)
async def request_changes(application_id: Id, body: ReasonIn, actor: ActorDep):
    return await service.request_changes(application_id, body.reason, actor=actor)


@router.post(
    "/cooperatives/{coop_id}/status", response_model=CooperativeOut, responses=responses_for(WrongState, InvalidInput)
)
async def set_status(coop_id: Id, body: StatusIn, actor: ActorDep):
    """The operator suspends or reinstates a cooperative, written in its audit log."""
    if body.status == "suspended":
        return await service.suspend(coop_id, body.reason, actor=actor)
    return await service.reinstate(coop_id, actor=actor)


@router.get("/cooperatives/{coop_id}/audit", response_model=list[AuditOut])
async def audit_log(coop_id: Id, actor: ActorDep):
    market.require_coop(actor, coop_id, roles=service.access.MANAGERS)
    return await service.history(coop_id)


@router.get("/cooperatives/{coop_id}/api-tokens", response_model=list[TokenOut])
async def list_tokens(coop_id: Id, actor: ActorDep):
    return await service.tokens(coop_id, actor=actor)


@router.post("/cooperatives/{coop_id}/api-tokens", response_model=TokenCreated, status_code=201)
async def create_token(coop_id: Id, body: TokenIn, actor: ActorDep):
    token, details = await service.create_token(coop_id, name=body.name, scopes=body.scopes, actor=actor)
    return TokenCreated(token=token, details=details)


@router.delete("/cooperatives/{coop_id}/api-tokens/{token_id}", response_model=TokenOut)
async def revoke_token(coop_id: Id, token_id: Id, actor: ActorDep):
    return await service.revoke_token(coop_id, token_id, actor=actor)
