"""JSON API of a syariah cooperative's savings under ``/api/v1/cooperatives/{id}/mudharabah``
(products, balances, cash movements with ``Idempotency-Key``, the monthly bagi hasil), its wadiah
bonus, and its zakat and dana kebajikan reports. Rules live in ``syariah.service``; a conventional
cooperative is answered 409, another cooperative's staff 404."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query

from market.errors import Conflict, Forbidden, InsufficientBalance, InvalidInput, NotFound
from market.http import api_actor
from market.openapi import IDEMPOTENCY_ERRORS, responses_for
from market.service import Actor
from market.types import Id
from syariah import errors
from syariah import service as syariah
from syariah.schemas import (
    BalanceOut,
    BonusIn,
    FundReport,
    MemberShareOut,
    MovementIn,
    ProductIn,
    ProductOut,
    RunIn,
    RunOut,
)

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}", tags=["syariah"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=150)]
BASE = (errors.NotSyariah, Forbidden, NotFound)
RUN = (errors.MonthNotOver, errors.ProductNotFound, InvalidInput, *BASE)


@router.get("/mudharabah/products", response_model=list[ProductOut], responses=responses_for(*BASE))
async def products(coop_id: Id, actor: ActorDep):
    return await syariah.list_products(actor, coop_id)


@router.post(
    "/mudharabah/products",
    response_model=ProductOut,
    status_code=201,
    responses=responses_for(errors.InvalidProduct, Conflict, *BASE),
)
async def create_product(coop_id: Id, data: ProductIn, actor: ActorDep):
    return await syariah.create_product(actor, coop_id, data)


@router.get("/mudharabah/balances", response_model=list[BalanceOut], responses=responses_for(*BASE))
async def balances(coop_id: Id, actor: ActorDep, member_id: Annotated[int | None, Query(ge=1)] = None):
    return await syariah.balances(actor, coop_id, member_id=member_id)


@router.post(
    "/mudharabah/deposits",
    response_model=BalanceOut,
    status_code=201,
    responses=responses_for(errors.ProductNotFound, Conflict, *BASE, *IDEMPOTENCY_ERRORS),
)
async def deposit(coop_id: Id, data: MovementIn, actor: ActorDep, key: IdemKey = None):
    return await syariah.move(actor, coop_id, data, idempotency_key=key)


@router.post(
    "/mudharabah/withdrawals",
    response_model=BalanceOut,
    status_code=201,
    responses=responses_for(errors.ProductNotFound, InsufficientBalance, *BASE, *IDEMPOTENCY_ERRORS),
)
async def withdraw(coop_id: Id, data: MovementIn, actor: ActorDep, key: IdemKey = None):
    return await syariah.move(actor, coop_id, data, withdraw=True, idempotency_key=key)


@router.get("/mudharabah/runs", response_model=list[RunOut], responses=responses_for(*BASE))
async def runs(coop_id: Id, actor: ActorDep, product_id: Annotated[int | None, Query(ge=1)] = None):
    return await syariah.runs(actor, coop_id, product_id=product_id)


@router.post(
    "/mudharabah/products/{product_id}/runs", response_model=RunOut, status_code=201, responses=responses_for(*RUN)
)
async def share_out(coop_id: Id, product_id: Id, data: RunIn, actor: ActorDep):
    """Share a month that has ended; asking again for the same month answers the first run."""
    return await syariah.share_out(actor, coop_id, product_id, data)


@router.get("/mudharabah/runs/{run_id}", response_model=RunOut, responses=responses_for(errors.RunNotFound, *BASE))
async def run(coop_id: Id, run_id: Id, actor: ActorDep):
    return await syariah.get_run(actor, coop_id, run_id)


@router.get("/members/{member_id}/bagi-hasil", response_model=list[MemberShareOut], responses=responses_for(*BASE))
async def member_shares(coop_id: Id, member_id: Id, actor: ActorDep):
    return await syariah.member_shares(actor, coop_id, member_id)


@router.post("/wadiah/bonus", response_model=RunOut, status_code=201, responses=responses_for(*RUN))
async def bonus(coop_id: Id, data: BonusIn, actor: ActorDep):
    return await syariah.give_bonus(actor, coop_id, data)


@router.get("/syariah/funds/{fund}", response_model=FundReport, responses=responses_for(InvalidInput, *BASE))
async def fund_report(
    coop_id: Id,
    fund: Literal["zakat", "kebajikan"],
    actor: ActorDep,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
):
    return await syariah.fund_report(actor, coop_id, fund, date_from, date_to)
