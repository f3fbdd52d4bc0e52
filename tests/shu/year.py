"""Last year booked by hand (tests/market/shu_books.py, all on 1 June) and locked through 31
December, so the close may run. Figures (worked out in tests/market/test_shu.py):
SHU after tax 285.000 — members 172.129, non-members 112.871; policy cadangan 30 %, jasa usaha
40 %, jasa modal 20 %, pendidikan 10 %; weights a 1.005.000 (purchase + ppob), b 500.000 (supply),
c 600.000 (purchase); capital pokok + wajib a 300.000, b 100.000, c 100.000.
"""

from __future__ import annotations

from datetime import date

from market import service
from market.schemas import Role
from market.service import journal
from market.service.users import actor_of
from tests.builders import make_user
from tests.market.shu_books import book_a_year

YEAR = date.today().year - 1


async def manager(coop_id: int):
    return actor_of(await make_user(Role.MANAGER, coop_id))


async def book_year(**coop):
    with service.booking_on(date(YEAR, 6, 1)):
        return await book_a_year(**coop)


async def lock(coop_id: int) -> None:
    await journal.close_month(coop_id, YEAR, 12, actor=await manager(coop_id))


async def closed_year(**coop):
    """(cooperative, a, b, c) with last year booked and locked."""
    c, a, b, m = await book_year(**coop)
    await lock(c.id)
    return c, a, b, m
