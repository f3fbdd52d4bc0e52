"""Background work: the outbox dispatcher and periodic jobs.

In the embedded default it runs as a task inside the app process; in production `market worker`
runs it in its own processes (any number of them: deliveries are idempotent per handler).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from market.service import dispatch_pending

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[object]]
_periodic: list[tuple[str, float, Job]] = []


def every(seconds: float, name: str, job: Job) -> None:
    """Run *job* every *seconds* in the worker loop (registered at start-up by the packages)."""
    if all(existing != name for existing, _, _ in _periodic):
        _periodic.append((name, seconds, job))


async def run(stop: asyncio.Event, *, poll_s: float = 0.2) -> None:
    """Dispatch outbox events and run periodic jobs until *stop* is set."""
    loop = asyncio.get_running_loop()
    due = {name: loop.time() + seconds for name, seconds, _ in _periodic}
    while not stop.is_set():
        try:
            while await dispatch_pending(limit=200):
                pass
            for name, seconds, job in list(_periodic):
                if loop.time() >= due.get(name, 0):
                    due[name] = loop.time() + seconds
                    await job()
        except Exception:  # keep the loop alive; the next round retries
            log.exception("background work failed")
        try:
            await asyncio.wait_for(stop.wait(), timeout=poll_s)
        except TimeoutError:
            pass
