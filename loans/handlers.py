"""Loans' periodic job: the provision (cadangan risiko) follows the loans' collectibility."""

from __future__ import annotations

from loans.service.arrears import book_all_provisions
from market import worker
from market.runtime import Runtime


async def provision_job() -> None:
    await book_all_provisions()


def register(rt: Runtime) -> None:
    worker.every(3600.0, "loans.book_provisions", provision_job)
