"""The e-RAT's periodic job: meetings close by themselves at their closing time."""

from __future__ import annotations

from market import worker
from market.runtime import Runtime
from rat.service.closing import close_due


async def close_due_job() -> None:
    await close_due()


def register(rt: Runtime) -> None:
    worker.every(60.0, "rat.close_due", close_due_job)
