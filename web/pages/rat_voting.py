"""The e-RAT's meeting page: every member attends and votes per item with big buttons (and sees
each receipt code), the manager's steps and results on the same page; the cashier's counter page
(find the member by member number, record their presence and their votes); the receipt check."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import Depends, Query, Request

from market import service
from market.errors import DomainError
from market.service import Actor, Role
from market.types import Id
from rat import service as rat
from rat.schemas import AttendIn, VoteIn
from web.forms import new_idempotency_key
from web.i18n import N_
from web.render import flash, page, redirect
from web.routing import MANAGERS, csrf_checked, may, page_router, signed_in

router = page_router()
READERS = frozenset({Role.MANAGER, Role.CASHIER, Role.MEMBER})


@router.post("/koperasi/{coop_id}/rat/{meeting_id:int}/dps", dependencies=[Depends(csrf_checked)])
async def dps_sign_off(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    try:
        await rat.dps_sign_off(coop_id, meeting_id, actor=actor, note=str(form.get("note", ""))[:500])
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
    else:
        flash(request, N_("Dokumen RAT ditandatangani Dewan Pengawas Syariah."))
    return redirect(request, f"/koperasi/{coop_id}/rat/{meeting_id}")


COUNTER = frozenset({Role.MANAGER, Role.CASHIER})
CHOICE_LABELS = {"setuju": N_("Setuju"), "tidak_setuju": N_("Tidak setuju"), "abstain": N_("Abstain")}


@router.get("/koperasi/{coop_id}/rat/{meeting_id:int}")
async def meeting_page(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=READERS)
    coop = await service.get_cooperative(coop_id)
    meeting = await rat.get_meeting(coop_id, meeting_id, actor=actor)
    mine = None
    if actor.role == Role.MEMBER and actor.member_id:
        mine = await rat.my_meeting(coop_id, meeting_id, actor.member_id, actor=actor)
    ctx = {
        "coop": coop,
        "m": meeting,
        "mine": mine,
        "voted": {v.item_id: v for v in mine.votes} if mine else {},
        "manager": may(actor, coop_id, MANAGERS),
        "dps": actor.role == Role.DPS and actor.cooperative_id == coop_id,
        "counter": may(actor, coop_id, COUNTER) and not actor.is_operator,
        "labels": CHOICE_LABELS,
        "key": new_idempotency_key(),
        "voting": meeting.state in ("published", "open") and meeting.opens_at <= datetime.now(UTC) < meeting.closes_at,
        "closable": meeting.state in ("published", "open") and datetime.now(UTC) >= meeting.closes_at,
    }
    return page(request, "rat/meeting.html", ctx)


@router.post("/koperasi/{coop_id}/rat/{meeting_id:int}/hadir", dependencies=[Depends(csrf_checked)])
async def attend(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    form = await request.form()
    try:
        await rat.attend(
            coop_id, meeting_id, AttendIn(), actor=actor, idempotency_key=str(form.get("idempotency_key", "")) or None
        )
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
    else:
        flash(request, N_("Kehadiran Anda tercatat."))
    return redirect(request, f"/koperasi/{coop_id}/rat/{meeting_id}")


async def _vote(request: Request, coop_id: int, meeting_id: int, actor: Actor, member_id: int | None) -> None:
    form = await request.form()
    try:
        item_id = int(str(form.get("item_id", "0")))
        data = VoteIn(item_id=max(item_id, 1), choice=str(form.get("choice", "")) or "-", member_id=member_id)
        out = await rat.vote(
            coop_id, meeting_id, data, actor=actor, idempotency_key=str(form.get("idempotency_key", "")) or None
        )
    except (DomainError, ValueError) as exc:
        reason = exc.detail if isinstance(exc, DomainError) else "-"
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=reason)
    else:
        flash(request, N_("Suara tercatat. Kode tanda terima: %(code)s"), code=out.receipt_code)


@router.post("/koperasi/{coop_id}/rat/{meeting_id:int}/suara", dependencies=[Depends(csrf_checked)])
async def vote(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    await _vote(request, coop_id, meeting_id, actor, None)
    return redirect(request, f"/koperasi/{coop_id}/rat/{meeting_id}")


async def _find_member(coop_id: int, number: str):
    number = number.strip()
    if not number:
        return None
    found = await service.list_members(coop_id, q=number, limit=20)
    return next((m for m in found if m.member_number.lower() == number.lower()), None)


@router.get("/koperasi/{coop_id}/rat/{meeting_id:int}/loket")
async def counter_page(
    request: Request,
    coop_id: Id,
    meeting_id: Id,
    nomor: str = Query("", max_length=32),
    actor: Actor = Depends(signed_in),
):
    service.require_coop(actor, coop_id, roles=COUNTER)
    coop = await service.get_cooperative(coop_id)
    meeting = await rat.get_meeting(coop_id, meeting_id, actor=actor)
    member = await _find_member(coop_id, nomor)
    record = await rat.my_meeting(coop_id, meeting_id, member.id, actor=actor) if member else None
    ctx = {
        "coop": coop,
        "m": meeting,
        "nomor": nomor,
        "member": member,
        "record": record,
        "voted": {v.item_id: v for v in record.votes} if record else {},
        "voting": meeting.state in ("published", "open") and meeting.opens_at <= datetime.now(UTC) < meeting.closes_at,
        "labels": CHOICE_LABELS,
        "key": new_idempotency_key(),
    }
    return page(request, "rat/counter.html", ctx)


def _back(coop_id: int, meeting_id: int, number: str) -> str:
    return f"/koperasi/{coop_id}/rat/{meeting_id}/loket?nomor={quote(number)}"


@router.post("/koperasi/{coop_id}/rat/{meeting_id:int}/loket/hadir", dependencies=[Depends(csrf_checked)])
async def counter_attend(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=COUNTER)
    form = await request.form()
    number = str(form.get("nomor", ""))
    member = await _find_member(coop_id, number)
    try:
        if member is None:
            raise DomainError("Anggota tidak ditemukan")
        await rat.attend(coop_id, meeting_id, AttendIn(member_id=member.id, via="counter"), actor=actor)
    except DomainError as exc:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason=exc.detail)
    else:
        flash(request, N_("Kehadiran %(name)s tercatat di loket."), name=member.name)
    return redirect(request, _back(coop_id, meeting_id, number))


@router.post("/koperasi/{coop_id}/rat/{meeting_id:int}/loket/suara", dependencies=[Depends(csrf_checked)])
async def counter_vote(request: Request, coop_id: Id, meeting_id: Id, actor: Actor = Depends(signed_in)):
    service.require_coop(actor, coop_id, roles=COUNTER)
    form = await request.form()
    number = str(form.get("nomor", ""))
    member = await _find_member(coop_id, number)
    if member is None:
        flash(request, N_("Tidak dapat dilakukan: %(reason)s"), reason="Anggota tidak ditemukan")
    else:
        await _vote(request, coop_id, meeting_id, actor, member.id)
    return redirect(request, _back(coop_id, meeting_id, number))


@router.get("/koperasi/{coop_id}/rat/cek")
async def receipt_check(
    request: Request, coop_id: Id, kode: str = Query("", max_length=30), actor: Actor = Depends(signed_in)
):
    service.require_coop(actor, coop_id, roles=READERS)
    coop = await service.get_cooperative(coop_id)
    receipt, missing = None, False
    if kode.strip():
        try:
            receipt = await rat.check_receipt(coop_id, kode, actor=actor)
        except DomainError:
            missing = True
    ctx = {"coop": coop, "kode": kode, "receipt": receipt, "missing": missing, "labels": CHOICE_LABELS}
    return page(request, "rat/receipt.html", ctx)
