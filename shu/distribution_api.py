"""JSON API of the SHU distribution under /api/v1/cooperatives/{id}: run it (the manager, the
operator), its status and progress, the report (CSV, A4 PDF), a cashier paying a cash share, and a
member's SHU by year. Rules live in ``shu.service``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path
from fastapi.responses import Response

from market.errors import Forbidden, NotFound
from market.http import api_actor
from market.openapi import responses_for
from market.service import Actor, require_coop, require_member_self
from market.types import BigId, Id
from shu import service
from shu.distribution_errors import CreditNotFound, NotApproved, NotCash
from shu.distribution_schemas import CreditOut, DistributionOut, HistoryYear

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}", tags=["shu"])
ActorDep = Annotated[Actor, Depends(api_actor)]
Year = Annotated[int, Path(ge=2000, le=2100)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
FILES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}, "application/pdf": {"schema": {"type": "string"}}}},
    **responses_for(NotApproved),  # no approved (or distributed) proposal for that year yet
}


@router.post(
    "/shu/{year}/distribution",
    response_model=DistributionOut,
    responses=responses_for(NotApproved, Forbidden, NotFound),
)
async def distribute(coop_id: Id, year: Year, actor: ActorDep, idempotency_key: IdemKey = None) -> DistributionOut:
    """Distribute the year's approved proposal, once. Running it again (with the same
    Idempotency-Key or none) answers the same distribution and books nothing twice; a run that
    stopped half-way is resumed."""
    return await service.distribute(coop_id, year, actor=actor)


@router.get("/shu/{year}/distribution", response_model=DistributionOut, responses=responses_for(NotApproved))
async def distribution_status(coop_id: Id, year: Year, actor: ActorDep) -> DistributionOut:
    """Status (not_started / running / finished), members credited of those with a share, cash
    shares paid and unpaid, and the funds' balances."""
    require_coop(actor, coop_id)
    return await service.distribution_status(coop_id, year)


def _file(content: str | bytes, media: str, name: str) -> Response:
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/shu/{year}/distribution.csv", responses=FILES)
async def report_csv(coop_id: Id, year: Year, actor: ActorDep) -> Response:
    """The distribution report: each member's number, name, jasa usaha, jasa modal, total, method, status."""
    text = await service.report_csv(coop_id, year, actor=actor)
    return _file(text, "text/csv; charset=utf-8", f"pembagian-shu-{coop_id}-{year}.csv")


@router.get("/shu/{year}/distribution.pdf", responses=FILES)
async def report_pdf(coop_id: Id, year: Year, actor: ActorDep) -> Response:
    """The distribution report as an A4 PDF ready to sign."""
    pdf = await service.report_pdf(coop_id, year, actor=actor)
    return _file(pdf, "application/pdf", f"pembagian-shu-{coop_id}-{year}.pdf")


@router.get("/shu-cash-credits", response_model=list[CreditOut])
async def cash_credits(coop_id: Id, actor: ActorDep, unpaid: bool = False) -> list[CreditOut]:
    """The cash shares waiting at the counter (``unpaid=true``) or all of them."""
    return await service.cash_credits(coop_id, actor=actor, unpaid_only=unpaid)


@router.post(
    "/shu/{year}/distribution/credits/{credit_id}/pay",
    response_model=CreditOut,
    responses=responses_for(CreditNotFound, NotCash, Forbidden),
)
async def pay_cash(coop_id: Id, year: Year, credit_id: BigId, actor: ActorDep) -> CreditOut:
    """A cashier pays a member's cash share at the counter, once (a second call answers the same payment)."""
    return await service.pay_cash(coop_id, credit_id, actor=actor)


@router.get("/members/{member_id}/shu-history", response_model=list[HistoryYear])
async def shu_history(coop_id: Id, member_id: Id, actor: ActorDep) -> list[HistoryYear]:
    """The member's SHU by fiscal year, newest first: state, jasa usaha, jasa modal, total, how it was paid."""
    require_member_self(actor, coop_id, member_id)
    return await service.member_history(coop_id, member_id)
