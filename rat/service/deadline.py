"""The RAT deadline: the last fiscal year's annual meeting should be held by 31 March (the
customary date; a soft warning as it nears and after it) and must be by 30 June — within six
months of the year's end (UU 25/1992 and the AD/ART)."""

from __future__ import annotations

from datetime import date

from market import service as market
from rat.models import Meeting, MeetingKind, MeetingState
from rat.schemas import DeadlineOut

SOFT_WARN_DAYS = 45  # how long before 31 March the soft warning starts


async def rat_deadline(coop_id: int, today: date) -> DeadlineOut:
    year = today.year - 1
    coop = await market.get_cooperative(coop_id)
    held = await Meeting.exists(
        cooperative_id=coop_id, kind=MeetingKind.RAT, fiscal_year=year, state=MeetingState.CLOSED
    )
    if held or coop.created_at.date().year > year:
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
