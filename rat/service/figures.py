"""What the health page (oversight) reads of the e-RAT: one statement."""

from __future__ import annotations

from datetime import datetime

from rat.models import Meeting, MeetingKind, MeetingState


async def rats_closed(coop_id: int) -> dict[int, datetime]:
    """For each fiscal year of the cooperative, when its first annual meeting (RAT) was closed."""
    rows = (
        await Meeting.filter(
            cooperative_id=coop_id, kind=MeetingKind.RAT, state=MeetingState.CLOSED, closed_at__isnull=False
        )
        .order_by("closed_at")
        .values_list("fiscal_year", "closed_at")
    )
    found: dict[int, datetime] = {}
    for year, at in rows:
        found.setdefault(int(year), at)
    return found
