"""The close: at ``closes_at`` (the worker) or by the manager after it. The quorum is checked
(attendance against the members active at the record date); each item gets its result by the
decision rule — none at all when the quorum is missed; an SHU item approves or rejects its SHU
proposal in the same transaction. After it nothing about the meeting changes."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime

from tortoise.functions import Count

from market import db
from market.service import Actor
from rat.errors import TooEarlyToClose, WrongState
from rat.models import AgendaItem, Attendance, ItemKind, Meeting, MeetingState, Vote
from rat.schemas import ABSTAIN, APPROVED, NO, NO_RESULT, REJECTED, YES, MeetingOut
from rat.service.common import MANAGERS, eligible_count, load, meeting_out, refuse_closed, require_staff, utcnow

log = logging.getLogger(__name__)
NO_DECISION = "no_decision"  # an item with its own options where no option won


def quorum_met(attended: int, eligible: int, quorum_bps: int) -> bool:
    """More than ``quorum_bps``/10000 of the members at the record date attended."""
    return eligible > 0 and attended * 10000 > quorum_bps * eligible


def result_of(item: AgendaItem, counts: Counter[str], decision_bps: int) -> str:
    """Setuju / tidak setuju: approved when setuju is more than ``decision_bps`` of the votes cast
    for or against (a tie is not approved). Own options: the single option above that share."""
    if not item.options:
        yes, no = counts[YES], counts[NO]
        return APPROVED if yes * 10000 > decision_bps * (yes + no) else REJECTED
    cast = sum(n for choice, n in counts.items() if choice != ABSTAIN)
    ranked = sorted(((counts[o], o) for o in item.options), reverse=True)
    best, option = ranked[0]
    unique = len(ranked) < 2 or ranked[1][0] < best
    return option if unique and best * 10000 > decision_bps * cast else NO_DECISION


async def _decide_shu(item: AgendaItem, approved: bool) -> None:
    from shu import service as shu

    assert item.shu_proposal_id is not None
    await shu.decide(item.shu_proposal_id, approved=approved, item_id=item.id)


async def _count(meeting: Meeting, met: bool) -> None:
    query = Vote.filter(meeting_id=meeting.id).annotate(n=Count("id")).group_by("item_id", "choice")
    rows_v = await query.values("item_id", "choice", "n")
    by_item: dict[int, Counter[str]] = {}
    for row in rows_v:
        by_item.setdefault(row["item_id"], Counter())[row["choice"]] = row["n"]
    for item in await AgendaItem.filter(meeting_id=meeting.id).order_by("position"):
        counts = by_item.get(item.id, Counter())
        item.counts = {choice: counts[choice] for choice in [*(item.options or [YES, NO]), ABSTAIN]}
        item.result = result_of(item, counts, meeting.decision_bps) if met else NO_RESULT
        await item.save(update_fields=["counts", "result"])
        if item.kind == ItemKind.SHU and item.shu_proposal_id is not None and met:
            await _decide_shu(item, item.result == APPROVED)


async def _close(meeting: Meeting, now: datetime, actor: Actor | None) -> None:
    eligible = await eligible_count(meeting.cooperative_id, meeting)
    attended = await Attendance.filter(meeting_id=meeting.id).count()
    met = quorum_met(attended, eligible, meeting.quorum_bps)
    await _count(meeting, met)
    meeting.state, meeting.closed_at = MeetingState.CLOSED, now
    meeting.closed_by_user_id = actor.user_id if actor else None
    meeting.eligible_count, meeting.attended_count, meeting.quorum_met = eligible, attended, met
    await meeting.save(
        update_fields=["state", "closed_at", "closed_by_user_id", "eligible_count", "attended_count", "quorum_met"]
    )


async def close_meeting(coop_id: int, meeting_id: int, *, actor: Actor, now: datetime | None = None) -> MeetingOut:
    """Close a meeting whose time has ended and count it (once: a closed meeting is refused)."""
    require_staff(actor, coop_id, MANAGERS)
    now = utcnow(now)
    async with db.transaction():
        meeting = await load(coop_id, meeting_id, lock=True)
        refuse_closed(meeting)
        if meeting.state == MeetingState.DRAFT:
            raise WrongState("Rapat yang belum diumumkan tidak dapat ditutup")
        if now < meeting.closes_at:
            raise TooEarlyToClose("Rapat baru dapat ditutup setelah waktu tutupnya")
        await _close(meeting, now, actor)
    return await meeting_out(meeting)


async def close_due(now: datetime | None = None) -> int:
    """Close every published or open meeting whose closing time has come (the worker's job)."""
    now = utcnow(now)
    due = await Meeting.filter(state__in=[MeetingState.PUBLISHED, MeetingState.OPEN], closes_at__lte=now).values_list(
        "id", flat=True
    )
    closed = 0
    for meeting_id in due:
        try:
            async with db.transaction():
                meeting = await Meeting.filter(id=meeting_id).select_for_update().first()
                if meeting is None or meeting.state == MeetingState.CLOSED:
                    continue
                await _close(meeting, now, None)
                closed += 1
        except Exception:  # one meeting's failure must not keep the others open
            log.exception("closing meeting %s failed", meeting_id)
    return closed
