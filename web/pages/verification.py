"""The operator's verification queue: each application with its papers, the checklist (ticked
one item at a time, the block swapped by htmx), notes, approval or a request for changes with a
reason, and the cooperative's audit log."""

from __future__ import annotations

from fastapi import Depends, Request

from market import service as market
from market.errors import DomainError
from market.service import Actor
from market.types import Id
from onboarding import service
from onboarding.schemas import CHECK_ITEMS, ApplicationState, CheckItem
from web.forms import FORM
from web.i18n import N_
from web.onboarding_labels import ONBOARDING
from web.render import env, flash, page, redirect, wants_block
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
env.globals.setdefault("ob", ONBOARDING)
QUEUE = "onboarding/queue.html"
REVIEW = "onboarding/review.html"
STATES = ("submitted", "changes_requested", "approved")


@router.get("/operator/pendaftaran")
async def queue(request: Request, state: str = "submitted", actor: Actor = Depends(signed_in)):
    chosen = ApplicationState(state) if state in STATES else None
    rows = await service.queue(actor=actor, state=chosen)
    return page(request, QUEUE, {"rows": rows, "state": chosen.value if chosen else "all", "states": STATES})


async def _review(request: Request, application_id: int, actor: Actor, errors=None, status_code: int = 200):
    application = await service.review(application_id, actor=actor)
    ctx = {"application": application, "coop": application.cooperative, "errors": errors or {}}
    return page(request, REVIEW, ctx, block="checklist", status_code=status_code)


@router.get("/operator/pendaftaran/{application_id}")
async def review(request: Request, application_id: Id, actor: Actor = Depends(signed_in)):
    market.require_operator(actor)
    return await _review(request, application_id, actor)


@router.post("/operator/pendaftaran/{application_id}/periksa", dependencies=[Depends(csrf_checked)])
async def check(request: Request, application_id: Id, actor: Actor = Depends(signed_in)):
    """Tick or clear one item; htmx gets the checklist block back."""
    market.require_operator(actor)
    form = await request.form()
    item = str(form.get("item", ""))
    try:
        if item not in {i.value for i in CHECK_ITEMS}:
            raise DomainError(N_("Pilihan tidak valid"), field="item")
        await service.set_check(application_id, CheckItem(item), form.get("checked") == "1", actor=actor)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return await _review(request, application_id, actor, {"checklist": exc.detail}, 422)
    if wants_block(request):
        return await _review(request, application_id, actor)
    return redirect(request, f"/operator/pendaftaran/{application_id}")


@router.post("/operator/pendaftaran/{application_id}/catatan", dependencies=[Depends(csrf_checked)])
async def note(request: Request, application_id: Id, actor: Actor = Depends(signed_in)):
    market.require_operator(actor)
    form = await request.form()
    try:
        await service.add_note(application_id, str(form.get("note", "")), actor=actor)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return await _review(request, application_id, actor, {"note": exc.detail}, 422)
    return redirect(request, f"/operator/pendaftaran/{application_id}#catatan")


@router.post("/operator/pendaftaran/{application_id}/setujui", dependencies=[Depends(csrf_checked)])
async def approve(request: Request, application_id: Id, actor: Actor = Depends(signed_in)):
    """Verify the cooperative (every item of the checklist ticked)."""
    market.require_operator(actor)
    try:
        approved = await service.approve(application_id, actor=actor)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return await _review(request, application_id, actor, {FORM: exc.detail}, 422)
    flash(request, N_("%(name)s terverifikasi dan aktif."), name=approved.cooperative.name)
    return redirect(request, f"/operator/pendaftaran/{application_id}")


@router.post("/operator/pendaftaran/{application_id}/minta-perbaikan", dependencies=[Depends(csrf_checked)])
async def request_changes(request: Request, application_id: Id, actor: Actor = Depends(signed_in)):
    """Refuse this revision with the reason the applicant reads."""
    market.require_operator(actor)
    form = await request.form()
    try:
        await service.request_changes(application_id, str(form.get("reason", "")), actor=actor)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return await _review(request, application_id, actor, {exc.field or FORM: exc.detail}, 422)
    flash(request, N_("Permintaan perbaikan dikirim ke pendaftar."))
    return redirect(request, "/operator/pendaftaran")
