"""The e-RAT for the cooperative's manager: the meetings (and the RAT deadline), a new meeting
with its agenda, publishing the notice, opening, closing, the results, the papers and the berita
acara. The members' and the counter's pages are in ``web.pages.rat_voting``."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import UploadFile

from market import service
from market.clock import today_in
from market.errors import DomainError
from market.service import Actor, Role
from market.types import Id
from rat import service as rat
from rat.schemas import ItemIn, MeetingIn
from web.forms import FORM, FormError, build, domain_errors, parse_int
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import MANAGERS, csrf_checked, may, page_router, signed_in

router = page_router()
READERS = frozenset({Role.MANAGER, Role.CASHIER, Role.MEMBER})
ROWS = 6
KINDS = (
    ("", N_("— tidak dipakai —")),
    ("statements", N_("Pengesahan laporan keuangan")),
    ("accountability", N_("Laporan pertanggungjawaban pengurus")),
    ("shu", N_("Penetapan pembagian SHU")),
    ("workplan", N_("Rencana kerja dan anggaran")),
    ("other", N_("Lainnya (dengan pilihan sendiri)")),
)
DEFAULT_ROWS = ("statements", "accountability", "shu", "workplan")
FIELDS = ("title", "fiscal_year", "opens_at", "closes_at", "record_date", "notice_days", "quorum_pct", "items")


@router.get("/koperasi/{coop_id}/rat")
async def meetings(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=READERS)
    coop = await service.get_cooperative(coop_id)
    manager = may(actor, coop_id, MANAGERS)
    ctx = {
        "coop": coop,
        "meetings": await rat.list_meetings(coop_id, actor=actor),
        "manager": manager,
        "deadline": await rat.rat_deadline(coop_id, today_in(coop)) if manager else None,
        "shu_year": today_in(coop).year - 1,
    }
    return page(request, "rat/list.html", ctx)


def _defaults(coop) -> dict:
    today = today_in(coop)
    values = {"title": f"RAT Tahun Buku {today.year - 1}", "fiscal_year": str(today.year - 1), "notice_days": "14"}
    return values | {f"kind_{i}": kind for i, kind in enumerate(DEFAULT_ROWS)}  # the usual agenda


def _form_ctx(coop, values: dict, errors: dict) -> dict:
    rows = []
    for i in range(ROWS):
        kind = values.get(f"kind_{i}", "")
        title = values.get(f"title_{i}", "")
        rows.append({"i": i, "kind": kind, "title": title, "options": values.get(f"options_{i}", "")})
    return {"coop": coop, "values": values, "errors": errors, "rows": rows, "kinds": KINDS, "zone": coop.timezone}


@router.get("/koperasi/{coop_id}/rat/baru")
async def new_meeting(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    return page(request, "rat/new.html", _form_ctx(coop, _defaults(coop), {}))


def _items(values: dict) -> list[ItemIn]:
    items = []
    labels = dict(KINDS)
    for i in range(ROWS):
        kind = values.get(f"kind_{i}", "")
        if not kind:
            continue
        if kind not in labels:
            raise FormError({"items": N_("Pilihan tidak valid")})
        options = [o.strip() for o in values.get(f"options_{i}", "").split(",") if o.strip()]
        title = values.get(f"title_{i}", "").strip() or labels[kind]
        items.append(build(ItemIn, {"kind": kind, "title": title, "options": options if kind == "other" else []}))
    if not items:
        raise FormError({"items": N_("Isi paling sedikit satu agenda")})
    return items


def _meeting_in(values: dict) -> MeetingIn:
    data = {
        "title": values.get("title", ""),
        "kind": values.get("kind") or "rat",
        "fiscal_year": parse_int(values.get("fiscal_year"), "fiscal_year"),
        "opens_at": values.get("opens_at") or None,
        "closes_at": values.get("closes_at") or None,
        "record_date": values.get("record_date") or None,
        "notice_days": parse_int(values.get("notice_days"), "notice_days", default=14),
        "quorum_bps": parse_int(values.get("quorum_pct"), "quorum_pct", default=50) * 100,
        "delegates_allowed": values.get("delegates_allowed") == "1",
        "items": _items(values),
    }
    return build(MeetingIn, data)


@router.post("/koperasi/{coop_id}/rat/baru", dependencies=[Depends(csrf_checked)])
async def create(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    form = await request.form()
    values = {k: str(v).strip() for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    try:
        meeting = await rat.create_meeting(coop_id, _meeting_in(values), actor=actor)
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, FIELDS, default=FORM)
    else:
        flash(request, N_("Rapat disimpan sebagai draf. Lampirkan dokumen, lalu terbitkan undangannya."))
        return redirect(request, f"/koperasi/{coop_id}/rat/{meeting.id}")
    return page(request, "rat/new.html", _form_ctx(coop, values, errors), status_code=422)


async def _step(request: Request, coop_id: int, meeting_id: int, actor: Actor, step, done: str):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    try:
        await step(coop_id, meeting_id, actor=actor)
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
    else:
        flash(request, done)
    return redirect(request, f"/koperasi/{coop_id}/rat/{meeting_id}")


@router.post("/koperasi/{coop_id}/rat/{meeting_id:int}/terbitkan", dependencies=[Depends(csrf_checked)])
async def publish(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    return await _step(request, coop_id, meeting_id, actor, rat.publish, N_("Undangan rapat diterbitkan."))


@router.post("/koperasi/{coop_id}/rat/{meeting_id:int}/buka", dependencies=[Depends(csrf_checked)])
async def open_meeting(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    return await _step(request, coop_id, meeting_id, actor, rat.open_meeting, N_("Rapat dibuka."))


@router.post("/koperasi/{coop_id}/rat/{meeting_id:int}/tutup", dependencies=[Depends(csrf_checked)])
async def close_meeting(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    return await _step(request, coop_id, meeting_id, actor, rat.close_meeting, N_("Rapat ditutup dan suara dihitung."))


@router.post("/koperasi/{coop_id}/rat/{meeting_id:int}/dokumen", dependencies=[Depends(csrf_checked)])
async def add_document(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    form = await request.form()
    upload = form.get("file")
    settings = request.app.state.settings
    content = await upload.read(settings.media_max_bytes + 1) if isinstance(upload, UploadFile) else b""
    try:
        await rat.add_document(
            coop_id,
            meeting_id,
            name=str(form.get("name", "")),
            content=content,
            directory=rat.documents_dir(settings.media_dir),
            max_bytes=settings.media_max_bytes,
            actor=actor,
        )
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
    else:
        flash(request, N_("Dokumen dilampirkan."))
    return redirect(request, f"/koperasi/{coop_id}/rat/{meeting_id}")


@router.get("/koperasi/{coop_id}/rat/{meeting_id:int}/dokumen/{document_id:int}")
async def document(request: Request, coop_id: Id, meeting_id: Id, document_id: Id, actor: Actor = Depends(signed_in)):
    directory = rat.documents_dir(request.app.state.settings.media_dir)
    path, doc = await rat.document_file(coop_id, meeting_id, document_id, directory=directory, actor=actor)
    return FileResponse(path, media_type=doc.content_type, headers={"Cache-Control": "private, max-age=3600"})


@router.get("/koperasi/{coop_id}/rat/{meeting_id:int}/berita-acara.pdf")
async def minutes(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    pdf = await rat.minutes_pdf(coop_id, meeting_id, actor=actor)
    name = f"berita-acara-rapat-{meeting_id}.pdf"
    return Response(
        pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
