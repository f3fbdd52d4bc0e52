"""The cooperative's journal for its manager: the list by month and source, "Catat biaya /
jurnal" (a one-line quick expense that works on a phone — paid from kas or bank, an expense
account, amount, date, description, a photo of the receipt from the camera — or a full entry of
several lines), an entry with its photo and the button that reverses it."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import Depends, Query, Request
from fastapi.responses import FileResponse
from starlette.datastructures import UploadFile

from market import service
from market.clock import today_in
from market.errors import DomainError, InsufficientBalance, NotFound
from market.money import format_idr
from market.service import Actor, journal
from market.types import BigId, Id
from web.forms import FORM, FormError, domain_errors, idempotency_key, new_idempotency_key, parse_rupiah
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import MANAGERS, csrf_checked, page_router, signed_in

router = page_router()
PAGE_SIZE = 30
FULL_ROWS = 6
QUICK_FIELDS = ("paid_from", "expense", "amount", "booked_on", "description", "photo")
SOURCE_LABELS = {
    "manual": N_("Jurnal manual"),
    "opening": N_("Saldo awal"),
    "reversal": N_("Pembalik"),
    "adjustment": N_("Penyesuaian stok"),
    "": N_("Transaksi"),
}
PAID_FROM = (("1101", N_("Kas (tunai)")), ("1102", N_("Bank")))


def _month(text: str) -> tuple[date, date] | None:
    try:
        start = datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return None
    nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, date.fromordinal(nxt.toordinal() - 1)


@router.get("/koperasi/{coop_id}/jurnal")
async def entry_list(
    request: Request,
    coop_id: Id,
    bulan: str = "",
    sumber: str = Query("semua", max_length=20),
    hal: int = Query(1, ge=1, le=100_000),
    actor: Actor = Depends(signed_in),
):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    span = _month(bulan.strip())
    source = sumber if sumber in journal.SOURCES else None
    found = await journal.list_entries(
        coop_id,
        start=span[0] if span else None,
        end=span[1] if span else None,
        source=source,
        limit=PAGE_SIZE + 1,
        offset=(hal - 1) * PAGE_SIZE,
    )
    ctx = {
        "coop": coop,
        "entries": found[:PAGE_SIZE],
        "has_next": len(found) > PAGE_SIZE,
        "hal": hal,
        "bulan": bulan if span else "",
        "sumber": sumber if source is not None else "semua",
        "sources": SOURCE_LABELS,
        "locked_through": coop.books_locked_through,
    }
    return page(request, "journal/list.html", ctx, block="entry_rows")


async def _chart_choices(coop_id: int) -> tuple[list, list]:
    """(every account a manual entry may use, grouped by chart section; the expense accounts)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    expenses: dict[str, list[tuple[str, str]]] = {}
    for a in await journal.list_chart(coop_id):
        if a.per_member or a.code in journal.PAIRED:
            continue
        groups.setdefault(a.group_title, []).append((a.number, f"{a.number} {a.name}"))
        if a.type == "expense":
            expenses.setdefault(a.group_title, []).append((a.number, f"{a.number} {a.name}"))
    return list(groups.items()), list(expenses.items())


async def _form_context(coop, mode: str, values: dict, errors: dict, key: str | None = None) -> dict:
    groups, expenses = await _chart_choices(coop.id)
    return {
        "coop": coop,
        "mode": mode,
        "values": {"booked_on": today_in(coop).isoformat(), "paid_from": "1101", **values},
        "errors": errors,
        "key": key or new_idempotency_key(),
        "groups": groups,
        "expenses": expenses,
        "paid_from": PAID_FROM,
        "rows": range(FULL_ROWS),
        "today": today_in(coop),
    }


@router.get("/koperasi/{coop_id}/jurnal/baru")
async def new_entry_form(request: Request, coop_id: Id, mode: str = "cepat", actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    ctx = await _form_context(coop, "lengkap" if mode == "lengkap" else "cepat", {}, {})
    return page(request, "journal/new.html", ctx)


def _read_lines(form, mode: str, values: dict) -> list[tuple[str, int, int]]:
    if mode == "cepat":
        amount = parse_rupiah(values["amount"])
        if not values["expense"]:
            raise FormError({"expense": N_("Pilih akun biaya")})
        if values["paid_from"] not in dict(PAID_FROM):
            raise FormError({"paid_from": N_("Pilihan tidak valid")})
        return [(values["expense"], amount, 0), (values["paid_from"], 0, amount)]
    lines = []
    for i in range(FULL_ROWS):
        account = str(form.get(f"account_{i}", "")).strip()
        debit, credit = str(form.get(f"debit_{i}", "")).strip(), str(form.get(f"credit_{i}", "")).strip()
        values.update({f"account_{i}": account, f"debit_{i}": debit, f"credit_{i}": credit})
        if not account and not debit and not credit:
            continue
        if not account:
            raise FormError({FORM: N_("Pilih akun di setiap baris yang diisi")})
        lines.append(
            (
                account,
                parse_rupiah(debit, f"debit_{i}") if debit else 0,
                parse_rupiah(credit, f"credit_{i}") if credit else 0,
            )
        )
    return lines


async def _photo(form, request: Request) -> journal.Photo | None:
    upload = form.get("photo")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    settings = request.app.state.settings
    content = await upload.read(settings.media_max_bytes + 1)
    return (
        journal.Photo(content, journal.receipts_dir(settings.media_dir), settings.media_max_bytes) if content else None
    )


@router.post("/koperasi/{coop_id}/jurnal/baru", dependencies=[Depends(csrf_checked)])
async def post_entry(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    form = await request.form()
    mode = "lengkap" if form.get("mode") == "lengkap" else "cepat"
    values = {name: str(form.get(name, "")).strip() for name in QUICK_FIELDS if name != "photo"}
    raw_key = str(form.get("idempotency_key", ""))
    try:
        key = idempotency_key(raw_key)
        lines = _read_lines(form, mode, values)
        try:
            booked_on = date.fromisoformat(values["booked_on"])
        except ValueError:
            raise FormError({"booked_on": N_("Tanggal tidak valid")}) from None
        entry = await journal.post_manual(
            coop_id,
            lines,
            booked_on=booked_on,
            description=values["description"],
            actor=actor,
            attachment=await _photo(form, request),
            idempotency_key=key,
        )
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        default = "amount" if isinstance(exc, InsufficientBalance) and mode == "cepat" else FORM
        errors = domain_errors(exc, QUICK_FIELDS, default=default)
        raw_key = new_idempotency_key()
    else:
        flash(request, N_("Jurnal #%(id)s sebesar %(amount)s dicatat."), id=entry.id, amount=format_idr(entry.total))
        return redirect(request, f"/koperasi/{coop_id}/jurnal/{entry.id}")
    ctx = await _form_context(coop, mode, values, errors, raw_key)
    return page(request, "journal/new.html", ctx, status_code=422)


async def _entry_context(coop_id: int, entry_id: int, errors: dict | None = None) -> dict:
    entry = await journal.get_entry(coop_id, entry_id)
    original = await journal.get_entry(coop_id, entry.reverses_id) if entry.reverses_id else None
    return {
        "coop": await service.get_cooperative(coop_id),
        "entry": entry,
        "original": original,
        "sources": SOURCE_LABELS,
        "reversible": entry.source in ("manual", "opening") and entry.reversed_by_id is None,
        "errors": errors or {},
        "values": {},
    }


@router.get("/koperasi/{coop_id}/jurnal/{entry_id:int}")
async def entry_page(request: Request, coop_id: Id, entry_id: BigId, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    return page(request, "journal/show.html", await _entry_context(coop_id, entry_id))


@router.get("/koperasi/{coop_id}/jurnal/{entry_id:int}/foto")
async def entry_photo(request: Request, coop_id: Id, entry_id: BigId, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    entry = await journal.get_entry(coop_id, entry_id)
    path = journal.receipt_path(entry.attachment, journal.receipts_dir(request.app.state.settings.media_dir))
    if path is None:
        raise NotFound("Jurnal ini tidak berfoto")
    return FileResponse(path, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"})


@router.post("/koperasi/{coop_id}/jurnal/{entry_id:int}/balik", dependencies=[Depends(csrf_checked)])
async def reverse(request: Request, coop_id: Id, entry_id: BigId, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    form = await request.form()
    reason = str(form.get("reason", "")).strip()
    try:
        reversal = await journal.reverse_entry(coop_id, entry_id, reason=reason, actor=actor)
    except DomainError as exc:
        ctx = await _entry_context(coop_id, entry_id, domain_errors(exc, ("reason",), default="reason"))
        ctx["values"] = {"reason": reason}
        return page(request, "journal/show.html", ctx, status_code=409 if exc.status == 409 else 422)
    flash(request, N_("Jurnal #%(id)s dibalik oleh jurnal #%(rev)s."), id=entry_id, rev=reversal.id)
    return redirect(request, f"/koperasi/{coop_id}/jurnal/{reversal.id}")
