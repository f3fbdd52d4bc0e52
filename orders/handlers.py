"""Orders' reactions to payments' events and its periodic job (auto-complete)."""

from __future__ import annotations

from market import runtime, worker
from market import service as market
from market.runtime import Runtime
from orders.service.fulfilment import auto_complete, refund_failed, refund_succeeded
from orders.service.payments import payment_lapsed, payment_succeeded
from payments.events import PaymentExpired, PaymentFailed, PaymentRefunded, PaymentSucceeded, RefundFailed


async def auto_complete_job() -> None:
    await auto_complete(runtime.current().order_auto_complete_days)


def register(rt: Runtime) -> None:
    """Subscribe to payment outcomes; complete sub-orders left unconfirmed every hour."""
    market.subscribe(PaymentSucceeded, payment_succeeded, name="orders.payment_succeeded")
    market.subscribe(PaymentExpired, payment_lapsed, name="orders.payment_expired")
    market.subscribe(PaymentFailed, payment_lapsed, name="orders.payment_failed")
    market.subscribe(RefundFailed, refund_failed, name="orders.refund_failed")
    market.subscribe(PaymentRefunded, refund_succeeded, name="orders.refund_succeeded")
    worker.every(3600.0, "orders.auto_complete", auto_complete_job)
