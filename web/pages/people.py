"""A cooperative's people without a shell: the manager invites staff and members with a one-time
link (shown once, ready for WhatsApp or SMS), changes staff roles and revokes access; the invited
person opens ``/undangan/<token>`` and chooses their own e-mail and password."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request

from market import service as market
from market.errors import DomainError
from market.http import begin_session, session_store
from market.schemas import Role
from market.service import Actor
from market.types import Id
from onboarding import service
from onboarding.schemas import INVITABLE, AcceptIn, InvitationLink
from web.forms import FORM, FormError, build, domain_errors
from web.i18n import N_
from web.onboarding_labels import ONBOARDING
from web.render import env, error_page, flash, home_url, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
env.globals.setdefault("ob", ONBOARDING)
TEMPLATE = "onboarding/people.html"
INVITE_FIELDS = ("role", "name", "phone", "member_number")


def base_url(request: Request) -> str:
    return request.app.state.settings.base_url or str(request.base_url)


async def _people(
    request: Request,
    coop_id: int,
    actor: Actor,
    *,
    created: InvitationLink | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
):
    coop = await market.get_cooperative(coop_id)
    ctx: dict[str, Any] = {
        "coop": coop,
        "logins": await service.people(coop_id, actor=actor),
        "invitations": await service.invitations(coop_id, actor=actor),
        "created": created,
        "values": values or {"role": "cashier", "name": "", "phone": "", "member_number": ""},
        "errors": errors or {},
        "roles": [(str(r), ONBOARDING["role"][str(r)]) for r in INVITABLE if r != Role.DPS or coop.syariah],
    }
    return page(request, TEMPLATE, ctx, status_code=status_code)


@router.get("/koperasi/{coop_id}/pengguna")
async def people(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await _people(request, coop_id, actor)


@router.post("/koperasi/{coop_id}/undangan", dependencies=[Depends(csrf_checked)])
async def invite(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    """Make an invitation; the page shows its link once."""
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in INVITE_FIELDS}
    try:
        if values["role"] not in {str(r) for r in INVITABLE}:
            raise DomainError(N_("Pilihan tidak valid"), field="role")
        created = await service.invite(
            coop_id,
            role=Role(values["role"]),
            name=values["name"],
            phone=values["phone"],
            member_number=values["member_number"],
            actor=actor,
            base_url=base_url(request),
        )
    except DomainError as exc:
        if exc.status in (403, 404) and exc.field is None:
            raise
        errors = domain_errors(exc, INVITE_FIELDS)
        return await _people(request, coop_id, actor, values=values, errors=errors, status_code=422)
    return await _people(request, coop_id, actor, created=created)


@router.post("/koperasi/{coop_id}/undangan/{invitation_id}/batal", dependencies=[Depends(csrf_checked)])
async def withdraw(request: Request, coop_id: Id, invitation_id: Id, actor: Actor = Depends(signed_in)):
    await service.withdraw(coop_id, invitation_id, actor=actor)
    flash(request, N_("Undangan dibatalkan; tautannya tidak berlaku lagi."))
    return redirect(request, f"/koperasi/{coop_id}/pengguna")


@router.post("/koperasi/{coop_id}/pengguna/{user_id}/peran", dependencies=[Depends(csrf_checked)])
async def change_role(request: Request, coop_id: Id, user_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    raw = str(form.get("role", ""))
    try:
        if raw not in ("manager", "cashier"):
            raise DomainError(N_("Pilihan tidak valid"), field="role")
        login = await service.change_role(coop_id, user_id, Role(raw), actor=actor)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        return await _people(request, coop_id, actor, errors={f"login-{user_id}": exc.detail}, status_code=422)
    flash(request, N_("Peran %(email)s diubah."), email=login.email)
    return redirect(request, f"/koperasi/{coop_id}/pengguna")


@router.post("/koperasi/{coop_id}/pengguna/{user_id}/akses", dependencies=[Depends(csrf_checked)])
async def set_access(request: Request, coop_id: Id, user_id: Id, actor: Actor = Depends(signed_in)):
    """Revoke a login (its sessions end at once) or give it back."""
    form = await request.form()
    active = form.get("active") == "1"
    try:
        login, ended = await service.set_access(coop_id, user_id, active, actor=actor, store=session_store(request))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        return await _people(request, coop_id, actor, errors={f"login-{user_id}": exc.detail}, status_code=422)
    if active:
        flash(request, N_("Akses %(email)s dipulihkan."), email=login.email)
    else:
        flash(request, N_("Akses %(email)s dicabut; %(n)s sesi dikeluarkan."), email=login.email, n=ended)
    return redirect(request, f"/koperasi/{coop_id}/pengguna")


# The invited person -----------------------------------------------------------------------------


async def _invitation_page(request: Request, token: str, values=None, errors=None, status_code: int = 200):
    try:
        invitation = await service.view(token)
    except DomainError as exc:
        return error_page(request, exc.status, exc.detail)
    ctx = {"invitation": invitation, "token": token, "values": values or {"name": invitation.name, "email": ""}}
    response = page(request, "onboarding/accept.html", {**ctx, "errors": errors or {}}, status_code=status_code)
    response.headers["Referrer-Policy"] = "no-referrer"  # the link is the key: never sent on
    return response


@router.get("/undangan/{token}")
async def invitation(request: Request, token: str):
    return await _invitation_page(request, token)


@router.post("/undangan/{token}", dependencies=[Depends(csrf_checked)])
async def accept(request: Request, token: str):
    """Make the login the link offers, sign it in, and go to its home page."""
    form = await request.form()
    values = {"name": str(form.get("name", "")).strip(), "email": str(form.get("email", "")).strip()}
    password = str(form.get("password", ""))
    errors: dict[str, str] = {}
    if password != str(form.get("password_again", "")):
        errors["password_again"] = N_("Kata sandi dan ulangannya tidak sama")
    try:
        data = build(AcceptIn, {**values, "password": password})
        if errors:
            raise FormError(errors)
        actor = await service.accept(token, data)
    except FormError as exc:
        errors.update(exc.errors)
    except DomainError as exc:
        if exc.status in (404, 410):
            return error_page(request, exc.status, exc.detail)
        errors.update(domain_errors(exc, ("name", "email", "password"), default=FORM))
    if errors:
        return await _invitation_page(request, token, values, errors, status_code=422)
    await begin_session(request, actor.user_id)
    flash(request, N_("Selamat datang, %(name)s. Login Anda sudah aktif."), name=actor.name)
    return redirect(request, home_url(actor))
