"""A meeting's life before the votes: created with its agenda (an SHU item takes the year's latest
SHU proposal), its notice published no later than the AD/ART's notice period before it opens, and
opened at its time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from market import db
from market import service as market
from market.errors import Forbidden, InvalidInput
from market.service import Actor, Role
from rat.errors import DpsNotSigned, NoShuProposal, NoticeTooShort, NotOpen, WrongState
from rat.models import AgendaItem, ItemKind, Meeting, MeetingKind, MeetingState
from rat.schemas import MeetingIn, MeetingOut
from rat.service.common import MANAGERS, READERS, load, meeting_out, refuse_closed, require_staff, utcnow


def _utc(value: datetime, zone: ZoneInfo) -> datetime:
    """A time typed without a zone is the cooperative's local time."""
    return utcnow(value if value.tzinfo is not None else value.replace(tzinfo=zone))


async def shu_proposal(coop_id: int, year: int) -> tuple[int, int]:
    """The id and version of the year's latest SHU proposal still waiting for a decision."""
    from shu import service as shu  # the SHU close may not be deployed in every test set-up

    try:
        proposal = await shu.latest_proposal(coop_id, year)
    except NotImplementedError:
        proposal = None
    if proposal is None or proposal.state != "proposed":
        raise NoShuProposal(f"Tutup tahun buku {year} dulu: belum ada usulan SHU yang menunggu keputusan rapat")
    return proposal.id, proposal.version


async def create_meeting(coop_id: int, data: MeetingIn, *, actor: Actor) -> MeetingOut:
    """A draft meeting with its agenda, numbered in the order given."""
    require_staff(actor, coop_id, MANAGERS)
    coop = await market.get_cooperative(coop_id)
    zone = ZoneInfo(coop.timezone)
    opens, closes = _utc(data.opens_at, zone), _utc(data.closes_at, zone)
    if closes <= opens:
        raise InvalidInput("Waktu tutup harus setelah waktu buka", field="closes_at")
    if data.record_date > opens.astimezone(zone).date():
        raise InvalidInput("Tanggal pencatatan anggota tidak boleh setelah rapat dibuka", field="record_date")
    if sum(1 for i in data.items if i.kind == "shu") > 1:
        raise InvalidInput("Satu rapat hanya memutuskan satu usulan SHU", field="items")
    proposals = {}
    for position, item in enumerate(data.items, 1):
        if item.kind == "shu":
            proposals[position] = await shu_proposal(coop_id, data.fiscal_year)
    async with db.transaction():
        meeting = await Meeting.create(
            cooperative_id=coop_id,
            title=data.title,
            kind=MeetingKind(data.kind),
            fiscal_year=data.fiscal_year,
            notice_days=data.notice_days,
            opens_at=opens,
            closes_at=closes,
            record_date=data.record_date,
            quorum_bps=data.quorum_bps,
            decision_bps=data.decision_bps,
            delegates_allowed=data.delegates_allowed,
            minutes=data.minutes,
            created_by_user_id=actor.user_id,
            needs_dps=coop.syariah,
        )
        for position, item in enumerate(data.items, 1):
            proposal_id, version = proposals.get(position, (None, None))
            await AgendaItem.create(
                meeting=meeting,
                position=position,
                kind=ItemKind(item.kind),
                title=item.title,
                description=item.description,
                options=item.options,
                shu_proposal_id=proposal_id,
                shu_version=version,
            )
    return await meeting_out(meeting)


async def list_meetings(coop_id: int, *, actor: Actor) -> list[MeetingOut]:
    """The cooperative's meetings, newest first (a member does not see drafts)."""
    require_staff(actor, coop_id, READERS)
    query = Meeting.filter(cooperative_id=coop_id)
    if actor.role == market.Role.MEMBER:
        query = query.exclude(state=MeetingState.DRAFT)
    return [await meeting_out(m) for m in await query.order_by("-opens_at", "-id").limit(100)]


async def get_meeting(coop_id: int, meeting_id: int, *, actor: Actor) -> MeetingOut:
    require_staff(actor, coop_id, READERS)
    return await meeting_out(await load(coop_id, meeting_id, actor=actor))


async def publish(coop_id: int, meeting_id: int, *, actor: Actor, now: datetime | None = None) -> MeetingOut:
    """Publish the notice: from now on the agenda is fixed. Refused when the meeting would open
    earlier than ``notice_days`` after today's notice."""
    require_staff(actor, coop_id, MANAGERS)
    now = utcnow(now)
    async with db.transaction():
        meeting = await load(coop_id, meeting_id, lock=True)
        refuse_closed(meeting)
        if meeting.state != MeetingState.DRAFT:
            raise WrongState("Undangan rapat ini sudah diterbitkan")
        earliest = now + timedelta(days=meeting.notice_days)
        if meeting.opens_at < earliest:
            raise NoticeTooShort(
                f"Rapat harus dibuka paling cepat {meeting.notice_days} hari setelah undangan terbit",
                field="opens_at",
                earliest=earliest.isoformat(),
            )
        meeting.state, meeting.notice_published_at = MeetingState.PUBLISHED, now
        await meeting.save(update_fields=["state", "notice_published_at"])
    return await meeting_out(meeting)


def ensure_open(meeting: Meeting, now: datetime) -> bool:
    """Refuse unless the meeting is open now; a published meeting opens by itself at its time.
    Returns True when it was just opened (the caller saves it)."""
    refuse_closed(meeting)
    if meeting.state == MeetingState.DRAFT or now < meeting.opens_at:
        raise NotOpen("Rapat belum dibuka")
    if meeting.needs_dps and meeting.dps_signed_at is None:
        raise DpsNotSigned("Rapat belum dapat dibuka: dokumen RAT belum ditandatangani Dewan Pengawas Syariah")
    if now >= meeting.closes_at:
        raise NotOpen("Waktu rapat sudah berakhir")
    if meeting.state == MeetingState.PUBLISHED:
        meeting.state, meeting.opened_at = MeetingState.OPEN, now
        return True
    return False


async def open_meeting(coop_id: int, meeting_id: int, *, actor: Actor, now: datetime | None = None) -> MeetingOut:
    """Open a published meeting at (or after) its opening time."""
    require_staff(actor, coop_id, MANAGERS)
    now = utcnow(now)
    async with db.transaction():
        meeting = await load(coop_id, meeting_id, lock=True)
        refuse_closed(meeting)
        if meeting.state == MeetingState.DRAFT:
            raise WrongState("Terbitkan undangan rapat dulu")
        if ensure_open(meeting, now):
            await meeting.save(update_fields=["state", "opened_at"])
    return await meeting_out(meeting)


async def dps_sign_off(
    coop_id: int, meeting_id: int, *, actor: Actor, note: str = "", now: datetime | None = None
) -> MeetingOut:
    """The Dewan Pengawas Syariah signs the meeting's documents off (a syariah cooperative's RAT
    opens only after it); refused once the meeting has opened. A document added later asks for
    a new sign-off (rat.service.documents)."""
    if actor.role != Role.DPS or actor.cooperative_id != coop_id:
        require_staff(actor, coop_id, READERS)  # another cooperative's people: not found
        raise Forbidden("Hanya Dewan Pengawas Syariah koperasi ini yang menandatangani dokumen RAT")
    now = utcnow(now)
    async with db.transaction():
        meeting = await load(coop_id, meeting_id, lock=True)
        refuse_closed(meeting)
        if not meeting.needs_dps:
            raise WrongState("Rapat koperasi ini tidak memerlukan tanda tangan DPS")
        if meeting.state not in (MeetingState.DRAFT, MeetingState.PUBLISHED):
            raise WrongState("Rapat sudah dibuka; tanda tangan DPS diberikan sebelum rapat dibuka")
        meeting.dps_signed_by_user_id, meeting.dps_signed_by_name = actor.user_id, actor.name
        meeting.dps_signed_at, meeting.dps_note = now, note.strip()[:500]
        await meeting.save(update_fields=["dps_signed_by_user_id", "dps_signed_by_name", "dps_signed_at", "dps_note"])
    return await meeting_out(meeting)
