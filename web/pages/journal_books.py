"""The cooperative's books around the journal, for its manager: closing months, the chart of
accounts (and adding an account), and the opening balances import with its CSV templates and
every refused row's reason."""

from __future__ import annotations

from datetime import date

from fastapi import Depends, Request
from fastapi.responses import PlainTextResponse
from starlette.datastructures import UploadFile

from market import service
from market.errors import DomainError, NotFound
from market.service import Actor, journal
from market.types import Id
from web.forms import FORM, domain_errors
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import MANAGERS, csrf_checked, page_router, signed_in

router = page_router()
OPENING_FILES = (
    ("neraca", N_("Neraca saldo (wajib)"), N_("nomor_akun, debit, kredit — termasuk pendapatan dan beban tahun berjalan")),
    ("simpanan", N_("Simpanan anggota"), N_("nomor_anggota, pokok, wajib, sukarela — totalnya sama dengan akun 3101, 3102, 2105")),
    ("transaksi", N_("Transaksi anggota tahun berjalan"), N_("nomor_anggota, jenis (pembelian, pasok, ppob), jumlah")),
)  # fmt: skip


async def _periods_context(coop_id: int, errors: dict | None = None) -> dict:
    return {
        "coop": await service.get_cooperative(coop_id),
        "periods": await journal.periods(coop_id),
        "errors": errors or {},
    }


@router.get("/koperasi/{coop_id}/periode")
async def periods_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    return page(request, "journal/periods.html", await _periods_context(coop_id))


@router.post("/koperasi/{coop_id}/periode", dependencies=[Depends(csrf_checked)])
async def close_month(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    month = str((await request.form()).get("month", ""))
    try:
        year, number = (int(x) for x in month.split("-"))
        await journal.close_month(coop_id, year, number, actor=actor)
    except ValueError:
        errors = {"month": N_("Pilih bulan")}
    except DomainError as exc:
        errors = domain_errors(exc, ("month",), default="month")
    else:
        flash(request, N_("Buku sampai akhir %(month)s ditutup."), month=month)
        return redirect(request, f"/koperasi/{coop_id}/periode")
    return page(request, "journal/periods.html", await _periods_context(coop_id, errors), status_code=422)


async def _chart_context(coop_id: int, values: dict | None = None, errors: dict | None = None) -> dict:
    groups: dict[tuple[str, str], list] = {}
    for account in await journal.list_chart(coop_id):
        groups.setdefault((account.statement, account.group_title), []).append(account)
    return {
        "coop": await service.get_cooperative(coop_id),
        "groups": list(groups.items()),
        "values": values or {},
        "errors": errors or {},
    }


@router.get("/koperasi/{coop_id}/akun")
async def chart_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    return page(request, "journal/chart.html", await _chart_context(coop_id))


@router.post("/koperasi/{coop_id}/akun", dependencies=[Depends(csrf_checked)])
async def add_account(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in ("number", "name")}
    try:
        added = await journal.add_account(coop_id, values["number"], values["name"], actor=actor)
    except DomainError as exc:
        ctx = await _chart_context(coop_id, values, domain_errors(exc, ("number", "name")))
        return page(request, "journal/chart.html", ctx, status_code=422)
    flash(request, N_("Akun %(number)s %(name)s ditambahkan."), number=added.number, name=added.name)
    return redirect(request, f"/koperasi/{coop_id}/akun")


def _opening_context(coop, errors: dict | None = None, problems: list | None = None, values=None) -> dict:
    return {
        "coop": coop,
        "files": OPENING_FILES,
        "errors": errors or {},
        "problems": problems or [],
        "values": values or {},
    }


@router.get("/koperasi/{coop_id}/saldo-awal")
async def opening_page(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    return page(request, "journal/opening.html", _opening_context(coop))


@router.get("/koperasi/{coop_id}/saldo-awal/templat/{name}.csv")
async def opening_template(coop_id: Id, name: str, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    if name not in journal.TEMPLATES:
        raise NotFound("Templat tidak ada")
    return PlainTextResponse(
        journal.template_csv(name),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="saldo-awal-{name}.csv"'},
    )


async def _file(form, name: str) -> bytes | None:
    upload = form.get(name)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return await upload.read(journal.MAX_CSV_BYTES + 1)


@router.post("/koperasi/{coop_id}/saldo-awal", dependencies=[Depends(csrf_checked)])
async def import_opening(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    form = await request.form()
    values = {"opened_on": str(form.get("opened_on", "")).strip()}
    try:
        opened_on = date.fromisoformat(values["opened_on"])
    except ValueError:
        ctx = _opening_context(coop, {"opened_on": N_("Tanggal tidak valid")}, values=values)
        return page(request, "journal/opening.html", ctx, status_code=422)
    neraca = await _file(form, "neraca")
    if neraca is None:
        ctx = _opening_context(coop, {"neraca": N_("Wajib diisi")}, values=values)
        return page(request, "journal/opening.html", ctx, status_code=422)
    try:
        entry = await journal.import_opening(
            coop_id,
            opened_on=opened_on,
            trial_balance=neraca,
            savings=await _file(form, "simpanan"),
            transactions=await _file(form, "transaksi"),
            actor=actor,
        )
    except DomainError as exc:
        problems = exc.extra.get("problems", [])
        ctx = _opening_context(coop, domain_errors(exc, ("opened_on",), default=FORM), problems, values)
        return page(request, "journal/opening.html", ctx, status_code=422 if exc.status == 422 else 409)
    flash(request, N_("Saldo awal dicatat sebagai jurnal #%(id)s."), id=entry.id)
    return redirect(request, f"/koperasi/{coop_id}/jurnal/{entry.id}")
