"""JSON API of the core under /api/v1: cooperatives, members, savings, live SHU, books."""

from __future__ import annotations

from dataclasses import fields
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel

from market import service
from market.errors import Conflict, InsufficientBalance, SavingsLocked
from market.http import api_actor
from market.models import CoopStatus
from market.openapi import IDEMPOTENCY_ERRORS, responses_for
from market.schemas import (
    CooperativeIn,
    CooperativeOut,
    CooperativeUpdate,
    MemberIn,
    MemberOut,
    MemberUpdate,
    SavingsMovementIn,
    SavingsOut,
    ShuOut,
)
from market.service import Actor
from market.types import Id, Offset

router = APIRouter(prefix="/api/v1", tags=["core"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]


def _savings_out(s) -> SavingsOut:
    return SavingsOut(pokok=s.pokok, wajib=s.wajib, sukarela=s.sukarela, total=s.total)


@router.get("/cooperatives", response_model=list[CooperativeOut])
async def list_cooperatives(actor: ActorDep, status: CoopStatus | None = None, q: str = ""):
    ids = actor.scope_ids if actor.is_operator else [actor.cooperative_id or 0]
    return await service.list_cooperatives(status=status, ids=ids, q=q)


@router.post("/cooperatives", response_model=CooperativeOut, status_code=201, responses=responses_for(Conflict))
async def create_cooperative(body: CooperativeIn, actor: ActorDep):
    service.require_national_operator(actor)
    return await service.create_cooperative(body)


@router.get("/cooperatives/{coop_id}", response_model=CooperativeOut)
async def get_cooperative(coop_id: Id, actor: ActorDep):
    service.require_coop(actor, coop_id, roles=service.users.STAFF_ROLES)
    return await service.get_cooperative(coop_id)


@router.patch("/cooperatives/{coop_id}", response_model=CooperativeOut)
async def update_cooperative(coop_id: Id, body: CooperativeUpdate, actor: ActorDep):
    service.require_coop(actor, coop_id, roles=frozenset({service.users.Role.MANAGER}))
    return await service.update_cooperative(coop_id, body)


@router.get("/cooperatives/{coop_id}/members", response_model=list[MemberOut])
async def list_members(
    coop_id: Id,
    actor: ActorDep,
    q: str = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[Offset, Query()] = 0,
):
    service.require_coop(actor, coop_id)
    return [service.member_out(m) for m in await service.list_members(coop_id, q=q, limit=limit, offset=offset)]


@router.post(
    "/cooperatives/{coop_id}/members", response_model=MemberOut, status_code=201, responses=responses_for(Conflict)
)
async def add_member(coop_id: Id, body: MemberIn, actor: ActorDep):
    service.require_coop(actor, coop_id, roles=frozenset({service.users.Role.MANAGER}))
    return service.member_out(await service.add_member(coop_id, body))


@router.get("/cooperatives/{coop_id}/members/{member_id}", response_model=MemberOut)
async def get_member(coop_id: Id, member_id: Id, actor: ActorDep):
    service.require_member_self(actor, coop_id, member_id)
    return service.member_out(await service.get_member(coop_id, member_id))


@router.patch("/cooperatives/{coop_id}/members/{member_id}", response_model=MemberOut)
async def update_member(coop_id: Id, member_id: Id, body: MemberUpdate, actor: ActorDep):
    service.require_coop(actor, coop_id, roles=frozenset({service.users.Role.MANAGER}))
    return service.member_out(await service.update_member(coop_id, member_id, body))


@router.get("/cooperatives/{coop_id}/members/{member_id}/savings", response_model=SavingsOut)
async def get_savings(coop_id: Id, member_id: Id, actor: ActorDep):
    service.require_member_self(actor, coop_id, member_id)
    return _savings_out(await service.savings_of(coop_id, member_id))


@router.post(
    "/cooperatives/{coop_id}/members/{member_id}/savings/deposits",
    response_model=SavingsOut,
    status_code=201,
    responses=responses_for(Conflict, *IDEMPOTENCY_ERRORS),
)
async def deposit(
    coop_id: Id, member_id: Id, body: SavingsMovementIn, actor: ActorDep, idempotency_key: IdemKey = None
):
    service.require_coop(actor, coop_id)
    return _savings_out(
        await service.deposit(coop_id, member_id, body, idempotency_key=idempotency_key, actor_id=actor.user_id)
    )


@router.post(
    "/cooperatives/{coop_id}/members/{member_id}/savings/withdrawals",
    response_model=SavingsOut,
    status_code=201,
    responses=responses_for(SavingsLocked, InsufficientBalance, Conflict, *IDEMPOTENCY_ERRORS),
)
async def withdraw(
    coop_id: Id, member_id: Id, body: SavingsMovementIn, actor: ActorDep, idempotency_key: IdemKey = None
):
    service.require_coop(actor, coop_id)
    return _savings_out(
        await service.withdraw(coop_id, member_id, body, idempotency_key=idempotency_key, actor_id=actor.user_id)
    )


def _shu_out(explained) -> ShuOut:
    c, m = explained.coop, explained.mine
    return ShuOut(
        **{f.name: getattr(c, f.name) for f in fields(c) if f.name in ShuOut.model_fields},
        member_id=m.member_id,
        weight=m.weight,
        weight_by_kind=m.by_kind,
        capital=m.capital,
        jasa_usaha=m.jasa_usaha,
        jasa_modal=m.jasa_modal,
        total=m.total,
        entries=[vars(e) for e in explained.entries],
    )


@router.get("/cooperatives/{coop_id}/members/{member_id}/shu", response_model=ShuOut)
async def member_shu(coop_id: Id, member_id: Id, actor: ActorDep):
    service.require_member_self(actor, coop_id, member_id)
    return _shu_out(await service.member_shu(coop_id, member_id))


@router.get("/cooperatives/{coop_id}/trial-balance", response_model=list[service.TrialBalanceRow])
async def trial_balance(coop_id: Id, actor: ActorDep):
    service.require_coop(actor, coop_id, roles=frozenset({service.users.Role.MANAGER}))
    return [r.__dict__ for r in await service.trial_balance(coop_id)]


class MeOut(BaseModel):
    user_id: int
    email: str
    role: str
    cooperative_id: int | None
    member_id: int | None


@router.get("/me", response_model=MeOut)
async def me(actor: ActorDep):
    return MeOut(
        user_id=actor.user_id,
        email=actor.email,
        role=str(actor.role),
        cooperative_id=actor.cooperative_id,
        member_id=actor.member_id,
    )


health = APIRouter(tags=["health"])


@health.get("/healthz")
async def healthz():
    return {"status": "ok"}


@health.get("/readyz")
async def readyz(request: Request):
    from market import db

    try:
        await db.execute("SELECT 1 AS ok")
    except Exception as exc:  # the database is down or unreachable
        from market.http import problem

        return problem(503, "not_ready", "Belum siap", f"database: {type(exc).__name__}")
    return {"status": "ready", "database": db.dialect()}
