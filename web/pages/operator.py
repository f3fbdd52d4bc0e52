"""The network operator's list of cooperatives: verify (activate) or suspend them; above it, the
events whose delivery failed for good, each with a retry button."""

from __future__ import annotations

from fastapi import Depends, Request

from market import service
from market.errors import DomainError
from market.schemas import CoopStatus
from market.service import Actor
from market.service.members import today_in
from market.types import BigId, Id
from onboarding import service as onboarding
from rat.service import rat_deadlines
from web.i18n import N_
from web.render import flash, page, redirect, wants_block
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
TEMPLATE = "operator/cooperatives.html"


@router.get("/operator/koperasi")
async def cooperatives(request: Request, status: str = "", actor: Actor = Depends(signed_in)):
    service.require_operator(actor)
    return await _list(request, CoopStatus(status) if status in set(CoopStatus) else None)


async def _list(request: Request, chosen: CoopStatus | None, row_errors=None, status_code: int = 200):
    coops = await service.list_cooperatives(status=chosen)
    failed = await service.failed_events()
    deadlines = await rat_deadlines(coops, today_in)
    late = [(c, deadlines[c.id]) for c in coops if deadlines[c.id].level != "none"]
    ctx: dict[str, object] = {
        "coops": coops,
        "status": chosen,
        "row_errors": row_errors or {},
        "failed_events": failed,
        "rat_late": late,
        "applications": await onboarding.application_ids([c.id for c in coops]),
    }
    return page(request, TEMPLATE, ctx, status_code=status_code)


@router.post("/operator/kejadian/{event_id}/ulang", dependencies=[Depends(csrf_checked)])
async def retry_event(request: Request, event_id: BigId, actor: Actor = Depends(signed_in)):
    """Give a failed outbox event one more delivery attempt."""
    service.require_operator(actor)
    await service.retry_event(event_id)
    flash(request, N_("Peristiwa #%(id)s akan dikirim ulang."), id=event_id)
    return redirect(request, "/operator/koperasi")


@router.post("/operator/koperasi/{coop_id}/status", dependencies=[Depends(csrf_checked)])
async def set_status(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    """Suspend (with the reason the cooperative is shown) or make active again; a cooperative that
    registered itself is verified from its application instead. Both go into its audit log."""
    service.require_operator(actor)
    form = await request.form()
    raw = str(form.get("status", ""))
    try:
        if raw not in set(CoopStatus):
            raise DomainError(N_("Pilihan tidak valid"), field="status")
        if raw == CoopStatus.PENDING:
            raise DomainError(N_("Status hanya dapat diubah ke aktif atau ditangguhkan"), field="status")
        if raw == CoopStatus.SUSPENDED:
            await onboarding.suspend(coop_id, str(form.get("reason", "")), actor=actor)
        else:
            await onboarding.reinstate(coop_id, actor=actor)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return await _row(request, coop_id, {coop_id: exc.detail}, status_code=422)
    if wants_block(request):
        return await _row(request, coop_id, {})
    coop = await service.get_cooperative(coop_id)
    flash(request, N_("Status %(name)s diubah."), name=coop.name)
    return redirect(request, "/operator/koperasi")


async def _row(request: Request, coop_id: int, row_errors: dict[int, str], status_code: int = 200):
    if not wants_block(request):  # the whole list, with the row's message
        return await _list(request, None, row_errors, status_code)
    coop = await service.get_cooperative(coop_id)
    ctx = {"coop": coop, "row_errors": row_errors, "applications": await onboarding.application_ids([coop_id])}
    return page(request, TEMPLATE, ctx, block="coop_row", status_code=status_code)
