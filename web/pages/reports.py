"""The cooperative's financial statements as pages: one page per statement with a period
picker, the table readable on a phone (it scrolls inside its card), and links to the same
statement as CSV and as a PDF to sign. Readers: the cooperative's staff, the operator, and its
members (read only — the books are theirs to see)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, Request

from market import chart, service
from market.errors import InvalidInput, NotFound
from market.service import Actor, statements
from market.statement_pdf import amount
from market.statement_schemas import BalanceSheet, GeneralLedger, TrialBalance
from market.statement_tables import table_of
from market.types import Id
from web.i18n import N_
from web.render import page
from web.routing import may, page_router, signed_in

router = page_router()
READERS = service.users.STAFF_ROLES | {service.Role.MEMBER}

# URL slug → (title, API name, the query it takes: "period", "at" or "ledger").
STATEMENTS: dict[str, tuple[str, str, str]] = {
    "neraca-saldo": (N_("Neraca saldo"), "trial-balance", "period"),
    "neraca": (N_("Neraca (posisi keuangan)"), "balance-sheet", "at"),
    "phu": (N_("Perhitungan hasil usaha (PHU)"), "income-statement", "period"),
    "ekuitas": (N_("Perubahan ekuitas"), "equity", "period"),
    "arus-kas": (N_("Arus kas"), "cash-flow", "period"),
    "buku-besar": (N_("Buku besar"), "ledger", "ledger"),
}
ACCOUNTS = [(a.number, a.name) for a in chart.COOP_CHART]
PER_MEMBER_NUMBERS = chart.PER_MEMBER_NUMBERS


def _day(value: str, field: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(N_("Tanggal tidak valid"), field=field) from None


async def _statement(coop_id: int, kind: str, query: dict[str, str], actor: Actor):
    """The statement asked for, and the API query that gives the same one as a file."""
    start, end = _day(query.get("dari", ""), "dari"), _day(query.get("sampai", ""), "sampai")
    if kind == "neraca":
        found: Any = await statements.balance_sheet(coop_id, end)
        return found, {"at": found.at.isoformat()}
    if kind == "buku-besar":
        number = query.get("akun", "1101").strip() or "1101"
        member = actor.member_id if actor.role == service.Role.MEMBER and number in PER_MEMBER_NUMBERS else None
        found = await statements.general_ledger(coop_id, number, start, end, member_id=member)
        api = {"account": number, **({"member": str(member)} if member else {})}
    else:
        call = {
            "neraca-saldo": statements.trial_balance,
            "phu": statements.income_statement,
            "ekuitas": statements.equity_statement,
            "arus-kas": statements.cash_flow,
        }[kind]
        found = await call(coop_id, start, end)
        api = {}
    h = found.heading
    return found, {**api, "from": h.date_from.isoformat(), "to": h.date_to.isoformat()}


@router.get("/koperasi/{coop_id}/laporan")
async def report_index(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=READERS)
    coop = await service.get_cooperative(coop_id)
    staff = may(actor, coop_id, service.users.STAFF_ROLES)
    return page(request, "reports/index.html", {"coop": coop, "statements": STATEMENTS, "inventory": staff})


@router.get("/koperasi/{coop_id}/laporan/{kind}")
async def report_page(request: Request, coop_id: Id, kind: str, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=READERS)
    if kind not in STATEMENTS:
        raise NotFound(N_("Laporan tidak ditemukan"))
    coop = await service.get_cooperative(coop_id)
    query = {k: str(v)[:40] for k, v in request.query_params.items()}
    found, api_query = await _statement(coop_id, kind, query, actor)
    title, api_name, takes = STATEMENTS[kind]
    api = f"/api/v1/cooperatives/{coop_id}/reports/{api_name}?"
    ctx = {
        "coop": coop,
        "kind": kind,
        "title": title,
        "takes": takes,
        "statements": STATEMENTS,
        "table": table_of(found),
        "statement": found,
        "amount": amount,
        "accounts": ACCOUNTS,
        "account": api_query.get("account", ""),
        "csv_url": api + urlencode({**api_query, "format": "csv"}),
        "pdf_url": api + urlencode({**api_query, "format": "pdf"}),
        "balanced": _balanced(found),
        "entry_links": _entry_links(found, coop_id, actor),
    }
    return page(request, "reports/statement.html", ctx, block="statement", oob=["tabs"])


def _balanced(found: Any) -> bool | None:
    """Whether the statement's own check holds (shown as a note under the table)."""
    if isinstance(found, BalanceSheet):
        return found.total_assets == found.total_liabilities + found.total_equity
    if isinstance(found, TrialBalance):
        return found.total_debit == found.total_credit
    return None


def _entry_links(found: Any, coop_id: int, actor: Actor) -> dict[str, int]:
    """The buku besar's references that open their journal entry, for who may read the journal."""
    if not isinstance(found, GeneralLedger) or not may(actor, coop_id):
        return {}
    return {r.reference: r.entry_id for r in found.rows}
