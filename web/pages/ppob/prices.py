"""The prices: a cooperative's markups (its manager's), the platform fee and the biller's price
list sync (the operator's)."""

from __future__ import annotations

from fastapi import Depends, Request

from market.errors import DomainError
from market.http import RuntimeDep
from market.service import Actor
from market.types import Id
from ppob import service
from ppob.service import screens
from web.forms import FORM, FormError, domain_errors, parse_int
from web.i18n import N_
from web.pages.ppob.common import screen_ctx
from web.render import flash, page, redirect
from web.routing import csrf_checked, page_router, signed_in

router = page_router()


@router.get("/koperasi/{coop_id}/ppob/markup")
async def markup_page(request: Request, rt: RuntimeDep, coop_id: Id, actor: Actor = Depends(signed_in)):
    screen = await screens.markup_screen(service.link_of(rt), actor, coop_id)
    return page(request, "ppob/markup.html", screen_ctx(screen, values={"scope": "all"}, errors={}))


@router.post("/koperasi/{coop_id}/ppob/markup", dependencies=[Depends(csrf_checked)])
async def set_markup(request: Request, rt: RuntimeDep, coop_id: Id, actor: Actor = Depends(signed_in)):
    screens.require_manager(actor, coop_id)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip()[:40] for name in ("scope", "key", "flat_idr", "bps")}
    try:
        if values["scope"] not in ("all", "category", "brand"):
            raise FormError({"scope": N_("Pilihan tidak valid")})
        flat = parse_int(values["flat_idr"].replace(".", ""), "flat_idr", default=0)
        bps = parse_int(values["bps"], "bps", default=0)
        await service.set_markup(coop_id, values["scope"], values["key"], flat, bps)
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, ("key", "flat_idr", "bps"), default=FORM)
    else:
        flash(request, N_("Markup disimpan"))
        return redirect(request, f"/koperasi/{coop_id}/ppob/markup")
    screen = await screens.markup_screen(service.link_of(rt), actor, coop_id)
    return page(request, "ppob/markup.html", screen_ctx(screen, values=values, errors=errors), status_code=422)


@router.get("/operator/ppob")
async def operator_page(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    screen = await screens.operator_screen(service.link_of(rt), actor)
    values = {"flat_idr": str(screen.flat_idr), "bps": str(screen.bps)}
    return page(request, "ppob/operator.html", {"values": values, "errors": {}, "last": screen.last})


@router.post("/operator/ppob", dependencies=[Depends(csrf_checked)])
async def operator_save(request: Request, rt: RuntimeDep, actor: Actor = Depends(signed_in)):
    screens.require_operator(actor)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip()[:20] for name in ("flat_idr", "bps", "action")}
    try:
        if values["action"] == "sync":
            report = await service.sync_price_list(service.link_of(rt))
            flash(request, N_("Daftar harga disinkronkan: %(summary)s"), summary=report.summary())
        else:
            flat = parse_int(values["flat_idr"].replace(".", ""), "flat_idr", default=0)
            bps = parse_int(values["bps"], "bps", default=0)
            await service.set_platform_fee(flat, bps)
            flash(request, N_("Fee platform disimpan"))
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, ("flat_idr", "bps"), default=FORM)
    else:
        return redirect(request, "/operator/ppob")
    screen = await screens.operator_screen(service.link_of(rt), actor)
    return page(
        request, "ppob/operator.html", {"values": values, "errors": errors, "last": screen.last}, status_code=422
    )
