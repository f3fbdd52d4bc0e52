"""JSON API of loans under ``/api/v1/cooperatives/{id}/loans``: products, applications, the
board's decision, disbursement and payments (``Idempotency-Key``), arrears and the portfolio.
Rules live in ``loans.service``; another cooperative's staff are answered 404."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query

from loans import errors
from loans import service as loans
from loans.schemas import (
    ApplicationIn,
    ArrearsRow,
    DecisionIn,
    DisburseIn,
    LoanDetail,
    LoanOut,
    PayIn,
    PaymentOut,
    Portfolio,
    ProductIn,
    ProductOut,
    StatusName,
)
from market import service as market
from market.errors import Forbidden, InsufficientBalance, NotFound
from market.http import api_actor
from market.openapi import IDEMPOTENCY_ERRORS, responses_for
from market.service import Actor
from market.types import Id
from payments.errors import PinLocked, PinNotSet, PinWrong

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}/loans", tags=["loans"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=150)]
STATE = (errors.LoanNotFound, errors.WrongState, Forbidden, NotFound)


@router.get("/products", response_model=list[ProductOut], responses=responses_for(NotFound, Forbidden))
async def products(coop_id: Id, actor: ActorDep):
    return await loans.list_products(actor, coop_id)


@router.post("/products", response_model=ProductOut, status_code=201, responses=responses_for(NotFound, Forbidden))
async def create_product(coop_id: Id, data: ProductIn, actor: ActorDep):
    return await loans.create_product(actor, coop_id, data)


@router.get("", response_model=list[LoanOut], responses=responses_for(NotFound, Forbidden))
async def list_loans(coop_id: Id, actor: ActorDep, status: StatusName | None = None):
    if actor.role == market.Role.MEMBER:
        return await loans.member_loans(actor, coop_id, actor.member_id or 0)
    return await loans.list_loans(actor, coop_id, status=status)


@router.post(
    "",
    response_model=LoanOut,
    status_code=201,
    responses=responses_for(errors.CeilingExceeded, errors.InvalidLoan, errors.ProductNotFound, NotFound, Forbidden),
)
async def apply(coop_id: Id, data: ApplicationIn, actor: ActorDep):
    return await loans.apply(actor, coop_id, data)


@router.get("/arrears", response_model=list[ArrearsRow], responses=responses_for(NotFound, Forbidden))
async def arrears(coop_id: Id, actor: ActorDep, as_of: date | None = None, late_only: bool = True):
    return await loans.arrears(actor, coop_id, as_of, late_only=late_only)


@router.get("/portfolio", response_model=Portfolio, responses=responses_for(NotFound, Forbidden))
async def portfolio(coop_id: Id, actor: ActorDep, as_of: Annotated[date | None, Query()] = None):
    return await loans.portfolio(coop_id, as_of, actor=actor)


@router.get("/{loan_id}", response_model=LoanDetail, responses=responses_for(*STATE))
async def detail(coop_id: Id, loan_id: Id, actor: ActorDep):
    return await loans.loan_detail(actor, coop_id, loan_id)


@router.post(
    "/{loan_id}/decision",
    response_model=LoanOut,
    responses=responses_for(errors.SelfApproval, errors.InvalidLoan, *STATE),
)
async def decide(coop_id: Id, loan_id: Id, data: DecisionIn, actor: ActorDep):
    return await loans.decide(actor, coop_id, loan_id, data)


@router.post(
    "/{loan_id}/disbursement",
    response_model=LoanOut,
    responses=responses_for(InsufficientBalance, *STATE, *IDEMPOTENCY_ERRORS),
)
async def disburse(coop_id: Id, loan_id: Id, data: DisburseIn, actor: ActorDep, key: IdemKey = None):
    return await loans.disburse(actor, coop_id, loan_id, data, idempotency_key=key)


@router.post(
    "/{loan_id}/payments",
    response_model=PaymentOut,
    status_code=201,
    responses=responses_for(
        errors.AlreadyPaid,
        errors.InvalidLoan,
        InsufficientBalance,
        PinNotSet,
        PinWrong,
        PinLocked,
        *STATE,
        *IDEMPOTENCY_ERRORS,
    ),
)
async def pay(coop_id: Id, loan_id: Id, data: PayIn, actor: ActorDep, key: IdemKey = None):
    return await loans.pay(actor, coop_id, loan_id, data, idempotency_key=key)
