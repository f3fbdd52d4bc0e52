"""A separate process that runs a year's SHU distribution (test_distribution_kill kills it mid-way)."""

import asyncio
import sys

from market import db, service
from shu import service as shu


async def main(url: str, coop_id: int, year: int, user_id: int, pause_ms: int) -> None:
    await db.init(db.tortoise_config(url, pool_size=4))
    try:
        actor = await service.actor_by_id(user_id)
        assert actor is not None

        async def slowly(member_id: int) -> None:
            await asyncio.sleep(pause_ms / 1000)

        await shu.distribute(coop_id, year, actor=actor, batch=10, on_member=slowly)
    finally:
        await db.close()


if __name__ == "__main__":
    url, coop_id, year, user_id, pause_ms = sys.argv[1:]
    asyncio.run(main(url, int(coop_id), int(year), int(user_id), int(pause_ms)))
