"""What people call Indonesia's clocks. Every time a person sees (pages, receipts, PDFs) is on the
cooperative's own clock and says which one: WIB, WITA or WIT."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

# the first of Indonesia's clocks to reach a new day (WIT, UTC+9): a date later than today there is
# in the future for every cooperative, whatever the server's own clock says
EASTERNMOST = "Asia/Jayapura"

ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_label(timezone: str) -> str:
    """The zone's Indonesian name (WIB, WITA, WIT), or the zone itself outside Indonesia."""
    return ZONE_LABELS.get(timezone, timezone)


class HasTimezone(Protocol):
    timezone: str


def today_in(coop: HasTimezone) -> date:
    """The cooperative's own date now: a member in Jayapura is a day ahead of UTC from 15:00 UTC."""
    return datetime.now(ZoneInfo(coop.timezone)).date()


def latest_today() -> date:
    """Today on the easternmost Indonesian clock, the bound for "not in the future" where the
    cooperative is not known yet (a schema's own check)."""
    return datetime.now(ZoneInfo(EASTERNMOST)).date()
