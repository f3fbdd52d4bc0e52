"""Members of a cooperative for its staff: the list with search-as-you-type, admitting a member,
and a member's page with savings deposits and withdrawals."""

from __future__ import annotations

from fastapi import Depends, Query, Request

from market import service
from market.clock import today_in
from market.errors import DomainError, InsufficientBalance
from market.schemas import MemberIn, SavingsMovementIn
from market.service import Actor
from market.types import Id
from rat.service import rat_deadline
from web.forms import FORM, FormError, build, domain_errors, idempotency_key, new_idempotency_key, parse_rupiah
from web.i18n import N_
from web.labels import SAVINGS_KINDS
from web.render import flash, page, redirect
from web.routing import MANAGERS, csrf_checked, may, page_router, signed_in

router = page_router()
PAGE_SIZE = 25
MEMBER_FIELDS = ("name", "nik", "phone", "joined_on")
MOVEMENT_FIELDS = ("kind", "amount", "note")


@router.get("/koperasi/{coop_id}/anggota")
async def member_list(
    request: Request, coop_id: Id, q: str = "", hal: int = Query(1, ge=1, le=100_000), actor: Actor = Depends(signed_in)
):
    service.require_coop(actor, coop_id)
    coop = await service.get_cooperative(coop_id)
    q = q.strip()[:100]
    found = await service.list_members(coop_id, q=q, limit=PAGE_SIZE + 1, offset=(hal - 1) * PAGE_SIZE)
    ctx = {
        "coop": coop,
        "q": q,
        "hal": hal,
        "members": [service.member_out(m) for m in found[:PAGE_SIZE]],
        "has_next": len(found) > PAGE_SIZE,
        "total": await service.count_members(coop_id),
        "can_add": may(actor, coop_id, MANAGERS),
        "deadline": await rat_deadline(coop_id, today_in(coop)) if may(actor, coop_id, MANAGERS) else None,
    }
    return page(request, "members/list.html", ctx, block="member_rows")


@router.get("/koperasi/{coop_id}/anggota/baru")
async def new_member_form(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    return page(request, "members/new.html", {"coop": coop, "values": {}, "errors": {}})


@router.post("/koperasi/{coop_id}/anggota/baru", dependencies=[Depends(csrf_checked)])
async def add_member(request: Request, coop_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=MANAGERS)
    coop = await service.get_cooperative(coop_id)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in MEMBER_FIELDS}
    try:
        data = build(MemberIn, {**values, "joined_on": values["joined_on"] or None})
        member = await service.add_member(coop_id, data)
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        errors = domain_errors(exc, MEMBER_FIELDS)
    else:
        flash(
            request,
            N_("%(name)s diterima sebagai anggota nomor %(number)s."),
            name=member.name,
            number=member.member_number,
        )
        return redirect(request, f"/koperasi/{coop_id}/anggota/{member.id}")
    # The NIK typed is never sent back: pages show NIKs masked, even the one just typed.
    values["nik"] = ""
    ctx = {"coop": coop, "values": values, "errors": errors}
    return page(request, "members/new.html", ctx, status_code=422)


async def _member_context(coop_id: int, member_id: int) -> dict:
    """What the member page shows: profile (NIK masked), balances and recent movements."""
    member = await service.get_member(coop_id, member_id)
    return {
        "coop": await service.get_cooperative(coop_id),
        "member": service.member_out(member),
        "savings": await service.savings_of(coop_id, member_id),
        "history": await service.savings_history(coop_id, member_id, limit=20),
        "forms": {
            "deposit": {"key": new_idempotency_key(), "values": {"kind": "wajib"}, "errors": {}},
            "withdraw": {"key": new_idempotency_key(), "values": {"kind": "sukarela"}, "errors": {}},
        },
        "done": None,
    }


@router.get("/koperasi/{coop_id}/anggota/{member_id:int}")
async def member_page(request: Request, coop_id: Id, member_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id)
    ctx = await _member_context(coop_id, member_id)
    return page(request, "members/show.html", ctx, block="savings")


async def _movement(request: Request, coop_id: int, member_id: int, which: str, actor: Actor):
    """Book a deposit or a withdrawal from its form; the form's key makes a double submit book once
    (and answer alike). A refusal spends the key: the form comes back with a fresh one."""
    await service.get_member(coop_id, member_id)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in MOVEMENT_FIELDS}
    raw_key = str(form.get("idempotency_key", ""))
    book = service.deposit if which == "deposit" else service.withdraw
    try:
        key = idempotency_key(raw_key)
        if values["kind"] not in SAVINGS_KINDS:
            raise FormError({"kind": N_("Pilihan tidak valid")})
        amount = parse_rupiah(values["amount"])
        data = build(SavingsMovementIn, {"kind": values["kind"], "amount": amount, "note": values["note"]})
        await book(coop_id, member_id, data, idempotency_key=key, actor_id=actor.user_id)
    except FormError as exc:
        errors = exc.errors
    except DomainError as exc:
        # A balance too small is about the amount typed, whatever account it names.
        errors = domain_errors(exc, MOVEMENT_FIELDS, default="amount" if isinstance(exc, InsufficientBalance) else FORM)
        raw_key = new_idempotency_key()  # the refused key keeps its answer; a corrected form is a new request
    else:
        ctx = await _member_context(coop_id, member_id)
        ctx["done"] = {"which": which, "kind": data.kind, "amount": data.amount}
        return page(request, "members/show.html", ctx, block="savings")
    ctx = await _member_context(coop_id, member_id)
    ctx["forms"][which] = {"key": raw_key, "values": values, "errors": errors}
    return page(request, "members/show.html", ctx, block="savings", status_code=422)


@router.post("/koperasi/{coop_id}/anggota/{member_id:int}/setoran", dependencies=[Depends(csrf_checked)])
async def deposit(request: Request, coop_id: Id, member_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id)
    return await _movement(request, coop_id, member_id, "deposit", actor)


@router.post("/koperasi/{coop_id}/anggota/{member_id:int}/penarikan", dependencies=[Depends(csrf_checked)])
async def withdraw(request: Request, coop_id: Id, member_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id)
    return await _movement(request, coop_id, member_id, "withdraw", actor)
