"""Background work: the outbox dispatcher and periodic jobs.

In the embedded default it runs as a task inside the app process; in production `market worker`
runs it in its own processes (any number of them). On PostgreSQL each dispatcher claims its
events (``FOR UPDATE SKIP LOCKED``, a lease: market.service.outbox) and sleeps until a
notification says the outbox has a new event, its next periodic job is due, or an event waiting
for a retry becomes due — no polling while there is nothing to do. On SQLite it looks every
``poll_s``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from market import db
from market.service import dispatch_pending
from market.service.outbox import CHANNEL, next_due

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[object]]
_periodic: list[tuple[str, float, Job]] = []
CLAIM_BATCH = 20  # events one dispatcher claims at a time: a burst is shared by all of them
MAX_IDLE_S = 30.0  # a listening dispatcher looks at least this often (a notification lost in a reconnect)


def every(seconds: float, name: str, job: Job) -> None:
    """Run *job* every *seconds* in the worker loop (registered at start-up by the packages)."""
    if all(existing != name for existing, _, _ in _periodic):
        _periodic.append((name, seconds, job))


class _Wake:
    """The dispatcher's alarm: set by a notification (PostgreSQL), or nothing (SQLite polls)."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.conn = None

    async def ensure(self) -> bool:
        """Listening (reconnected if its connection dropped)? False on SQLite."""
        if self.conn is not None and not self.conn.is_closed():
            return True
        try:
            self.conn = await db.listen(CHANNEL, self.event.set)
        except Exception:  # the database is down: poll until it is back
            log.exception("outbox listener could not connect")
            self.conn = None
        return self.conn is not None

    async def close(self) -> None:
        if self.conn is not None and not self.conn.is_closed():
            await self.conn.close()


async def _round(loop: asyncio.AbstractEventLoop, due: dict[str, float]) -> None:
    """Deliver every due event, then run the periodic jobs that are due, on one held connection."""
    async with db.request_connection():
        while await dispatch_pending(limit=CLAIM_BATCH):
            pass
        for name, seconds, job in list(_periodic):
            if loop.time() >= due.get(name, 0):
                due[name] = loop.time() + seconds
                await job()


async def _idle_for(loop: asyncio.AbstractEventLoop, due: dict[str, float]) -> float:
    """Seconds until something is due: a periodic job, a retry, or MAX_IDLE_S."""
    wait = min([MAX_IDLE_S, *(at - loop.time() for at in due.values())])
    retry = await next_due()
    if retry is not None:
        wait = min(wait, (retry - datetime.now(UTC)).total_seconds())
    return max(0.0, wait)


async def run(stop: asyncio.Event, *, poll_s: float = 0.2) -> None:
    """Dispatch outbox events and run periodic jobs until *stop* is set."""
    loop = asyncio.get_running_loop()
    due = {name: loop.time() + seconds for name, seconds, _ in _periodic}
    wake = _Wake()
    try:
        while not stop.is_set():
            listening = await wake.ensure()
            wake.event.clear()  # before the round: a notification during it wakes the next one
            timeout = poll_s
            try:
                await _round(loop, due)
                if listening:
                    timeout = await _idle_for(loop, due)
            except Exception:  # keep the loop alive; the next round retries
                log.exception("background work failed")
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.event.wait())]
            _, pending = await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            for waiter in pending:
                waiter.cancel()
    finally:
        await wake.close()
