"""The shop's outbox handlers: a counter QRIS sale completed by its payment, voided by its lapse."""

from __future__ import annotations

from market.runtime import Runtime
from market.service import subscribe
from payments.events import PaymentExpired, PaymentFailed, PaymentSucceeded
from retail.service import qris


def register(rt: Runtime) -> None:
    subscribe(PaymentSucceeded, qris.payment_succeeded, "retail.payment_succeeded")
    subscribe(PaymentFailed, qris.payment_lapsed, "retail.payment_failed")
    subscribe(PaymentExpired, qris.payment_lapsed, "retail.payment_expired")
