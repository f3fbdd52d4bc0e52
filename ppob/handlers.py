"""PPOB's background work: follow pending transactions, sync the price list, expire old bills.

Each job takes the biller and the rule numbers from the process's runtime when it runs
(``link_of(runtime.current())``); the periods come from the runtime it is registered with.
"""

from __future__ import annotations

import logging

from market import runtime, worker
from market.runtime import Runtime
from market.service import subscribe
from payments.events import PaymentExpired, PaymentFailed, PaymentSucceeded
from ppob import service

log = logging.getLogger(__name__)


def _link() -> service.Link:
    return service.link_of(runtime.current())


async def sync_if_empty() -> None:
    """In the embedded default the price list starts empty: fill it once the biller answers."""
    if not await service.list_products_exist():
        report = await service.sync_price_list(_link())
        log.info("PPOB price list synced: %s", report.summary())


async def scheduled_sync() -> None:
    report = await service.sync_price_list(_link())
    log.info("PPOB price list synced: %s", report.summary())


async def poll_pending() -> None:
    await service.poll_pending(_link())


async def expire_inquiries() -> None:
    await service.expire_inquiries(_link())


async def on_payment_succeeded(event: PaymentSucceeded) -> None:
    """A Xendit invoice of a PPOB purchase was paid: hold the money and send the purchase."""
    await service.invoice_paid(event)


async def on_payment_unpaid(event: PaymentFailed | PaymentExpired) -> None:
    await service.invoice_unpaid(event)


def register(rt: Runtime) -> None:
    """Subscribe to payments' outcomes; register the periodic jobs."""
    subscribe(PaymentSucceeded, on_payment_succeeded, "ppob.payment_succeeded")
    subscribe(PaymentFailed, on_payment_unpaid, "ppob.payment_failed")
    subscribe(PaymentExpired, on_payment_unpaid, "ppob.payment_expired")
    worker.every(rt.ppob_poll_every_s, "ppob.poll_pending", poll_pending)
    worker.every(rt.ppob_sync_every_s, "ppob.sync_price_list", scheduled_sync)
    worker.every(30.0, "ppob.sync_if_empty", sync_if_empty)
    worker.every(3600.0, "ppob.expire_inquiries", expire_inquiries)
