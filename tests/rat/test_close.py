"""The close: quorum, the decision rule (a tie is not approved), the SHU proposal decided in the
same transaction, nothing after it, the berita acara, the worker's close, the RAT deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from market.clock import today_in
from rat import service as rat
from rat.errors import NoShuProposal, TooEarlyToClose
from rat.schemas import ItemIn, VoteIn
from shu import service as shu
from shu.errors import ProposalNotOpen
from tests.rat.meeting import AFTER, DURING, coop_with_members, meeting_in, published
from tests.shu.year import YEAR, closed_year, manager


async def _votes(c, m, choices: list[str], item: int = 0) -> None:
    for actor, choice in zip(c.member_actors, choices, strict=False):
        await rat.vote(c.id, m.id, VoteIn(item_id=m.items[item].id, choice=choice), actor=actor, now=DURING)


async def test_quorum_missed_gives_no_result_for_any_item(db):
    c = await coop_with_members(3)
    items = [ItemIn(kind="statements", title="Laporan keuangan"), ItemIn(kind="workplan", title="Rencana kerja")]
    m = await published(c, items=items)
    await _votes(c, m, ["setuju"])  # 1 of 3 attended: not more than half
    with pytest.raises(TooEarlyToClose):
        await rat.close_meeting(c.id, m.id, actor=c.manager, now=DURING)
    out = await rat.close_meeting(c.id, m.id, actor=c.manager, now=AFTER)
    assert (out.state, out.eligible_count, out.attended_count, out.quorum_met) == ("closed", 3, 1, False)
    assert [i.result for i in out.items] == ["no_result", "no_result"]
    assert out.items[0].counts == {"setuju": 1, "tidak_setuju": 0, "abstain": 0}
    mine = await rat.my_meeting(c.id, m.id, c.members[0], actor=c.member_actors[0])
    receipt = await rat.check_receipt(c.id, mine.votes[0].receipt_code, actor=c.member_actors[0])
    assert receipt.counted is False


async def test_exactly_half_is_no_quorum_and_more_than_half_is(db):
    assert rat.quorum_met(2, 4, 5000) is False and rat.quorum_met(3, 4, 5000) is True
    assert rat.quorum_met(0, 0, 5000) is False


async def test_a_tie_is_not_approved_and_abstentions_are_not_votes_cast(db):
    c = await coop_with_members(4)
    items = [ItemIn(kind="statements", title="Laporan keuangan"), ItemIn(kind="accountability", title="LPJ")]
    m = await published(c, items=items)
    await _votes(c, m, ["setuju", "setuju", "tidak_setuju", "tidak_setuju"], item=0)
    await _votes(c, m, ["setuju", "setuju", "tidak_setuju", "abstain"], item=1)
    out = await rat.close_meeting(c.id, m.id, actor=c.manager, now=AFTER)
    assert out.quorum_met is True
    assert [i.result for i in out.items] == ["rejected", "approved"]
    assert out.items[1].counts == {"setuju": 2, "tidak_setuju": 1, "abstain": 1}


async def test_an_item_with_its_own_options(db):
    c = await coop_with_members(3)
    m = await published(c, items=[ItemIn(kind="other", title="Lokasi gudang", options=["Desa A", "Desa B"])])
    await _votes(c, m, ["Desa B", "Desa B", "Desa A"])
    out = await rat.close_meeting(c.id, m.id, actor=c.manager, now=AFTER)
    assert out.items[0].result == "Desa B" and out.items[0].counts == {"Desa A": 1, "Desa B": 2, "abstain": 0}


async def test_the_worker_closes_meetings_at_their_time(db):
    c = await coop_with_members(2)
    m = await published(c)
    await _votes(c, m, ["setuju", "setuju"])
    assert await rat.close_due(now=DURING) == 0
    assert await rat.close_due(now=AFTER) == 1
    out = await rat.get_meeting(c.id, m.id, actor=c.manager)
    assert out.state == "closed" and out.items[0].result == "approved" and out.closed_at == AFTER


async def test_minutes_pdf(db):
    c = await coop_with_members(2)
    m = await published(c)
    await _votes(c, m, ["setuju", "tidak_setuju"])
    from rat.errors import WrongState

    with pytest.raises(WrongState):  # no berita acara before the close
        await rat.minutes_pdf(c.id, m.id, actor=c.manager)
    await rat.close_meeting(c.id, m.id, actor=c.manager, now=AFTER)
    pdf = await rat.minutes_pdf(c.id, m.id, actor=c.member_actors[0])
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


# --- the SHU item: real members of a real closed year (tests/shu/year.py), times from today


async def _shu_meeting(coop, members):
    from market.service.users import actor_of
    from tests.builders import make_user

    boss = await manager(coop.id)
    now = datetime.now(UTC)
    opens = now + timedelta(days=15)
    items = [ItemIn(kind="statements", title="Laporan keuangan"), ItemIn(kind="shu", title="Pembagian SHU")]
    data = meeting_in(items, fiscal_year=YEAR, opens_at=opens, closes_at=opens + timedelta(hours=2))
    data.record_date = today_in(coop)  # the cooperative's date: a day ahead of UTC in the evening
    m = await rat.create_meeting(coop.id, data, actor=boss)
    m = await rat.publish(coop.id, m.id, actor=boss, now=now)
    actors = [actor_of(await make_user("member", coop.id, member_id=x.id)) for x in members]
    return m, boss, actors, opens + timedelta(minutes=5), opens + timedelta(hours=3)


async def test_an_shu_item_needs_the_year_s_proposal(db):
    coop, *_ = await closed_year()
    with pytest.raises(NoShuProposal):
        await rat.create_meeting(
            coop.id, meeting_in([ItemIn(kind="shu", title="SHU")], fiscal_year=YEAR), actor=await manager(coop.id)
        )


@pytest.mark.parametrize("choice,state", [("setuju", "approved"), ("tidak_setuju", "rejected")])
async def test_the_close_decides_the_shu_proposal(db, choice, state):
    coop, a, b, c = await closed_year()
    proposal = await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    m, boss, actors, during, after = await _shu_meeting(coop, [a, b, c])
    assert m.items[1].shu_proposal_id == proposal.id and m.items[1].shu_version == 1
    for actor in actors[:2]:
        await rat.vote(coop.id, m.id, VoteIn(item_id=m.items[1].id, choice=choice), actor=actor, now=during)
    out = await rat.close_meeting(coop.id, m.id, actor=boss, now=after)
    decided = await shu.get_proposal(coop.id, YEAR)
    assert out.items[1].result == ("approved" if choice == "setuju" else "rejected")
    assert (decided.state, decided.decided_by_item_id) == (state, m.items[1].id)


async def test_no_quorum_leaves_the_shu_proposal_waiting(db):
    coop, a, b, c = await closed_year()
    await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    m, boss, actors, during, after = await _shu_meeting(coop, [a, b, c])
    await rat.vote(coop.id, m.id, VoteIn(item_id=m.items[1].id, choice="setuju"), actor=actors[0], now=during)
    await rat.close_meeting(coop.id, m.id, actor=boss, now=after)
    assert (await shu.get_proposal(coop.id, YEAR)).state == "proposed"


async def test_the_shu_decision_and_the_close_are_one_transaction(db):
    coop, a, b, c = await closed_year()
    proposal = await shu.close_year(coop.id, YEAR, actor=await manager(coop.id))
    m, boss, actors, during, after = await _shu_meeting(coop, [a, b, c])
    for actor in actors:
        await rat.vote(coop.id, m.id, VoteIn(item_id=m.items[1].id, choice="setuju"), actor=actor, now=during)
    await shu.decide(proposal.id, approved=False, item_id=None)  # decided elsewhere meanwhile
    with pytest.raises(ProposalNotOpen):
        await rat.close_meeting(coop.id, m.id, actor=boss, now=after)
    out = await rat.get_meeting(coop.id, m.id, actor=boss)  # the close was undone whole
    assert out.state == "open" and out.closed_at is None and [i.result for i in out.items] == [None, None]


async def test_rat_deadline(db):
    c = await coop_with_members(1)
    from market.models import Cooperative  # the cooperative must have existed in the fiscal year

    await Cooperative.filter(id=c.id).update(created_at=datetime(2024, 6, 1, tzinfo=UTC))
    assert (await rat.rat_deadline(c.id, date(2026, 1, 10))).level == "none"
    soft = await rat.rat_deadline(c.id, date(2026, 3, 20))
    assert (soft.level, soft.fiscal_year, soft.deadline, soft.days_left) == ("soft", 2025, date(2026, 3, 31), 11)
    legal = await rat.rat_deadline(c.id, date(2026, 4, 2))
    assert (legal.level, legal.deadline, legal.days_left) == ("legal", date(2026, 6, 30), 89)
    assert (await rat.rat_deadline(c.id, date(2026, 7, 1))).level == "overdue"
    m = await published(c)
    await rat.vote(c.id, m.id, VoteIn(item_id=m.items[0].id, choice="setuju"), actor=c.member_actors[0], now=DURING)
    await rat.close_meeting(c.id, m.id, actor=c.manager, now=AFTER)
    assert (await rat.rat_deadline(c.id, date(2026, 4, 2))).level == "none"  # held
