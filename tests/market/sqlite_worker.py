"""A separate process that hammers one SQLite file with deposits (used by test_sqlite_processes)."""

import asyncio
import sys

from market import db
from market.schemas import SavingsMovementIn
from market.service import deposit


async def main(url: str, coop_id: int, member_id: int, count: int, tag: str) -> None:
    await db.init(db.tortoise_config(url, busy_timeout_ms=30000))
    try:
        for n in range(count):
            await deposit(
                coop_id, member_id, SavingsMovementIn(kind="sukarela", amount=1_000), idempotency_key=f"{tag}-{n}"
            )
    finally:
        await db.close()


if __name__ == "__main__":
    url, coop_id, member_id, count, tag = sys.argv[1:]
    asyncio.run(main(url, int(coop_id), int(member_id), int(count), tag))
