"""A cooperative joins by itself: ``/daftar-koperasi`` (its profile, payout account, papers and
first manager), then its application page (the state, the operator's reason, corrections,
papers replaced, resubmission) and its papers, served only to its managers and the operator."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from fastapi.responses import FileResponse
from starlette.datastructures import FormData, UploadFile

from market import service as market
from market.errors import DomainError
from market.http import RuntimeDep, begin_session, client_ip, throttle_of
from market.regions import PROVINCE_ZONES, PROVINCES
from market.schemas import CooperativeAmend, Role
from market.service import Actor
from market.types import Id
from onboarding import service
from onboarding.errors import ApplicationNotFound
from onboarding.schemas import BANKS, DOCUMENT_KINDS, DocumentKind, RegistrationIn, Upload
from web.forms import FORM, FormError, build, domain_errors
from web.i18n import N_
from web.labels import TIMEZONES
from web.onboarding_labels import ONBOARDING
from web.render import env, flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
env.globals.setdefault("ob", ONBOARDING)
FORM_TEMPLATE = "onboarding/register.html"
MINE = "onboarding/application.html"
TEXT = (
    "name",
    "legal_number",
    "nik_koperasi",
    "coop_type",
    "province",
    "regency",
    "address",
    "bank_name",
    "bank_account_number",
    "bank_account_holder",
    "contact_name",
    "contact_position",
    "contact_phone",
    "manager_name",
    "manager_email",
)
AMENDABLE = TEXT[:10]


def choices() -> dict[str, Any]:
    """The selects of the profile form: provinces (with their clocks), types, banks."""
    return {
        "provinces": [("", N_("— pilih provinsi —"))]
        + [(p, f"{p} ({TIMEZONES[PROVINCE_ZONES[p]]})") for p in PROVINCES],
        "banks": [(b, b) for b in BANKS],
        "document_kinds": DOCUMENT_KINDS,
    }


async def _uploads(form: FormData, max_bytes: int) -> dict[str, Upload]:
    found: dict[str, Upload] = {}
    for kind in DOCUMENT_KINDS:
        item = form.get(kind.value)
        if isinstance(item, UploadFile):
            found[kind.value] = Upload(content=await item.read(max_bytes + 1), filename=item.filename or "")
    return found


def _document_errors(exc: DomainError) -> dict[str, str]:
    listed = exc.extra.get("errors") or [{"field": exc.field or FORM, "message": exc.detail}]
    return {e["field"]: e["message"] for e in listed}


@router.get("/daftar-koperasi")
async def register_form(request: Request):
    values = dict.fromkeys(TEXT, "") | {"province": "", "coop_type": "produsen", "bank_name": "BRI"}
    return page(request, FORM_TEMPLATE, {"values": values, "syariah": False, "errors": {}, **choices()})


@router.post("/daftar-koperasi", dependencies=[Depends(csrf_checked)])
async def register(request: Request, rt: RuntimeDep):
    """Register the cooperative; the new manager is signed in on its application page."""
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in TEXT}
    values["syariah"] = "1" if form.get("syariah") else ""
    password = str(form.get("manager_password", ""))
    errors: dict[str, str] = {}
    if password != str(form.get("manager_password_again", "")):
        errors["manager_password_again"] = N_("Kata sandi dan ulangannya tidak sama")
    settings = request.app.state.settings
    status = 422
    try:
        data = build(RegistrationIn, {**values, "syariah": bool(values["syariah"]), "manager_password": password})
        if errors:
            raise FormError(errors)
        joined = await service.register(
            data,
            await _uploads(form, settings.media_max_bytes),
            directory=service.documents_dir(settings.media_dir),
            max_bytes=settings.media_max_bytes,
            gateway=rt.gateway,
            client_ip=client_ip(request),
            throttle=throttle_of(request),
        )
    except FormError as exc:
        errors.update(exc.errors)
    except DomainError as exc:
        errors.update(_document_errors(exc) if exc.extra.get("errors") else domain_errors(exc, TEXT))
        status = 429 if exc.status == 429 else 422
    if errors:
        ctx = {"values": values, "syariah": bool(values["syariah"]), "errors": errors, **choices()}
        return page(request, FORM_TEMPLATE, ctx, status_code=status)
    await begin_session(request, joined.manager.user_id)
    flash(
        request,
        N_(
            "Pendaftaran terkirim. Operator akan memeriksanya; sementara itu Anda dapat menyiapkan katalog dan anggota."
        ),
    )
    return redirect(request, f"/koperasi/{joined.cooperative_id}/pendaftaran")


async def _mine(request: Request, coop_id: int, actor: Actor, *, errors=None, values=None, status_code: int = 200):
    application = await service.my_application(coop_id, actor=actor)
    coop = application.cooperative
    ctx = {
        "application": application,
        "coop": coop,
        "errors": errors or {},
        "values": values or {f: str(getattr(coop, f)) for f in AMENDABLE},
        "syariah": coop.syariah,
        **choices(),
    }
    return page(request, MINE, ctx, status_code=status_code)


@router.get("/koperasi/{coop_id}/pendaftaran")
async def my_application(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await _mine(request, coop_id, actor)


@router.post("/koperasi/{coop_id}/pendaftaran/data", dependencies=[Depends(csrf_checked)])
async def amend(request: Request, coop_id: Id, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    """Correct the profile after the operator asked for changes."""
    market.require_coop(actor, coop_id, roles=frozenset({Role.MANAGER}))
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in AMENDABLE}
    try:
        data = build(CooperativeAmend, {**values, "syariah": bool(form.get("syariah"))})
        await service.amend(coop_id, data, actor=actor, gateway=rt.gateway)
    except FormError as exc:
        return await _mine(request, coop_id, actor, errors=exc.errors, values=values, status_code=422)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return await _mine(
            request, coop_id, actor, errors=domain_errors(exc, AMENDABLE), values=values, status_code=422
        )
    flash(request, N_("Data pendaftaran disimpan."))
    return redirect(request, f"/koperasi/{coop_id}/pendaftaran")


@router.post("/koperasi/{coop_id}/pendaftaran/dokumen", dependencies=[Depends(csrf_checked)])
async def replace_document(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    """Upload a new version of one paper."""
    market.require_coop(actor, coop_id, roles=frozenset({Role.MANAGER}))
    form = await request.form()
    settings = request.app.state.settings
    kind_raw = str(form.get("kind", ""))
    uploads = await _uploads(form, settings.media_max_bytes)
    try:
        if kind_raw not in {k.value for k in DOCUMENT_KINDS}:
            raise DomainError(N_("Pilihan tidak valid"), field="kind")
        kind = DocumentKind(kind_raw)
        upload = uploads.get(kind.value) or Upload(content=b"")
        await service.replace_document(
            coop_id,
            kind,
            upload,
            actor=actor,
            directory=service.documents_dir(settings.media_dir),
            max_bytes=settings.media_max_bytes,
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        return await _mine(request, coop_id, actor, errors={exc.field or FORM: exc.detail}, status_code=422)
    flash(request, N_("Dokumen diganti."))
    return redirect(request, f"/koperasi/{coop_id}/pendaftaran")


@router.post("/koperasi/{coop_id}/pendaftaran/kirim-ulang", dependencies=[Depends(csrf_checked)])
async def resubmit(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    try:
        await service.resubmit(coop_id, str(form.get("response", "")), actor=actor)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        return await _mine(request, coop_id, actor, errors={exc.field or FORM: exc.detail}, status_code=422)
    flash(request, N_("Pendaftaran dikirim ulang ke operator."))
    return redirect(request, f"/koperasi/{coop_id}/pendaftaran")


@router.get("/pendaftaran/{application_id}/dokumen/{document_id}")
async def document(request: Request, application_id: Id, document_id: Id, actor: Actor = Depends(signed_in)):
    """One paper, to the operator and the cooperative's managers only (private, never cached, its
    type the one its first bytes showed, and never sniffed into another)."""
    found = await service.document_file(application_id, document_id, actor=actor)
    path = service.path_of(found.file_name, service.documents_dir(request.app.state.settings.media_dir))
    if path is None:
        raise ApplicationNotFound("Berkas dokumen tidak ditemukan")
    headers = {
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": f'inline; filename="{found.kind}.{path.suffix.lstrip(".")}"',
    }
    if found.content_type.startswith("image/"):  # (a sandbox would stop the browser's PDF viewer)
        headers["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return FileResponse(path, media_type=found.content_type, headers=headers)
