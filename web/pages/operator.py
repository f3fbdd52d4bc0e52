"""The network operator's list of cooperatives: verify (activate) or suspend them; above it, the
events whose delivery failed for good, each with a retry button. And the national operator's
page of operator logins, each with its province scope."""

from __future__ import annotations

from fastapi import Depends, Request

from market import service
from market.clock import today_in
from market.errors import DomainError
from market.regions import PROVINCES
from market.schemas import CoopStatus, UserIn
from market.service import Actor
from market.types import BigId, Id
from onboarding import service as onboarding
from rat.service import rat_deadlines
from web.forms import FormError, build, domain_errors
from web.i18n import N_
from web.render import flash, page, redirect, wants_block
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
TEMPLATE = "operator/cooperatives.html"


@router.get("/operator/koperasi")
async def cooperatives(request: Request, status: str = "", actor: Actor = Depends(signed_in)):
    service.require_operator(actor)
    return await _list(request, actor, CoopStatus(status) if status in set(CoopStatus) else None)


async def _list(request: Request, actor: Actor, chosen: CoopStatus | None, row_errors=None, status_code: int = 200):
    coops = await service.list_cooperatives(status=chosen, ids=actor.scope_ids)
    # Failed events are the network's plumbing: the national operator's to retry.
    failed = await service.failed_events() if actor.is_national_operator else []
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
    service.require_national_operator(actor)
    await service.retry_event(event_id)
    flash(request, N_("Peristiwa #%(id)s akan dikirim ulang."), id=event_id)
    return redirect(request, "/operator/koperasi")


@router.post("/operator/koperasi/{coop_id}/status", dependencies=[Depends(csrf_checked)])
async def set_status(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    """Suspend (with the reason the cooperative is shown) or make active again; a cooperative that
    registered itself is verified from its application instead. Both go into its audit log."""
    service.require_operator(actor)
    service.require_coop(actor, coop_id)
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
        return await _row(request, actor, coop_id, {coop_id: exc.detail}, status_code=422)
    if wants_block(request):
        return await _row(request, actor, coop_id, {})
    coop = await service.get_cooperative(coop_id)
    flash(request, N_("Status %(name)s diubah."), name=coop.name)
    return redirect(request, "/operator/koperasi")


async def _row(request: Request, actor: Actor, coop_id: int, row_errors: dict[int, str], status_code: int = 200):
    if not wants_block(request):  # the whole list, with the row's message
        return await _list(request, actor, None, row_errors, status_code)
    coop = await service.get_cooperative(coop_id)
    ctx = {"coop": coop, "row_errors": row_errors, "applications": await onboarding.application_ids([coop_id])}
    return page(request, TEMPLATE, ctx, block="coop_row", status_code=status_code)


# Operator logins and their province scope (the national operator's) -----------------------------

OPERATORS = "operator/operators.html"
OPERATOR_FIELDS = ("name", "email", "password", "province")
NATIONAL = ("", N_("Seluruh jaringan (nasional)"))


async def _operators(request: Request, actor: Actor, values=None, errors=None, status_code: int = 200):
    seen = await onboarding.operators(actor=actor)
    ctx = {
        "seen": seen,
        "values": values or dict.fromkeys(OPERATOR_FIELDS, ""),
        "errors": errors or {},
        "provinces": [NATIONAL, *((p, p) for p in PROVINCES)],
    }
    return page(request, OPERATORS, ctx, status_code=status_code)


def _province(raw: str) -> str | None:
    if raw and raw not in PROVINCES:
        raise DomainError(N_("Pilihan tidak valid"), field="province")
    return raw or None


@router.get("/operator/petugas")
async def operators(request: Request, actor: Actor = Depends(signed_in)):
    """Every operator login with its province scope, and the network's log of their changes."""
    return await _operators(request, actor)


@router.post("/operator/petugas", dependencies=[Depends(csrf_checked)])
async def create_operator(request: Request, actor: Actor = Depends(signed_in)):
    """A new operator login: national, or a provincial office scoped to one province."""
    service.require_national_operator(actor)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in OPERATOR_FIELDS}
    try:
        data = build(UserIn, {"email": values["email"], "password": values["password"], "role": "operator"})
        login = await onboarding.create_operator(
            values["name"], data.email, data.password, _province(values["province"]), actor=actor
        )
    except FormError as exc:
        return await _operators(request, actor, {**values, "password": ""}, exc.errors, 422)
    except DomainError as exc:
        if exc.status in (403, 404) and exc.field is None:
            raise
        return await _operators(request, actor, {**values, "password": ""}, domain_errors(exc, OPERATOR_FIELDS), 422)
    flash(request, N_("Login operator %(email)s dibuat."), email=login.email)
    return redirect(request, "/operator/petugas")


@router.post("/operator/petugas/{user_id}/provinsi", dependencies=[Depends(csrf_checked)])
async def set_operator_scope(request: Request, user_id: Id, actor: Actor = Depends(signed_in)):
    """Change an operator login's province scope (its next request carries it)."""
    form = await request.form()
    try:
        login = await onboarding.set_scope(user_id, _province(str(form.get("province", ""))), actor=actor)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        return await _operators(request, actor, errors={f"login-{user_id}": exc.detail}, status_code=422)
    flash(request, N_("Cakupan %(email)s diubah."), email=login.email)
    return redirect(request, "/operator/petugas")
