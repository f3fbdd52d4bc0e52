"""Reconciliation: ask the gateway about everything still open after a while, and apply what it
says through the same code paths as the callbacks, so a lost callback still settles."""

from __future__ import annotations

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


async def reconcile(gateway: PaymentGateway, *, older_than_s: int, limit: int = 100) -> Reconciled:
    """Settle open payments, refunds and payouts older than *older_than_s* from the gateway's word.

    Checked payments go to the back of the queue (``updated_at``), so a long tail of open
    invoices is visited in turn rather than the same *limit* each run.
    """
    now = datetime.now(UTC)
    cutoff = now - timedelta(seconds=older_than_s)
    result = Reconciled()
    payments = (
        await Payment.filter(status=PaymentStatus.PENDING, created_at__lte=cutoff)
        .order_by("updated_at", "id")
        .limit(limit)
    )
    for payment in payments:
        result.checked += 1
        try:
            outcome = await _reconcile_payment(gateway, payment, now)
        except GatewayError as exc:
            result.errors.append(f"payment {payment.id}: {exc.detail}")
            outcome = "error"
        await Payment.filter(id=payment.id, status=PaymentStatus.PENDING).update(updated_at=now)
        result.changed += outcome == "applied"
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
