"""The e-RAT's rules, each as a test: notice, the voting window, one member one vote, the
counter, delegates, receipts, another cooperative's member."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from market.errors import Forbidden, NotFound
from market.schemas import MemberUpdate
from market.service import MemberStatus, update_member
from market.service.users import actor_of
from rat import service as rat
from rat.errors import (
    AlreadyVoted,
    DelegatesNotAllowed,
    InvalidChoice,
    MeetingNotFound,
    NotEligible,
    NoticeTooShort,
    NotOpen,
    ReceiptNotFound,
)
from rat.schemas import AttendIn, ItemIn, VoteIn
from tests.builders import make_member, make_user
from tests.rat.meeting import AFTER, CLOSES, DURING, NOW, OPENS, coop_with_members, meeting_in, published


async def test_notice_period_is_the_ad_art_s(db):
    c = await coop_with_members(1)
    m = await rat.create_meeting(c.id, meeting_in(), actor=c.manager)
    with pytest.raises(NoticeTooShort):  # 14 days of notice less an hour
        await rat.publish(c.id, m.id, actor=c.manager, now=OPENS - timedelta(days=14) + timedelta(hours=1))
    assert (await rat.get_meeting(c.id, m.id, actor=c.manager)).state == "draft"
    short = await rat.create_meeting(c.id, meeting_in(notice_days=7), actor=c.manager)
    out = await rat.publish(c.id, short.id, actor=c.manager, now=OPENS - timedelta(days=7))
    assert out.state == "published" and out.notice_published_at == OPENS - timedelta(days=7)


async def test_vote_before_the_open_is_refused(db):
    c = await coop_with_members(1)
    m = await published(c)
    with pytest.raises(NotOpen):
        await rat.vote(c.id, m.id, VoteIn(item_id=m.items[0].id, choice="setuju"), actor=c.member_actors[0], now=NOW)
    with pytest.raises(NotOpen):  # a draft is never open, whatever the time
        draft = await rat.create_meeting(c.id, meeting_in(), actor=c.manager)
        await rat.attend(c.id, draft.id, AttendIn(), actor=c.member_actors[0], now=DURING)


async def test_one_vote_per_member_per_item_and_never_changed(db):
    c = await coop_with_members(2)
    m = await published(c)
    item = m.items[0].id
    first = await rat.vote(c.id, m.id, VoteIn(item_id=item, choice="setuju"), actor=c.member_actors[0], now=DURING)
    assert first.via == "online" and first.receipt_code.startswith("RAT-")
    with pytest.raises(AlreadyVoted):  # the same vote again
        await rat.vote(c.id, m.id, VoteIn(item_id=item, choice="setuju"), actor=c.member_actors[0], now=DURING)
    with pytest.raises(AlreadyVoted):  # a change of mind
        await rat.vote(c.id, m.id, VoteIn(item_id=item, choice="tidak_setuju"), actor=c.member_actors[0], now=DURING)
    mine = await rat.my_meeting(c.id, m.id, c.members[0], actor=c.member_actors[0])
    assert [(v.choice, v.receipt_code) for v in mine.votes] == [("setuju", first.receipt_code)]
    assert mine.attendance is not None and mine.attendance.via == "online"  # voting records presence


async def test_no_one_votes_for_someone_else(db):
    c = await coop_with_members(2)
    m = await published(c)
    vote = VoteIn(item_id=m.items[0].id, choice="setuju", member_id=c.members[1])
    with pytest.raises(Forbidden):
        await rat.vote(c.id, m.id, vote, actor=c.member_actors[0], now=DURING)
    with pytest.raises(Forbidden):
        await rat.my_meeting(c.id, m.id, c.members[1], actor=c.member_actors[0])


async def test_vote_after_the_close_time_and_after_the_close(db):
    c = await coop_with_members(1)
    m = await published(c)
    vote = VoteIn(item_id=m.items[0].id, choice="setuju")
    with pytest.raises(NotOpen):  # past closes_at, not yet closed
        await rat.vote(c.id, m.id, vote, actor=c.member_actors[0], now=CLOSES)
    await rat.close_meeting(c.id, m.id, actor=c.manager, now=AFTER)
    from rat.errors import MeetingClosed

    with pytest.raises(MeetingClosed):
        await rat.vote(c.id, m.id, vote, actor=c.member_actors[0], now=DURING)
    with pytest.raises(MeetingClosed):
        await rat.attend(c.id, m.id, AttendIn(), actor=c.member_actors[0], now=DURING)
    with pytest.raises(MeetingClosed):
        await rat.close_meeting(c.id, m.id, actor=c.manager, now=AFTER)


async def test_another_cooperative_s_member_is_not_found(db):
    c, other = await coop_with_members(1), await coop_with_members(1)
    m = await published(c)
    item = m.items[0].id
    with pytest.raises(NotFound):  # their member in our meeting
        await rat.vote(c.id, m.id, VoteIn(item_id=item, choice="setuju"), actor=other.member_actors[0], now=DURING)
    with pytest.raises(MeetingNotFound):  # our meeting under their cooperative
        await rat.vote(other.id, m.id, VoteIn(item_id=item, choice="setuju"), actor=other.member_actors[0], now=DURING)
    with pytest.raises(NotFound):  # our cashier recording their member
        vote = VoteIn(item_id=item, choice="setuju", member_id=other.members[0])
        await rat.vote(c.id, m.id, vote, actor=c.cashier, now=DURING)


async def test_only_members_active_at_the_record_date(db):
    c = await coop_with_members(1)
    late = await make_member(c.id, joined_on=date(2026, 3, 10))  # after the record date
    late_actor = actor_of(await make_user("member", c.id, member_id=late.id))
    gone = actor_of(await make_user("member", c.id, member_id=c.members[0]))
    await update_member(c.id, c.members[0], MemberUpdate(status=MemberStatus.EXITED))
    m = await published(c)
    for actor in (late_actor, gone):
        with pytest.raises(NotEligible):
            await rat.vote(c.id, m.id, VoteIn(item_id=m.items[0].id, choice="setuju"), actor=actor, now=DURING)


async def test_counter_vote_is_recorded_as_such(db):
    c = await coop_with_members(2)
    m = await published(c)
    member = c.members[1]
    seen = await rat.attend(c.id, m.id, AttendIn(member_id=member), actor=c.cashier, now=DURING)
    assert (seen.via, seen.recorded_by_user_id) == ("counter", c.cashier.user_id)
    out = await rat.vote(
        c.id, m.id, VoteIn(item_id=m.items[0].id, choice="tidak_setuju", member_id=member), actor=c.cashier, now=DURING
    )
    assert out.via == "counter" and out.member_id == member
    mine = await rat.my_meeting(c.id, m.id, member, actor=c.member_actors[1])
    assert [v.via for v in mine.votes] == ["counter"] and mine.attendance and mine.attendance.via == "counter"
    # an online member votes themselves: the cashier cannot vote in their name
    await rat.attend(c.id, m.id, AttendIn(), actor=c.member_actors[0], now=DURING)
    with pytest.raises(Forbidden):
        vote = VoteIn(item_id=m.items[0].id, choice="setuju", member_id=c.members[0])
        await rat.vote(c.id, m.id, vote, actor=c.cashier, now=DURING)


async def test_delegates_only_where_allowed(db):
    c = await coop_with_members(2)
    m = await published(c)
    with pytest.raises(DelegatesNotAllowed):
        data = AttendIn(member_id=c.members[1], via="delegate", delegate_member_id=c.members[0])
        await rat.attend(c.id, m.id, data, actor=c.cashier, now=DURING)
    allowed = await published(c, delegates_allowed=True)
    data = AttendIn(member_id=c.members[1], via="delegate", delegate_member_id=c.members[0])
    await rat.attend(c.id, allowed.id, data, actor=c.cashier, now=DURING)
    vote = VoteIn(item_id=allowed.items[0].id, choice="setuju", member_id=c.members[1])
    out = await rat.vote(c.id, allowed.id, vote, actor=c.member_actors[0], now=DURING)
    assert (out.member_id, out.via) == (c.members[1], "delegate")


async def test_receipt_check_shows_item_choice_and_counted(db):
    c = await coop_with_members(1)
    m = await published(c, items=[ItemIn(kind="other", title="Pilih lokasi gudang", options=["Desa A", "Desa B"])])
    with pytest.raises(InvalidChoice):
        await rat.vote(c.id, m.id, VoteIn(item_id=m.items[0].id, choice="setuju"), actor=c.member_actors[0], now=DURING)
    out = await rat.vote(
        c.id, m.id, VoteIn(item_id=m.items[0].id, choice="Desa B"), actor=c.member_actors[0], now=DURING
    )
    receipt = await rat.check_receipt(c.id, out.receipt_code.lower(), actor=c.member_actors[0])
    assert (receipt.item_title, receipt.choice, receipt.counted) == ("Pilih lokasi gudang", "Desa B", True)
    assert "member_id" not in receipt.model_dump()
    with pytest.raises(ReceiptNotFound):
        await rat.check_receipt(c.id, "RAT-AAAAA-AAAAA", actor=c.member_actors[0])
    other = await coop_with_members(1)
    with pytest.raises(ReceiptNotFound):  # another cooperative's receipt is not theirs to read
        await rat.check_receipt(other.id, out.receipt_code, actor=other.member_actors[0])


async def test_vote_idempotency_key_returns_the_same_receipt(db):
    c = await coop_with_members(1)
    m = await published(c)
    vote = VoteIn(item_id=m.items[0].id, choice="abstain")
    a = await rat.vote(c.id, m.id, vote, actor=c.member_actors[0], now=DURING, idempotency_key="k1")
    b = await rat.vote(c.id, m.id, vote, actor=c.member_actors[0], now=DURING, idempotency_key="k1")
    assert a.receipt_code == b.receipt_code
