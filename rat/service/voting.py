"""Attendance and votes: members active at the record date, one vote per member per item, a cast
vote never changed, each with a receipt code; at the counter the cashier records a member
without a phone (their presence and their votes, as such); a delegate only where the AD/ART
allows it."""

from __future__ import annotations

import secrets
from datetime import datetime

from tortoise.exceptions import IntegrityError

from market import db
from market.errors import Forbidden, InvalidInput
from market.service import Actor, Role, idempotency
from rat.errors import AlreadyVoted, DelegatesNotAllowed, InvalidChoice, NotEligible, ReceiptNotFound
from rat.models import AgendaItem, Attendance, Meeting, MeetingState, Via, Vote
from rat.schemas import AttendanceOut, AttendIn, MyMeetingOut, ReceiptOut, VoteIn, VoteOut
from rat.service.common import (
    READERS,
    attendance_out,
    choices_of,
    is_eligible,
    load,
    meeting_out,
    require_counter,
    require_staff,
    utcnow,
    vote_out,
)
from rat.service.meetings import ensure_open

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a counter


def receipt_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(10))
    return f"RAT-{body[:5]}-{body[5:]}"


async def _open_meeting(coop_id: int, meeting_id: int, now: datetime) -> Meeting:
    meeting = await load(coop_id, meeting_id, lock=True)
    if ensure_open(meeting, now):
        await meeting.save(update_fields=["state", "opened_at"])
    return meeting


async def _require_eligible(coop_id: int, member_id: int, meeting: Meeting) -> None:
    if not await is_eligible(coop_id, member_id, meeting):
        raise NotEligible("Hanya anggota aktif per tanggal pencatatan yang dapat hadir dan memberi suara")


def _attend_target(actor: Actor, coop_id: int, data: AttendIn) -> tuple[int, Via]:
    """Whose presence and how: a member for themselves online; staff for a member at the counter
    or through a delegate."""
    if actor.role == Role.MEMBER:
        require_staff(actor, coop_id, READERS)
        if data.member_id not in (None, actor.member_id) or data.via not in (None, "online"):
            raise Forbidden("Anggota hanya dapat mencatat kehadirannya sendiri")
        assert actor.member_id is not None
        return actor.member_id, Via.ONLINE
    require_counter(actor, coop_id)
    if data.member_id is None:
        raise InvalidInput("Pilih anggota yang hadir", field="member_id")
    via = Via(data.via or "counter")
    if via == Via.ONLINE:
        raise InvalidInput("Petugas mencatat kehadiran di loket atau melalui kuasa", field="via")
    return data.member_id, via


async def _attend(coop_id: int, meeting: Meeting, member_id: int, via: Via, actor: Actor, delegate: int | None):
    existing = await Attendance.get_or_none(meeting_id=meeting.id, member_id=member_id)
    if existing is not None:
        return existing
    await _require_eligible(coop_id, member_id, meeting)
    if via == Via.DELEGATE:
        if not meeting.delegates_allowed:
            raise DelegatesNotAllowed("AD/ART tidak mengizinkan kuasa untuk rapat ini")
        if delegate is None or delegate == member_id:
            raise InvalidInput("Pilih anggota lain sebagai kuasa", field="delegate_member_id")
        await _require_eligible(coop_id, delegate, meeting)
    try:
        async with db.transaction():
            return await Attendance.create(
                meeting_id=meeting.id,
                member_id=member_id,
                via=via,
                delegate_member_id=delegate if via == Via.DELEGATE else None,
                recorded_by_user_id=actor.user_id,
            )
    except IntegrityError:  # a twin recorded it first
        return await Attendance.get(meeting_id=meeting.id, member_id=member_id)


async def attend(
    coop_id: int,
    meeting_id: int,
    data: AttendIn,
    *,
    actor: Actor,
    now: datetime | None = None,
    idempotency_key: str | None = None,
) -> AttendanceOut:
    """Record a member's presence (once: attending again answers the first record)."""
    member_id, via = _attend_target(actor, coop_id, data)

    async def work(_claim) -> AttendanceOut:
        async with db.transaction():
            meeting = await _open_meeting(coop_id, meeting_id, utcnow(now))
            row = await _attend(coop_id, meeting, member_id, via, actor, data.delegate_member_id)
            return attendance_out(row)

    request = {"op": "rat.attend", "coop": coop_id, "meeting": meeting_id, **data.model_dump()}
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        request,
        work,
        dump=lambda r: r.model_dump(mode="json"),
        load=AttendanceOut.model_validate,
    )


async def _voter(coop_id: int, meeting: Meeting, data: VoteIn, actor: Actor) -> tuple[int, Via]:
    """Whose vote this is and how it is cast; anyone else's is refused."""
    if actor.role == Role.MEMBER:
        require_staff(actor, coop_id, READERS)
        assert actor.member_id is not None
        if data.member_id in (None, actor.member_id):
            return actor.member_id, Via.ONLINE
        row = await Attendance.get_or_none(meeting_id=meeting.id, member_id=data.member_id)
        if meeting.delegates_allowed and row and row.via == Via.DELEGATE and row.delegate_member_id == actor.member_id:
            return data.member_id, Via.DELEGATE
        raise Forbidden("Anda tidak dapat memberi suara untuk anggota lain")
    require_counter(actor, coop_id)
    if data.member_id is None:
        raise InvalidInput("Pilih anggota yang memberi suara", field="member_id")
    row = await Attendance.get_or_none(meeting_id=meeting.id, member_id=data.member_id)
    if row is not None and row.via == Via.ONLINE:
        raise Forbidden("Anggota ini hadir daring: ia memberi suara sendiri")
    return data.member_id, (row.via if row is not None else Via.COUNTER)


async def _cast(coop_id: int, meeting_id: int, data: VoteIn, actor: Actor, now: datetime) -> Vote:
    meeting = await _open_meeting(coop_id, meeting_id, now)
    item = await AgendaItem.get_or_none(id=data.item_id, meeting_id=meeting.id)
    if item is None:
        raise InvalidInput("Agenda ini bukan bagian dari rapat ini", field="item_id")
    if data.choice not in choices_of(item):
        raise InvalidChoice("Pilihan tidak tersedia untuk agenda ini", field="choice")
    member_id, via = await _voter(coop_id, meeting, data, actor)
    await _require_eligible(coop_id, member_id, meeting)
    if await Vote.exists(item_id=item.id, member_id=member_id):
        raise AlreadyVoted("Suara untuk agenda ini sudah diberikan dan tidak dapat diubah")
    await _attend(coop_id, meeting, member_id, via, actor, None)
    try:
        async with db.transaction():
            return await Vote.create(
                item_id=item.id,
                meeting_id=meeting.id,
                member_id=member_id,
                choice=data.choice,
                receipt_code=receipt_code(),
                via=via,
                recorded_by_user_id=actor.user_id,
            )
    except IntegrityError:
        raise AlreadyVoted("Suara untuk agenda ini sudah diberikan dan tidak dapat diubah") from None


async def vote(
    coop_id: int,
    meeting_id: int,
    data: VoteIn,
    *,
    actor: Actor,
    now: datetime | None = None,
    idempotency_key: str | None = None,
) -> VoteOut:
    """Cast one vote on one item; it records the member's presence too. The answer carries the
    receipt code (a retry with the same idempotency key gets the same receipt)."""

    async def work(_claim) -> VoteOut:
        async with db.transaction():
            return vote_out(await _cast(coop_id, meeting_id, data, actor, utcnow(now)))

    request = {"op": "rat.vote", "coop": coop_id, "meeting": meeting_id, **data.model_dump()}
    return await idempotency.once(
        idempotency.scope_of(actor.user_id),
        idempotency_key,
        request,
        work,
        dump=lambda r: r.model_dump(mode="json"),
        load=VoteOut.model_validate,
    )


async def check_receipt(coop_id: int, code: str, *, actor: Actor) -> ReceiptOut:
    """The item and choice a receipt code stands for, and whether it is counted."""
    require_staff(actor, coop_id, READERS)
    found = await Vote.get_or_none(receipt_code=code.strip().upper()[:20])
    meeting = await Meeting.get_or_none(id=found.meeting_id, cooperative_id=coop_id) if found else None
    if found is None or meeting is None:
        raise ReceiptNotFound("Kode tanda terima tidak ditemukan")
    item = await AgendaItem.get(id=found.item_id)
    return ReceiptOut(
        receipt_code=found.receipt_code,
        meeting_id=meeting.id,
        meeting_title=meeting.title,
        item_id=item.id,
        item_title=item.title,
        choice=found.choice,
        via=found.via.value,
        cast_at=found.cast_at,
        counted=not (meeting.state == MeetingState.CLOSED and meeting.quorum_met is False),
    )


async def my_meeting(coop_id: int, meeting_id: int, member_id: int, *, actor: Actor) -> MyMeetingOut:
    """A member's view: may they vote, their presence and their votes (with receipt codes)."""
    require_staff(actor, coop_id, READERS)
    meeting = await load(coop_id, meeting_id, actor=actor)
    if actor.role == Role.MEMBER and actor.member_id != member_id:
        raise Forbidden("Anda hanya dapat melihat kehadiran dan suara Anda sendiri")
    row = await Attendance.get_or_none(meeting_id=meeting.id, member_id=member_id)
    votes = await Vote.filter(meeting_id=meeting.id, member_id=member_id).order_by("item_id")
    return MyMeetingOut(
        meeting=await meeting_out(meeting),
        eligible=await is_eligible(coop_id, member_id, meeting),
        attendance=attendance_out(row) if row else None,
        votes=[vote_out(v) for v in votes],
    )
