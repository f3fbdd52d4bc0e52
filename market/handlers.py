"""Periodic jobs of the core (it subscribes to no other package's events)."""

from __future__ import annotations

from market import worker
from market.runtime import Runtime


async def purge_sessions_and_counters() -> None:
    from market.service.accounts import purge_expired

    await purge_expired()


def register(rt: Runtime) -> None:
    worker.every(3600.0, "market.purge_sessions", purge_sessions_and_counters)
