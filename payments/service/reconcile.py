"""Reconciliation: ask the gateway about everything still open after a while, and apply what it
says through the same code paths as the callbacks, so a lost callback still settles."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from payments.errors import GatewayError, GatewayNotFound
from payments.gateway import PaymentGateway
from payments.models import Payment, PaymentStatus, Payout, Refund, RefundStatus
from payments.service.invoices import _apply, _attach, apply_invoice
from payments.service.payouts import OPEN, apply_payout, send_payout
from payments.service.refunds import _send, apply_refund

log = logging.getLogger(__name__)


@dataclass
class Reconciled:
    checked: int = 0
    changed: int = 0
    errors: list[str] = field(default_factory=list)


BATCH_CONCURRENCY = 8  # gateway calls in flight at once within one run
FIRST_ASK_S = 60  # a payment touched only in its first minute has not been asked yet
BACKOFF_CAP_S = 6 * 3600  # a long-open invoice is still asked at least this often (until it expires)


def due_again(payment: Payment, now: datetime, *, base_s: int) -> bool:
    """Whether a pending payment should be asked about now.

    Backoff without a counter: the wait before the next ask is as long as the payment had been
    open at the last ask (``updated_at``), between *base_s* and ``BACKOFF_CAP_S`` — asks at ages
    t, 2t, 4t… Once its invoice expired, one last ask (to catch a payment made at the last
    moment); after that it is never asked again: nobody can pay it any more."""
    last = payment.updated_at or payment.created_at
    if payment.expires_at is not None and payment.expires_at <= now:
        return last < payment.expires_at
    age_at_last = (last - payment.created_at).total_seconds()
    if age_at_last < max(base_s, FIRST_ASK_S):
        return True  # not asked yet (touched only while it was new)
    return (now - last).total_seconds() >= min(BACKOFF_CAP_S, age_at_last)


async def _due_payments(now: datetime, cutoff: datetime, *, base_s: int, limit: int) -> list[Payment]:
    """Up to *limit* pending payments due for an ask, least recently asked first."""
    candidates = (
        await Payment.filter(status=PaymentStatus.PENDING, created_at__lte=cutoff)
        .order_by("updated_at", "id")
        .limit(limit * 4)
    )
    return [p for p in candidates if due_again(p, now, base_s=base_s)][:limit]


async def reconcile(gateway: PaymentGateway, *, older_than_s: int, limit: int = 100) -> Reconciled:
    """Settle open payments, refunds and payouts older than *older_than_s* from the gateway's word.

    Payments are asked in batches (at most *limit* a run, ``BATCH_CONCURRENCY`` at a time), each
    with a backoff (``due_again``: an invoice open for a day is asked less often than one open for
    a quarter of an hour) and never again once its invoice expired and was asked once more: a long
    tail of unpaid invoices costs the gateway a few calls an hour, not a call each per run.
    Asked payments go to the back of the queue (``updated_at``).
    """
    now = datetime.now(UTC)
    cutoff = now - timedelta(seconds=older_than_s)
    result = Reconciled()
    limiter = asyncio.Semaphore(BATCH_CONCURRENCY)

    async def ask(payment: Payment) -> None:
        async with limiter:
            try:
                outcome = await _reconcile_payment(gateway, payment, now)
            except GatewayError as exc:
                result.errors.append(f"payment {payment.id}: {exc.detail}")
                outcome = "error"
            await Payment.filter(id=payment.id, status=PaymentStatus.PENDING).update(updated_at=now)
            result.changed += outcome == "applied"

    payments = await _due_payments(now, cutoff, base_s=older_than_s, limit=limit)
    result.checked += len(payments)
    await asyncio.gather(*(ask(p) for p in payments))
    for refund in await Refund.filter(status=RefundStatus.PENDING, created_at__lte=cutoff).limit(limit):
        result.checked += 1
        try:
            if refund.provider_id is None:
                before = refund.status
                refund = await _send(gateway, refund)
                result.changed += refund.status != before
            else:
                info = await gateway.get_refund(refund.provider_id)
                result.changed += await apply_refund(refund, info.status, failure_code=info.failure_code) == "applied"
        except GatewayError as exc:
            result.errors.append(f"refund {refund.id}: {exc.detail}")
    for payout in await Payout.filter(status__in=list(OPEN), created_at__lte=cutoff).limit(limit):
        result.checked += 1
        try:
            if payout.provider_id is None:
                payout_before = payout.status
                payout = await send_payout(gateway, payout)
                result.changed += payout.status != payout_before
            else:
                payout_info = await gateway.get_payout(payout.provider_id)
                applied = await apply_payout(payout, payout_info.status, failure_code=payout_info.failure_code)
                result.changed += applied == "applied"
        except GatewayError as exc:
            result.errors.append(f"payout {payout.id}: {exc.detail}")
    if result.changed or result.errors:
        log.info("reconciled: %d checked, %d changed, %d errors", result.checked, result.changed, len(result.errors))
    return result


async def _reconcile_payment(gateway: PaymentGateway, payment: Payment, now: datetime) -> str:
    if payment.provider_id is None:
        found = await gateway.find_invoices(payment.external_id)
        if found:
            await _attach(payment, found[-1])
            return (await apply_invoice(found[-1], source="reconcile")).outcome
        if payment.expires_at and payment.expires_at <= now:
            return (
                await _apply(payment, PaymentStatus.EXPIRED, source="reconcile", failure_code="INVOICE_NOT_CREATED")
            ).outcome
        return "noop"
    try:
        info = await gateway.get_invoice(payment.provider_id)
    except GatewayNotFound:
        # The provider does not know an invoice it gave us (a sandbox restarted): once past its
        # expiry nobody can pay it any more.
        if payment.expires_at and payment.expires_at <= now:
            return (
                await _apply(payment, PaymentStatus.EXPIRED, source="reconcile", failure_code="INVOICE_NOT_FOUND")
            ).outcome
        return "noop"
    return (await apply_invoice(info, source="reconcile")).outcome
