"""A cooperative's API tokens for its own systems (its POS, its accounting): made with a name and
scopes — the token shown on this page once — listed with when each was last used, and revoked."""

from __future__ import annotations

from fastapi import Depends, Request

from market import scopes
from market import service as market
from market.errors import DomainError
from market.service import Actor
from market.types import Id
from onboarding import service
from web.forms import FORM
from web.i18n import N_
from web.onboarding_labels import ONBOARDING
from web.render import env, flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()
env.globals.setdefault("ob", ONBOARDING)
TEMPLATE = "onboarding/tokens.html"


async def _tokens(
    request: Request, coop_id: int, actor: Actor, *, made=None, errors=None, values=None, status_code=200
):
    ctx = {
        "coop": await market.get_cooperative(coop_id),
        "tokens": await service.tokens(coop_id, actor=actor),
        "made": made,
        "scopes": list(scopes.SCOPES),
        "errors": errors or {},
        "values": values or {"name": "", "scopes": []},
    }
    return page(request, TEMPLATE, ctx, status_code=status_code)


@router.get("/koperasi/{coop_id}/token")
async def tokens(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    return await _tokens(request, coop_id, actor)


@router.post("/koperasi/{coop_id}/token", dependencies=[Depends(csrf_checked)])
async def create(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    """Make a token; this answer is the only one that shows it."""
    form = await request.form()
    name, chosen = str(form.get("name", "")).strip(), [str(s) for s in form.getlist("scopes")]
    values = {"name": name, "scopes": chosen}
    try:
        token, out = await service.create_token(coop_id, name=name, scopes=chosen, actor=actor)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        errors = {exc.field if exc.field in ("name", "scopes") else FORM: exc.detail}
        return await _tokens(request, coop_id, actor, errors=errors, values=values, status_code=422)
    return await _tokens(request, coop_id, actor, made={"token": token, "details": out})


@router.post("/koperasi/{coop_id}/token/{token_id}/cabut", dependencies=[Depends(csrf_checked)])
async def revoke(request: Request, coop_id: Id, token_id: Id, actor: Actor = Depends(signed_in)):
    out = await service.revoke_token(coop_id, token_id, actor=actor)
    flash(request, N_("Token %(name)s dicabut; sistem yang memakainya tidak dapat masuk lagi."), name=out.name)
    return redirect(request, f"/koperasi/{coop_id}/token")
