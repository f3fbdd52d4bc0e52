"""PPOB's background work: follow pending transactions, sync the price list, expire old bills."""

from __future__ import annotations

import logging

from market import worker
from market.service import subscribe
from market.settings import load
from payments.events import PaymentExpired, PaymentFailed, PaymentSucceeded
from ppob import service

log = logging.getLogger(__name__)


async def sync_if_empty() -> None:
    """In the embedded default the price list starts empty: fill it once the biller answers."""
    if not await service.list_products_exist():
        report = await service.sync_price_list()
        log.info("PPOB price list synced: %s", report.summary())


async def scheduled_sync() -> None:
    report = await service.sync_price_list()
    log.info("PPOB price list synced: %s", report.summary())


async def on_payment_succeeded(event: PaymentSucceeded) -> None:
    """A Xendit invoice of a PPOB purchase was paid: hold the money and send the purchase."""
    await service.invoice_paid(event)


async def on_payment_unpaid(event: PaymentFailed | PaymentExpired) -> None:
    await service.invoice_unpaid(event)


def register() -> None:
    """Subscribe to payments' outcomes; register the periodic jobs (the worker process wires the
    biller from its settings here)."""
    subscribe(PaymentSucceeded, on_payment_succeeded, "ppob.payment_succeeded")
    subscribe(PaymentFailed, on_payment_unpaid, "ppob.payment_failed")
    subscribe(PaymentExpired, on_payment_unpaid, "ppob.payment_expired")
    settings = load()
    if service.wiring.biller is None:
        from ppob import wiring

        wiring.configure(settings)
    worker.every(settings.ppob_poll_every_s, "ppob.poll_pending", service.poll_pending)
    worker.every(settings.ppob_sync_every_s, "ppob.sync_price_list", scheduled_sync)
    worker.every(30.0, "ppob.sync_if_empty", sync_if_empty)
    worker.every(3600.0, "ppob.expire_inquiries", service.expire_inquiries)
