"""Payments through a gateway invoice: asked for, looked up, expired.

A payment is created in three steps (no lock is held while the provider is called): record it
pending and commit; ask the gateway for an invoice; store the invoice id. A crash or a timeout
between the steps leaves a pending payment whose ``external_id`` the reconciliation job looks up
at the provider, so the invoice is adopted rather than created twice. Every change of a
payment's state goes through ``apply_invoice`` (transitions.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from market import db
from market.types import choice
from payments.errors import GatewayError, GatewayUnavailable, IdempotencyMismatch, InvalidAmount, PaymentNotFound
from payments.gateway import INVOICE_MAX_IDR, INVOICE_MIN_IDR, InvoiceInfo, PaymentGateway
from payments.models import Payment, PaymentStatus
from payments.schemas import PaymentOut
from payments.service.transitions import _apply, _attach, apply_invoice


def check_amount(amount: Any, *, low: int = INVOICE_MIN_IDR, high: int = INVOICE_MAX_IDR) -> int:
    """Whole rupiah within the provider's limits, or InvalidAmount."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidAmount("Jumlah harus bilangan bulat rupiah", field="amount")
    if amount < low:
        raise InvalidAmount(f"Jumlah minimal Rp {low:,}".replace(",", "."), field="amount")
    if amount > high:
        raise InvalidAmount(f"Jumlah maksimal Rp {high:,}".replace(",", "."), field="amount")
    return amount


async def create_payment(
    gateway: PaymentGateway,
    *,
    kind: str,
    owner_id: int,
    amount: int,
    description: str,
    idempotency_key: str | None = None,
    cooperative_id: int | None = None,
    wallet_id: int | None = None,
    metadata: dict[str, Any] | None = None,
    duration_s: int = 86400,
    success_url: str | None = None,
    failure_url: str | None = None,
    low: int = INVOICE_MIN_IDR,
    high: int = INVOICE_MAX_IDR,
) -> PaymentOut:
    """Ask the payer for *amount* through a gateway invoice on behalf of *kind*/*owner_id*.

    The same *idempotency_key* returns the same payment (and its one invoice); reusing it for
    another amount or owner is refused. Succeeded, failed and expired payments are announced as
    ``PaymentSucceeded`` / ``PaymentFailed`` / ``PaymentExpired`` (payments.events) with ``kind``
    and ``owner_id``.
    """
    check_amount(amount, low=low, high=high)
    if not kind or isinstance(owner_id, bool) or not isinstance(owner_id, int):
        raise InvalidAmount("kind dan owner_id wajib", field="kind")
    external_id = f"pk-{kind}-{idempotency_key or uuid.uuid4().hex}"[:160]
    payment = await _record_pending(
        external_id,
        kind=kind,
        owner_id=owner_id,
        amount=amount,
        description=description,
        cooperative_id=cooperative_id,
        wallet_id=wallet_id,
        metadata=metadata,
        duration_s=duration_s,
    )
    if (payment.kind, payment.owner_id, payment.amount) != (kind, owner_id, amount):
        raise IdempotencyMismatch("Kunci idempotensi ini sudah dipakai untuk pembayaran lain")
    if payment.provider_id or payment.status != PaymentStatus.PENDING:
        return PaymentOut.model_validate(payment)
    invoice = await _ask_for_invoice(
        gateway,
        payment,
        description=description,
        duration_s=duration_s,
        success_url=success_url,
        failure_url=failure_url,
    )
    await _attach(payment, invoice)
    return PaymentOut.model_validate(payment)


async def _record_pending(
    external_id: str,
    *,
    kind: str,
    owner_id: int,
    amount: int,
    description: str,
    cooperative_id: int | None,
    wallet_id: int | None,
    metadata: dict[str, Any] | None,
    duration_s: int,
) -> Payment:
    """Step one: the payment with this *external_id*, recorded pending and committed if it is new.

    The external id is unique, so of two requests with the same key only one row is written: a new
    key (the usual case) costs the INSERT alone, a repeated one the refused INSERT and a look-up."""
    try:
        async with db.transaction():  # a savepoint inside the caller's: a refused INSERT undoes nothing else
            return await Payment.create(
                kind=kind,
                owner_id=owner_id,
                external_id=external_id,
                amount=amount,
                description=description[:255],
                cooperative_id=cooperative_id,
                wallet_id=wallet_id,
                metadata=metadata or {},
                expires_at=datetime.now(UTC) + timedelta(seconds=duration_s),
            )
    except IntegrityError:  # the same key: a retry, or another request at the same moment
        payment = await Payment.get_or_none(external_id=external_id)
        if payment is None:
            raise
    return payment


async def _ask_for_invoice(
    gateway: PaymentGateway,
    payment: Payment,
    *,
    description: str,
    duration_s: int,
    success_url: str | None,
    failure_url: str | None,
) -> InvoiceInfo:
    """Step two, no lock held: the gateway's invoice for the pending *payment*. An invoice the
    gateway may have made before it became unreachable is found by our external id; a refusal
    fails the payment and is raised."""
    try:
        return await gateway.create_invoice(
            external_id=payment.external_id,
            amount=payment.amount,
            description=description or payment.kind,
            duration_s=duration_s,
            success_redirect_url=success_url,
            failure_redirect_url=failure_url,
            metadata={"kind": payment.kind, "owner_id": str(payment.owner_id)},
        )
    except GatewayUnavailable:
        # The invoice may or may not exist now: look it up by our external id before giving up.
        try:
            found = await gateway.find_invoices(payment.external_id)
        except GatewayError:
            found = []
        if not found:
            raise
        return found[-1]
    except GatewayError as exc:
        await _apply(payment, PaymentStatus.FAILED, source="api", failure_code=exc.provider_code or "REFUSED")
        raise


async def payment_row(payment_id: int) -> Payment:
    """The payment's row, for payments' own code (other packages get ``get_payment``)."""
    payment = await Payment.get_or_none(id=payment_id)
    if payment is None:
        raise PaymentNotFound("Pembayaran tidak ditemukan")
    return payment


async def get_payment(payment_id: int) -> PaymentOut:
    return PaymentOut.model_validate(await payment_row(payment_id))


async def find_payment(kind: str, owner_id: int) -> list[PaymentOut]:
    """Every payment of one owner, newest first."""
    return [PaymentOut.model_validate(p) for p in await Payment.filter(kind=kind, owner_id=owner_id).order_by("-id")]


async def list_payments(
    *, status: str | None = None, kind: str | None = None, limit: int = 50, offset: int = 0
) -> list[PaymentOut]:
    query = Payment.all()
    if status:
        query = query.filter(status=choice(PaymentStatus, status, "status"))
    if kind:
        query = query.filter(kind=kind)
    return [PaymentOut.model_validate(p) for p in await query.order_by("-id").offset(offset).limit(limit)]


async def expire_payment(gateway: PaymentGateway, payment_id: int) -> PaymentOut:
    """Expire a pending payment at the provider (e.g. its order was cancelled) and here."""
    payment = await payment_row(payment_id)
    if payment.status != PaymentStatus.PENDING:
        return PaymentOut.model_validate(payment)
    if payment.provider_id:
        info = await gateway.expire_invoice(payment.provider_id)
        await apply_invoice(info, source="api")
    else:
        await _apply(payment, PaymentStatus.EXPIRED, source="api")
    return await get_payment(payment_id)
