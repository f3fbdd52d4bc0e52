"""A dispatcher process for tests/market/test_outbox_workers.py: `market worker`'s loop on
DATABASE_URL with one handler of ``test.happened`` that appends each event's ``n`` to a file of its
own (``<dir>/<pid>.events``); it counts its dispatch rounds (``<dir>/<pid>.rounds``, rewritten
at each) and says it is idle once (``<dir>/<pid>.ready``) after its first empty round.

Run as ``python -m tests.market.outbox_worker DIR``; SIGTERM stops it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from market import db, worker
from market.service import outbox, subscribe
from tests.events import Happened


async def main(directory: Path) -> None:
    me = directory / str(os.getpid())
    rounds = 0

    async def handle(event: Happened) -> None:
        await asyncio.sleep(0.005)  # some work, so a burst is shared out
        with me.with_suffix(".events").open("a") as out:
            out.write(f"{event.n}\n")

    async def counting(limit: int = 100, **kwargs) -> int:
        nonlocal rounds
        rounds += 1
        me.with_suffix(".rounds").write_text(str(rounds))
        done = await outbox.dispatch_pending(limit, **kwargs)
        if done == 0 and not me.with_suffix(".ready").exists():
            me.with_suffix(".ready").write_text("idle")
        return done

    worker.dispatch_pending = counting
    subscribe(Happened, handle, name="test.outbox_worker")
    await db.init(db.tortoise_config(os.environ["DATABASE_URL"], pool_size=4))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await worker.run(stop)
    finally:
        await db.close()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
