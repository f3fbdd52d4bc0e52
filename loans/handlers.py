"""Loans' periodic job (the provision follows the loans' collectibility) and its handlers of
payments' outcomes (an instalment paid by a Xendit invoice)."""

from __future__ import annotations

from loans.service.arrears import book_all_provisions
from loans.service.invoice import invoice_paid, invoice_unpaid
from market import worker
from market.runtime import Runtime
from market.service import subscribe
from payments.events import PaymentExpired, PaymentFailed, PaymentSucceeded


async def provision_job() -> None:
    await book_all_provisions()


async def on_payment_succeeded(event: PaymentSucceeded) -> None:
    """A Xendit invoice of an instalment was paid: book the instalment (once)."""
    await invoice_paid(event)


async def on_payment_unpaid(event: PaymentFailed | PaymentExpired) -> None:
    await invoice_unpaid(event)


def register(rt: Runtime) -> None:
    subscribe(PaymentSucceeded, on_payment_succeeded, "loans.payment_succeeded")
    subscribe(PaymentFailed, on_payment_unpaid, "loans.payment_failed")
    subscribe(PaymentExpired, on_payment_unpaid, "loans.payment_expired")
    worker.every(3600.0, "loans.book_provisions", provision_job)
