"""What the ledger and every package ask of a cooperative's row most often, cached per process:
its time zone (set when it joins) and whether it is syariah; and its own date at a moment."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from market import db

PLATFORM_ZONE = ZoneInfo("Asia/Jakarta")

# (database epoch, cooperative id) -> its time zone; a cooperative's zone is set when it joins.
_zones: dict[tuple[int, int], str] = {}


async def zone_of(coop_id: int | None) -> ZoneInfo:
    if not coop_id:
        return PLATFORM_ZONE
    zone = _zones.get((db.epoch, coop_id))
    if zone is None:
        rows = await db.execute("SELECT timezone FROM cooperative WHERE id = ?", coop_id)
        zone = rows[0]["timezone"] if rows else PLATFORM_ZONE.key
        _zones[(db.epoch, coop_id)] = zone
    return ZoneInfo(zone)


# (database epoch, cooperative id) -> whether it is a syariah cooperative (its words, market.terms).
_syariah: dict[tuple[int, int], bool] = {}


async def is_syariah(coop_id: int | None) -> bool:
    if not coop_id:
        return False
    flag = _syariah.get((db.epoch, coop_id))
    if flag is None:
        rows = await db.execute("SELECT syariah FROM cooperative WHERE id = ?", coop_id)
        flag = bool(rows[0]["syariah"]) if rows else False
        _syariah[(db.epoch, coop_id)] = flag
    return flag


def forget_zone(coop_id: int) -> None:
    """Forget what is cached of a cooperative whose settings changed (its zone, syariah or not)."""
    _zones.pop((db.epoch, coop_id), None)
    _syariah.pop((db.epoch, coop_id), None)


async def day_in(coop_id: int | None, moment: datetime | None = None) -> date:
    """The cooperative's own date at *moment* (now when None): its business day, on its clock
    (the platform's, WIB, for no cooperative)."""
    return (moment or datetime.now(UTC)).astimezone(await zone_of(coop_id)).date()
