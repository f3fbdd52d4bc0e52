"""Builders for the e-RAT tests: a cooperative with its manager, cashier and members, and a
published meeting whose times are relative to a fixed instant (the tests pass ``now``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from market.service import Actor
from market.service.users import actor_of
from rat import service as rat
from rat.schemas import ItemIn, MeetingIn, MeetingOut
from tests.builders import make_coop, make_member, make_user

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 09:00 in Jakarta
OPENS = NOW + timedelta(days=15)
CLOSES = OPENS + timedelta(hours=4)
DURING = OPENS + timedelta(minutes=30)
AFTER = CLOSES + timedelta(minutes=1)


@dataclass
class Coop:
    id: int
    manager: Actor
    cashier: Actor
    members: list[int]
    member_actors: list[Actor]


async def coop_with_members(n: int = 3) -> Coop:
    coop = await make_coop()
    manager = actor_of(await make_user("manager", coop.id))
    cashier = actor_of(await make_user("cashier", coop.id))
    ids, actors = [], []
    for _ in range(n):
        member = await make_member(coop.id, joined_on=date(2025, 1, 1))
        ids.append(member.id)
        actors.append(actor_of(await make_user("member", coop.id, member_id=member.id)))
    return Coop(coop.id, manager, cashier, ids, actors)


def meeting_in(items: list[ItemIn] | None = None, **overrides) -> MeetingIn:
    data = {
        "title": "RAT Tahun Buku 2025",
        "fiscal_year": 2025,
        "opens_at": OPENS,
        "closes_at": CLOSES,
        "record_date": date(2026, 3, 1),
        "items": items or [ItemIn(kind="statements", title="Pengesahan laporan keuangan 2025")],
    }
    data.update(overrides)
    return MeetingIn(**data)


async def published(c: Coop, items: list[ItemIn] | None = None, **overrides) -> MeetingOut:
    m = await rat.create_meeting(c.id, meeting_in(items, **overrides), actor=c.manager)
    return await rat.publish(c.id, m.id, actor=c.manager, now=NOW)
