"""A separate process sending wallet transfers through the service, several at once, until it is
killed (test_transfer_races kills it with SIGKILL mid-way)."""

import asyncio
import sys

from market import db
from payments import service
from payments.schemas import RecipientIn


async def main(url: str, wallet_id: int, user_id: int, member_number: str, coop: str, pin: str, keys: int) -> None:
    await db.init(db.tortoise_config(url, pool_size=8))
    to = RecipientIn(member_number=member_number, cooperative=coop)
    queue = list(range(keys))

    async def sender() -> None:
        while queue:
            n = queue.pop(0)
            await service.transfer(wallet_id, to, 1_000, pin_code=pin, user_id=user_id, idempotency_key=f"kill-{n}")

    try:
        # four at once: a login has at most five PIN checks in flight before the lock-out counts them
        await asyncio.gather(*(sender() for _ in range(4)))
    finally:
        await db.close()


if __name__ == "__main__":
    url, wallet_id, user_id, member_number, coop, pin, keys = sys.argv[1:]
    asyncio.run(main(url, int(wallet_id), int(user_id), member_number, coop, pin, int(keys)))
