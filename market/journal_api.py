"""JSON API of a cooperative's own bookkeeping under /api/v1/cooperatives/{id}: manual journal
entries (with a receipt photo), reversals, closed months, the chart of accounts, and the opening
balances import (three CSV files). Rules live in ``market.service.journal``."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, UploadFile
from fastapi.responses import FileResponse, PlainTextResponse, Response
from pydantic import ValidationError

from market.errors import Conflict, DomainError, InsufficientBalance, InvalidInput, NotFound, PeriodLocked
from market.http import api_actor
from market.openapi import IDEMPOTENCY_ERRORS, csv_body, responses_for
from market.service import Actor, journal
from market.service.users import require_coop
from market.types import BigId, Id, Offset

router = APIRouter(prefix="/api/v1/cooperatives/{coop_id}", tags=["books"])
ActorDep = Annotated[Actor, Depends(api_actor)]
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
POST_ERRORS: tuple[type[DomainError], ...] = (
    journal.EntryNotBalanced,
    PeriodLocked,
    InsufficientBalance,
    *IDEMPOTENCY_ERRORS,
)


def _receipts(request: Request):
    return journal.receipts_dir(request.app.state.settings.media_dir)


@router.get("/journal", response_model=list[journal.EntryOut])
async def list_entries(
    coop_id: Id,
    actor: ActorDep,
    start: date | None = None,
    end: date | None = None,
    source: Annotated[str | None, Query(pattern="^(|manual|opening|reversal|adjustment)$")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[Offset, Query()] = 0,
):
    """The cooperative's journal, newest first: entries with postings in its book booked between
    *start* and *end* (inclusive), of one *source* ("" for what the flows booked)."""
    require_coop(actor, coop_id, roles=journal.MANAGERS)
    return await journal.list_entries(coop_id, start=start, end=end, source=source, limit=limit, offset=offset)


@router.post(
    "/journal", response_model=journal.EntryOut, status_code=201, responses=responses_for(*POST_ERRORS, NotFound)
)
async def post_manual(coop_id: Id, body: journal.ManualEntryIn, actor: ActorDep, idempotency_key: IdemKey = None):
    """A manual entry (expense, other income, tax…) on the cooperative's own chart: lines by
    account number, each a debit or a credit, balanced; not in the future nor in a closed month."""
    return await journal.post_manual(
        coop_id,
        body.lines,
        booked_on=body.booked_on,
        description=body.description,
        actor=actor,
        idempotency_key=idempotency_key,
    )


@router.post(
    "/journal/with-receipt",
    response_model=journal.EntryOut,
    status_code=201,
    responses=responses_for(*POST_ERRORS, NotFound),
)
async def post_manual_with_receipt(
    coop_id: Id,
    request: Request,
    actor: ActorDep,
    booked_on: Annotated[date, Form()],
    description: Annotated[str, Form(max_length=300)],
    lines: Annotated[str, Form(description='JSON: [{"account": "6103", "debit": 150000, "credit": 0}, …]')],
    photo: Annotated[UploadFile, File(description="JPEG, PNG or WebP")],
    idempotency_key: IdemKey = None,
):
    """The same as ``POST /journal`` as a multipart form, with the photo of the receipt."""
    settings = request.app.state.settings
    try:
        parsed = [journal.LineIn.model_validate(x) for x in json.loads(lines)]
    except (ValueError, TypeError, ValidationError):
        raise InvalidInput("lines harus JSON: daftar {account, debit, credit}", field="lines") from None
    content = await photo.read(settings.media_max_bytes + 1)
    return await journal.post_manual(
        coop_id,
        parsed,
        booked_on=booked_on,
        description=description,
        actor=actor,
        attachment=journal.Photo(content, _receipts(request), settings.media_max_bytes),
        idempotency_key=idempotency_key,
    )


@router.get("/journal/{entry_id}", response_model=journal.EntryOut)
async def get_entry(coop_id: Id, entry_id: BigId, actor: ActorDep):
    require_coop(actor, coop_id, roles=journal.MANAGERS)
    return await journal.get_entry(coop_id, entry_id)


@router.get("/journal/{entry_id}/receipt", response_class=Response, responses={200: {"content": {"image/jpeg": {}}}})
async def receipt(coop_id: Id, entry_id: BigId, request: Request, actor: ActorDep):
    """The receipt photo of an entry (private: only to those who may read the books)."""
    require_coop(actor, coop_id, roles=journal.MANAGERS)
    entry = await journal.get_entry(coop_id, entry_id)
    path = journal.receipt_path(entry.attachment, _receipts(request))
    if path is None:
        raise NotFound("Jurnal ini tidak berfoto")
    return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@router.post(
    "/journal/{entry_id}/reversal",
    response_model=journal.EntryOut,
    status_code=201,
    responses=responses_for(journal.AlreadyReversed, InsufficientBalance),
)
async def reverse_entry(coop_id: Id, entry_id: BigId, body: journal.ReversalIn, actor: ActorDep):
    """Reverse a manual or opening entry (every posting negated, dated today); once per entry."""
    return await journal.reverse_entry(coop_id, entry_id, reason=body.reason, actor=actor)


@router.get("/periods", response_model=journal.PeriodsOut)
async def periods(coop_id: Id, actor: ActorDep):
    require_coop(actor, coop_id, roles=journal.MANAGERS)
    return await journal.periods(coop_id)


@router.post("/periods/close", response_model=journal.PeriodsOut, responses=responses_for(Conflict))
async def close_month(coop_id: Id, body: journal.CloseMonthIn, actor: ActorDep):
    """Close a month that has ended (and every month before it). There is no reopening:
    corrections go into the open period."""
    await journal.close_month(coop_id, body.year, body.month, actor=actor)
    return await journal.periods(coop_id)


@router.get("/accounts", response_model=list[journal.ChartAccountOut])
async def list_accounts(coop_id: Id, actor: ActorDep):
    require_coop(actor, coop_id, roles=journal.MANAGERS)
    return await journal.list_chart(coop_id)


@router.post("/accounts", response_model=journal.ChartAccountOut, status_code=201, responses=responses_for(Conflict))
async def add_account(coop_id: Id, body: journal.AccountIn, actor: ActorDep):
    """Add an account; its type and place on the statements follow from its number."""
    return await journal.add_account(coop_id, body.number, body.name, actor=actor)


@router.post(
    "/opening",
    response_model=journal.EntryOut,
    status_code=201,
    responses=responses_for(journal.OpeningRefused, journal.OpeningExists, PeriodLocked),
)
async def import_opening(
    coop_id: Id,
    actor: ActorDep,
    opened_on: Annotated[date, Form()],
    neraca: Annotated[UploadFile, File(description="neraca saldo: nomor_akun, debit, kredit")],
    simpanan: Annotated[UploadFile | None, File(description="nomor_anggota, pokok, wajib, sukarela")] = None,
    transaksi: Annotated[UploadFile | None, File(description="nomor_anggota, jenis, jumlah")] = None,
):
    """Import the opening balances as one entry; a bad file is refused whole (422,
    ``market.opening_refused``, ``problems``: file, row, column, message)."""
    limit = journal.MAX_CSV_BYTES + 1
    return await journal.import_opening(
        coop_id,
        opened_on=opened_on,
        trial_balance=await neraca.read(limit),
        savings=await simpanan.read(limit) if simpanan else None,
        transactions=await transaksi.read(limit) if transaksi else None,
        actor=actor,
    )


@router.get("/opening/templates/{name}.csv", response_class=Response, responses=csv_body("An opening template"))
async def opening_template(coop_id: Id, name: Annotated[str, ...], actor: ActorDep):
    require_coop(actor, coop_id, roles=journal.MANAGERS)
    if name not in journal.TEMPLATES:
        raise NotFound("Templat tidak ada")
    return PlainTextResponse(
        journal.template_csv(name),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="saldo-awal-{name}.csv"'},
    )
