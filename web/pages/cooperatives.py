"""A cooperative's profile; its manager (or the operator) edits name, address, bank account and
SHU policy."""

from __future__ import annotations

from fastapi import Depends, Request

from market import service
from market.errors import DomainError
from market.schemas import SHU_FUNDS, CooperativeUpdate
from market.service import Actor
from market.types import Id
from onboarding import service as onboarding
from web.forms import FormError, build, domain_errors, parse_int
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import MANAGERS, csrf_checked, may, page_router, signed_in

router = page_router()
TEMPLATE = "coop/profile.html"
TEXT_FIELDS = ("name", "address", "bank_name", "bank_account_number", "bank_account_holder")


def funds_of(coop) -> tuple[str, ...]:
    """The SHU funds a cooperative may use: zakat only for syariah cooperatives."""
    return tuple(f for f in SHU_FUNDS if f != "zakat" or coop.syariah)


def values_of(coop) -> dict[str, str]:
    values = {name: getattr(coop, name) for name in TEXT_FIELDS}
    values.update({f"shu_{fund}": str((coop.shu_policy or {}).get(fund, 0)) for fund in funds_of(coop)})
    return values


@router.get("/koperasi/{coop_id}")
async def profile(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id)
    coop = await service.get_cooperative(coop_id)
    ctx = {
        "coop": coop,
        "funds": funds_of(coop),
        "values": values_of(coop),
        "errors": {},
        "can_edit": may(actor, coop_id, MANAGERS),
        "application_id": (await onboarding.application_ids([coop_id])).get(coop_id),
    }
    return page(request, TEMPLATE, ctx)


@router.post("/koperasi/{coop_id}", dependencies=[Depends(csrf_checked)])
async def update_profile(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    form = await request.form()
    funds = funds_of(coop)
    values = {name: str(form.get(name, "")).strip() for name in TEXT_FIELDS}
    values.update({f"shu_{fund}": str(form.get(f"shu_{fund}", "")).strip() for fund in funds})
    errors: dict[str, str] = {}
    policy: dict[str, int] = {}
    for fund in funds:
        try:
            policy[fund] = parse_int(values[f"shu_{fund}"], f"shu_{fund}", default=0)
        except FormError as exc:
            errors.update(exc.errors)
    fields = {name: values[name] for name in TEXT_FIELDS}
    try:
        # Check every field even when a fund is not a number, so all messages show at once.
        data = build(CooperativeUpdate, {**fields, "shu_policy": None if errors else policy})
        if not errors:
            coop = await service.update_cooperative(coop_id, data)
    except FormError as exc:
        errors.update(exc.errors)
    except DomainError as exc:
        errors.update(domain_errors(exc, TEXT_FIELDS + ("shu_policy",)))
    if errors:
        ctx = {
            "coop": coop,
            "funds": funds,
            "values": values,
            "errors": errors,
            "can_edit": True,
            "application_id": None,
        }
        return page(request, TEMPLATE, ctx, status_code=422)
    flash(request, N_("Profil koperasi disimpan."))
    return redirect(request, f"/koperasi/{coop_id}")
