"""Periodic jobs of payments (it subscribes to no other package's events)."""

from __future__ import annotations

import time

from market import runtime, worker
from market.runtime import Runtime

_last_run = 0.0


async def reconcile_job() -> None:
    """Reconcile open payments, refunds and payouts every PAYMENT_RECONCILE_EVERY_S."""
    global _last_run
    rt = runtime.current()
    if time.monotonic() - _last_run < rt.payment_reconcile_every_s:
        return
    _last_run = time.monotonic()
    from payments.service import reconcile

    await reconcile(rt.gateway, older_than_s=rt.payment_reconcile_after_s)


def register(rt: Runtime) -> None:
    worker.every(5, "payments.reconcile", reconcile_job)
