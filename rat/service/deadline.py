"""The RAT deadline: the last fiscal year's annual meeting should be held by 31 March (the
customary date; a soft warning as it nears and after it) and must be by 30 June — within six
months of the year's end (UU 25/1992 and the AD/ART)."""

from __future__ import annotations

from datetime import date

from market import service as market
from rat.models import Meeting, MeetingKind, MeetingState
from rat.schemas import DeadlineOut

SOFT_WARN_DAYS = 45  # how long before 31 March the soft warning starts


def deadline_of(year_of_creation: int, held: bool, today: date) -> DeadlineOut:
    """The warning for the last fiscal year (*held*: a closed RAT for it exists)."""
    year = today.year - 1
    if held or year_of_creation > year:
        return DeadlineOut(level="none", fiscal_year=year, deadline=None, days_left=None, message="")
    march, june = date(today.year, 3, 31), date(today.year, 6, 30)
    if today <= march:
        days = (march - today).days
        if days > SOFT_WARN_DAYS:
            return DeadlineOut(level="none", fiscal_year=year, deadline=march, days_left=days, message="")
        message = f"RAT tahun buku {year} sebaiknya diadakan paling lambat 31 Maret ({days} hari lagi)."
        return DeadlineOut(level="soft", fiscal_year=year, deadline=march, days_left=days, message=message)
    if today <= june:
        days = (june - today).days
        message = (
            f"RAT tahun buku {year} belum diadakan: 31 Maret sudah lewat; batas enam bulan adalah "
            f"30 Juni ({days} hari lagi)."
        )
        return DeadlineOut(level="legal", fiscal_year=year, deadline=june, days_left=days, message=message)
    days = (june - today).days
    message = f"RAT tahun buku {year} terlambat: batas enam bulan (30 Juni) sudah lewat {-days} hari."
    return DeadlineOut(level="overdue", fiscal_year=year, deadline=june, days_left=days, message=message)


async def _held(coop_ids: list[int], year: int) -> set[int]:
    rows: list[int] = await Meeting.filter(  # type: ignore[assignment]
        cooperative_id__in=coop_ids, kind=MeetingKind.RAT, fiscal_year=year, state=MeetingState.CLOSED
    ).values_list("cooperative_id", flat=True)
    return set(rows)


async def rat_deadline(coop_id: int, today: date) -> DeadlineOut:
    """The RAT deadline of one cooperative on *today* (its own local day)."""
    coop = await market.get_cooperative(coop_id)
    held = await _held([coop_id], today.year - 1)
    return deadline_of(coop.created_at.year, coop_id in held, today)


async def rat_deadlines(coops: list, today_of) -> dict[int, DeadlineOut]:
    """The warnings of many cooperatives (the operator's list) in one query; *today_of(coop)*
    gives each cooperative's local day."""
    days = {c.id: today_of(c) for c in coops}
    by_year: dict[int, list[int]] = {}
    for coop_id, day in days.items():
        by_year.setdefault(day.year - 1, []).append(coop_id)
    held: set[int] = set()
    for year, ids in by_year.items():
        held |= await _held(ids, year)
    return {c.id: deadline_of(c.created_at.year, c.id in held, days[c.id]) for c in coops}
