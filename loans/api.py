"""JSON API of loans under ``/api/v1/cooperatives/{id}/loans``: products, applications, the
board's decision, disbursement and payments (``Idempotency-Key``), arrears and the portfolio.
Rules live in ``loans.service``; another cooperative's staff are answered 404."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import Response

from loans import errors
from loans import service as loans
from loans.schemas import (
    ApplicationIn,
    ArrearsRow,
    BankRepayIn,
    CreditLineIn,
    CreditLineOut,
    DecisionIn,
    DisburseIn,
    DrawIn,
    LoanDetail,
    LoanOut,
    MonthlyReport,
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
# What paying an instalment can answer (the loans' and the murabahah contracts' routes alike).
PAY_ERRORS = (
    errors.AlreadyPaid,
    errors.InvalidLoan,
    InsufficientBalance,
    PinNotSet,
    PinWrong,
    PinLocked,
    *STATE,
    *IDEMPOTENCY_ERRORS,
)


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
    responses=responses_for(
        errors.CeilingExceeded,
        errors.InvalidLoan,
        errors.ProductNotFound,
        errors.CreditLineNotFound,
        NotFound,
        Forbidden,
    ),
)
async def apply(coop_id: Id, data: ApplicationIn, actor: ActorDep):
    return await loans.apply(actor, coop_id, data)


@router.get("/arrears", response_model=list[ArrearsRow], responses=responses_for(NotFound, Forbidden))
async def arrears(coop_id: Id, actor: ActorDep, as_of: date | None = None, late_only: bool = True):
    return await loans.arrears(actor, coop_id, as_of, late_only=late_only)


@router.get("/portfolio", response_model=Portfolio, responses=responses_for(NotFound, Forbidden))
async def portfolio(coop_id: Id, actor: ActorDep, as_of: Annotated[date | None, Query()] = None):
    return await loans.portfolio(coop_id, as_of, actor=actor)


FILES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}, "application/pdf": {"schema": {"type": "string"}}}}
}
Month = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM (default this month)")]
Format = Annotated[Literal["json", "csv", "pdf"], Query(description="json (default), csv or pdf (A4, to sign)")]


@router.get(
    "/report",
    response_model=MonthlyReport,
    responses={**FILES, **responses_for(errors.InvalidLoan, NotFound, Forbidden)},
)
async def report(coop_id: Id, actor: ActorDep, month: Month = None, format: Format = "json"):
    """The monthly loan report (the cooperative's calendar month), or its CSV / PDF file."""
    found = await loans.monthly_report(actor, coop_id, month)
    if format == "json":
        return found
    filename = f"laporan-pinjaman-{coop_id}-{found.month}.{format}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == "csv":
        return Response(loans.report_csv(found), media_type="text/csv; charset=utf-8", headers=disposition)
    return Response(await loans.report_pdf(found), media_type="application/pdf", headers=disposition)


LINE = (errors.CreditLineNotFound, NotFound, Forbidden)


@router.get("/credit-lines", response_model=list[CreditLineOut], responses=responses_for(NotFound, Forbidden))
async def credit_lines(coop_id: Id, actor: ActorDep):
    """The bank credit lines channelled through the cooperative, each with its position."""
    return await loans.credit_lines(actor, coop_id)


@router.post(
    "/credit-lines", response_model=CreditLineOut, status_code=201, responses=responses_for(NotFound, Forbidden)
)
async def open_credit_line(coop_id: Id, data: CreditLineIn, actor: ActorDep):
    return await loans.open_credit_line(actor, coop_id, data)


@router.get("/credit-lines/{line_id}", response_model=CreditLineOut, responses=responses_for(*LINE))
async def credit_line(coop_id: Id, line_id: Id, actor: ActorDep):
    return await loans.credit_line(actor, coop_id, line_id)


@router.post(
    "/credit-lines/{line_id}/drawdowns",
    response_model=CreditLineOut,
    status_code=201,
    responses=responses_for(errors.CeilingExceeded, *LINE, *IDEMPOTENCY_ERRORS),
)
async def draw(coop_id: Id, line_id: Id, data: DrawIn, actor: ActorDep, key: IdemKey = None):
    return await loans.draw(actor, coop_id, line_id, data, idempotency_key=key)


@router.post(
    "/credit-lines/{line_id}/repayments",
    response_model=CreditLineOut,
    status_code=201,
    responses=responses_for(errors.InvalidLoan, InsufficientBalance, *LINE, *IDEMPOTENCY_ERRORS),
)
async def repay_bank(coop_id: Id, line_id: Id, data: BankRepayIn, actor: ActorDep, key: IdemKey = None):
    return await loans.repay_bank(actor, coop_id, line_id, data, idempotency_key=key)


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
    responses=responses_for(InsufficientBalance, errors.CeilingExceeded, *STATE, *IDEMPOTENCY_ERRORS),
)
async def disburse(coop_id: Id, loan_id: Id, data: DisburseIn, actor: ActorDep, key: IdemKey = None):
    return await loans.disburse(actor, coop_id, loan_id, data, idempotency_key=key)


@router.post("/{loan_id}/payments", response_model=PaymentOut, status_code=201, responses=responses_for(*PAY_ERRORS))
async def pay(coop_id: Id, loan_id: Id, data: PayIn, actor: ActorDep, key: IdemKey = None):
    return await loans.pay(actor, coop_id, loan_id, data, idempotency_key=key)
