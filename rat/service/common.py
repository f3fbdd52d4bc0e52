"""What every e-RAT step shares: who may do it, the meeting loaded (and locked) within its
cooperative, the clock, and the rows as their schemas."""

from __future__ import annotations

from datetime import UTC, datetime

from market import service as market
from market.errors import Forbidden
from market.service import Actor, MemberStatus, Role
from market.service.users import require_coop
from rat.errors import MeetingClosed, MeetingNotFound
from rat.models import AgendaItem, Attendance, Meeting, MeetingDocument, MeetingState, Vote
from rat.schemas import ABSTAIN, STANDARD_CHOICES, AttendanceOut, DocumentOut, ItemOut, MeetingOut, VoteOut

MANAGERS = frozenset({Role.MANAGER})
COUNTER = frozenset({Role.MANAGER, Role.CASHIER})
READERS = frozenset({Role.MANAGER, Role.CASHIER, Role.MEMBER})


def utcnow(now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def require_staff(actor: Actor, coop_id: int, roles: frozenset[Role] = MANAGERS) -> None:
    require_coop(actor, coop_id, roles=roles)


def require_counter(actor: Actor, coop_id: int) -> None:
    """The counter is the cooperative's own cashier or manager (not the network operator)."""
    require_coop(actor, coop_id, roles=COUNTER)
    if actor.is_operator:
        raise Forbidden("Operator jaringan tidak mencatat kehadiran atau suara anggota")


async def load(coop_id: int, meeting_id: int, *, actor: Actor | None = None, lock: bool = False) -> Meeting:
    """The meeting of *this* cooperative (another's is not found; a member never sees a draft)."""
    query = Meeting.filter(id=meeting_id, cooperative_id=coop_id)
    if lock:
        query = query.select_for_update()
    meeting = await query.first()
    if meeting is None or (actor is not None and actor.role == Role.MEMBER and meeting.state == MeetingState.DRAFT):
        raise MeetingNotFound("Rapat tidak ditemukan")
    return meeting


def refuse_closed(meeting: Meeting) -> None:
    if meeting.state == MeetingState.CLOSED:
        raise MeetingClosed("Rapat sudah ditutup; tidak ada yang dapat diubah")


async def is_eligible(coop_id: int, member_id: int, meeting: Meeting) -> bool:
    """Active at the record date: a member of this cooperative (else NotFound), active, joined by then."""
    member = await market.get_member(coop_id, member_id)
    return member.status == MemberStatus.ACTIVE and member.joined_on <= meeting.record_date


async def eligible_count(coop_id: int, meeting: Meeting) -> int:
    """Members active at the record date, read page by page from the register."""
    count, offset, page = 0, 0, 5000
    while True:
        members = await market.list_members(coop_id, limit=page, offset=offset)
        count += sum(1 for m in members if m.status == MemberStatus.ACTIVE and m.joined_on <= meeting.record_date)
        if len(members) < page:
            return count
        offset += page


def choices_of(item: AgendaItem) -> list[str]:
    return [*item.options, ABSTAIN] if item.options else list(STANDARD_CHOICES)


def item_out(item: AgendaItem) -> ItemOut:
    return ItemOut(
        id=item.id,
        position=item.position,
        kind=item.kind.value,
        title=item.title,
        description=item.description,
        options=list(item.options),
        choices=choices_of(item),
        shu_proposal_id=item.shu_proposal_id,
        shu_version=item.shu_version,
        result=item.result,
        counts=dict(item.counts),
    )


def document_out(doc: MeetingDocument) -> DocumentOut:
    return DocumentOut(
        id=doc.id,
        item_id=doc.item_id,
        name=doc.name,
        content_type=doc.content_type,
        size=doc.size,
        created_at=doc.created_at,
    )


def attendance_out(row: Attendance) -> AttendanceOut:
    return AttendanceOut(
        meeting_id=row.meeting_id,
        member_id=row.member_id,
        via=row.via.value,
        delegate_member_id=row.delegate_member_id,
        recorded_by_user_id=row.recorded_by_user_id,
        at=row.at,
    )


def vote_out(vote: Vote) -> VoteOut:
    return VoteOut(
        item_id=vote.item_id,
        member_id=vote.member_id,
        choice=vote.choice,
        via=vote.via.value,
        receipt_code=vote.receipt_code,
        cast_at=vote.cast_at,
    )


async def meeting_out(meeting: Meeting) -> MeetingOut:
    items = await AgendaItem.filter(meeting_id=meeting.id).order_by("position")
    docs = await MeetingDocument.filter(meeting_id=meeting.id).order_by("id")
    return MeetingOut(
        id=meeting.id,
        cooperative_id=meeting.cooperative_id,
        title=meeting.title,
        kind=meeting.kind.value,
        fiscal_year=meeting.fiscal_year,
        state=meeting.state.value,
        notice_days=meeting.notice_days,
        notice_published_at=meeting.notice_published_at,
        opens_at=meeting.opens_at,
        closes_at=meeting.closes_at,
        record_date=meeting.record_date,
        quorum_bps=meeting.quorum_bps,
        decision_bps=meeting.decision_bps,
        delegates_allowed=meeting.delegates_allowed,
        opened_at=meeting.opened_at,
        closed_at=meeting.closed_at,
        eligible_count=meeting.eligible_count,
        attended_count=meeting.attended_count,
        quorum_met=meeting.quorum_met,
        minutes=meeting.minutes,
        needs_dps=meeting.needs_dps,
        dps_signed_by_name=meeting.dps_signed_by_name,
        dps_signed_at=meeting.dps_signed_at,
        dps_note=meeting.dps_note,
        items=[item_out(i) for i in items],
        documents=[document_out(d) for d in docs],
    )
