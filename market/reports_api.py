"""JSON API of a cooperative's financial statements under /api/v1/cooperatives/{id}/reports/…

Each takes its period in the query (``from``, ``to``; ``at`` for the balance sheet; ``account``
and optionally ``member`` for the ledger), by default this fiscal year to date in the
cooperative's time zone, and answers JSON, or with ``format=csv`` a CSV file, or with
``format=pdf`` an A4 PDF ready to sign. Readers: the cooperative's manager and cashiers, the
operator, and its members (read only: the books are theirs to see).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from market import chart, service
from market.clock import today_in
from market.csvfile import to_csv
from market.errors import InvalidInput
from market.http import api_actor
from market.openapi import responses_for
from market.service import Actor, statements
from market.statement_pdf import to_pdf
from market.statement_schemas import (
    BalanceSheet,
    CashFlow,
    EquityStatement,
    GeneralLedger,
    IncomeStatement,
    TrialBalance,
)
from market.statement_tables import Statement, csv_rows, table_of
from market.types import Id

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}/reports", tags=["reports"])
ActorDep = Annotated[Actor, Depends(api_actor)]
READERS = service.users.STAFF_ROLES | {service.Role.MEMBER}
PER_MEMBER_NUMBERS = chart.PER_MEMBER_NUMBERS
From = Annotated[date | None, Query(alias="from", description="first day (default 1 January of this year)")]
To = Annotated[date | None, Query(alias="to", description="last day (default today, cooperative's time zone)")]
Format = Annotated[Literal["json", "csv", "pdf"], Query(description="json (default), csv or pdf (A4, to sign)")]
FILES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}, "application/pdf": {"schema": {"type": "string"}}}}
}
RESPONSES = {**FILES, **responses_for(InvalidInput)}


def may_read(actor: Actor, coop_id: int) -> None:
    service.require_coop(actor, coop_id, roles=READERS)


async def answer(statement: Statement, fmt: str, name: str) -> Any:
    """The statement itself (JSON), or its file: ``<name>-<coop>-<from>-<to>.csv|pdf``."""
    if fmt == "json":
        return statement
    h = statement.heading
    filename = f"{name}-{h.cooperative_id}-{h.date_from}-{h.date_to}.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    table = table_of(statement)
    if fmt == "csv":
        return Response(to_csv(csv_rows(table)), media_type="text/csv; charset=utf-8", headers=disposition)
    coop = await service.get_cooperative(h.cooperative_id)
    printed_on = today_in(coop)  # the cooperative's day, not the server's
    return Response(to_pdf(table, printed_on=printed_on), media_type="application/pdf", headers=disposition)


@router.get("/trial-balance", response_model=TrialBalance, responses=RESPONSES)
async def trial_balance(coop_id: Id, actor: ActorDep, start: From = None, end: To = None, format: Format = "json"):
    may_read(actor, coop_id)
    return await answer(await statements.trial_balance(coop_id, start, end), format, "neraca-saldo")


@router.get("/balance-sheet", response_model=BalanceSheet, responses=RESPONSES)
async def balance_sheet(
    coop_id: Id,
    actor: ActorDep,
    at: Annotated[date | None, Query(description="the date (default today)")] = None,
    format: Format = "json",
):
    may_read(actor, coop_id)
    return await answer(await statements.balance_sheet(coop_id, at), format, "neraca")


@router.get("/income-statement", response_model=IncomeStatement, responses=RESPONSES)
async def income_statement(coop_id: Id, actor: ActorDep, start: From = None, end: To = None, format: Format = "json"):
    may_read(actor, coop_id)
    return await answer(await statements.income_statement(coop_id, start, end), format, "phu")


@router.get("/equity", response_model=EquityStatement, responses=RESPONSES)
async def equity(coop_id: Id, actor: ActorDep, start: From = None, end: To = None, format: Format = "json"):
    may_read(actor, coop_id)
    return await answer(await statements.equity_statement(coop_id, start, end), format, "perubahan-ekuitas")


@router.get("/cash-flow", response_model=CashFlow, responses=RESPONSES)
async def cash_flow(coop_id: Id, actor: ActorDep, start: From = None, end: To = None, format: Format = "json"):
    may_read(actor, coop_id)
    return await answer(await statements.cash_flow(coop_id, start, end), format, "arus-kas")


@router.get("/ledger", response_model=GeneralLedger, responses=RESPONSES)
async def ledger(
    coop_id: Id,
    actor: ActorDep,
    account: Annotated[str, Query(min_length=1, max_length=60, description="account number, e.g. 1101")],
    member: Annotated[int | None, Query(ge=1, description="one member's sub-account")] = None,
    start: From = None,
    end: To = None,
    format: Format = "json",
):
    may_read(actor, coop_id)
    if actor.role == service.Role.MEMBER and account in PER_MEMBER_NUMBERS:
        member = actor.member_id  # a member reads their own savings and wallet, not another's
    found = await statements.general_ledger(coop_id, account, start, end, member_id=member)
    return await answer(found, format, f"buku-besar-{account}")
