"""The network counter's periodic job: withdrawals nobody confirmed in time expire."""

from __future__ import annotations

from market import worker
from market.runtime import Runtime
from network.service.counter import expire_due


async def expire_job() -> None:
    await expire_due()


def register(rt: Runtime) -> None:
    worker.every(30.0, "network.expire_due", expire_job)
