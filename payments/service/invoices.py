"""Payments through a gateway invoice, and the one code path that applies their state changes.

A payment is created in three steps (no lock is held while the provider is called): record it
pending and commit; ask the gateway for an invoice; store the invoice id. A crash or a timeout
between the steps leaves a pending payment whose ``external_id`` the reconciliation job looks up
at the provider, so the invoice is adopted rather than created twice.

``apply_invoice`` is the only way a payment changes state, whether the news came by callback or
by reconciliation. Each change is a conditional UPDATE from an allowed previous state, so of two
processes applying the same news at the same moment exactly one wins; the winner writes, in the
same transaction, the transition row (unique per payment and state), the ledger entry and the
outbox event.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from market import db
from market import service as market
from market.types import choice
from payments.errors import (
    GatewayError,
    GatewayUnavailable,
    IdempotencyMismatch,
    InvalidAmount,
    PaymentNotFound,
    UnknownPayment,
)
from payments.events import PaymentExpired, PaymentFailed, PaymentOutcome, PaymentSucceeded
from payments.gateway import INVOICE_MAX_IDR, INVOICE_MIN_IDR, InvoiceInfo, PaymentGateway
from payments.models import Payment, PaymentStatus, WalletMovement
from payments.schemas import PaymentOut
from payments.service import accounts
from payments.xendit import whole_rupiah

log = logging.getLogger(__name__)

# The provider's word -> our state. PAID and SETTLED both mean the money is collected.
PROVIDER_STATUS = {
    "PAID": PaymentStatus.PAID,
    "SETTLED": PaymentStatus.PAID,
    "SUCCEEDED": PaymentStatus.PAID,
    "EXPIRED": PaymentStatus.EXPIRED,
    "FAILED": PaymentStatus.FAILED,
}
# Allowed previous states of each state. Money collected after an expiry or a failure (the
# provider's race between a VA transfer and the expiry) is still money we hold: the payment
# becomes paid, and its event says ``late`` so the owner refunds or fulfils by its own policy.
FROM_STATES = {
    PaymentStatus.PAID: (PaymentStatus.PENDING, PaymentStatus.EXPIRED, PaymentStatus.FAILED),
    PaymentStatus.FAILED: (PaymentStatus.PENDING,),
    PaymentStatus.EXPIRED: (PaymentStatus.PENDING,),
}
OUTCOMES: dict[PaymentStatus, type[PaymentOutcome]] = {
    PaymentStatus.PAID: PaymentSucceeded,
    PaymentStatus.FAILED: PaymentFailed,
    PaymentStatus.EXPIRED: PaymentExpired,
}


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
    payment = await Payment.get_or_none(external_id=external_id)
    if payment is None:
        try:
            async with db.transaction():
                payment = await Payment.create(
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
        except IntegrityError:  # the same key, at the same moment, from another request
            payment = await Payment.get(external_id=external_id)
    if (payment.kind, payment.owner_id, payment.amount) != (kind, owner_id, amount):
        raise IdempotencyMismatch("Kunci idempotensi ini sudah dipakai untuk pembayaran lain")
    if payment.provider_id or payment.status != PaymentStatus.PENDING:
        return PaymentOut.model_validate(payment)
    try:
        invoice = await gateway.create_invoice(
            external_id=external_id,
            amount=amount,
            description=description or kind,
            duration_s=duration_s,
            success_redirect_url=success_url,
            failure_redirect_url=failure_url,
            metadata={"kind": kind, "owner_id": str(owner_id)},
        )
    except GatewayUnavailable:
        # The invoice may or may not exist now: look it up by our external id before giving up.
        try:
            found = await gateway.find_invoices(external_id)
        except GatewayError:
            found = []
        if not found:
            raise
        invoice = found[-1]
    except GatewayError as exc:
        await _apply(payment, PaymentStatus.FAILED, source="api", failure_code=exc.provider_code or "REFUSED")
        raise
    await _attach(payment, invoice)
    return PaymentOut.model_validate(payment)


async def _attach(payment: Payment, invoice: InvoiceInfo) -> None:
    """Store the provider's invoice id and page on the payment (once)."""
    await Payment.filter(id=payment.id, provider_id=None).update(
        provider_id=invoice.id, invoice_url=invoice.invoice_url, updated_at=datetime.now(UTC)
    )
    payment.provider_id = payment.provider_id or invoice.id
    payment.invoice_url = payment.invoice_url or invoice.invoice_url


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


@dataclass(frozen=True)
class Applied:
    """What one piece of news did: ``applied`` (a state change), ``duplicate``, ``stale``, …"""

    outcome: str
    payment_id: int | None = None
    status: str = ""
    field: str | None = None  # for a mismatch: which field disagreed
    reason: str = ""


async def payment_for_invoice(info: InvoiceInfo) -> Payment:
    payment = await Payment.get_or_none(provider_id=info.id) if info.id else None
    if payment is None and info.external_id:
        # The callback can beat step three of create_payment: adopt the invoice by our own id.
        payment = await Payment.get_or_none(external_id=info.external_id)
        if payment is not None and payment.provider_id not in (None, info.id):
            payment = None
        if payment is not None and payment.provider_id is None:
            await _attach(payment, info)
    if payment is None:
        raise UnknownPayment(f"Invoice {info.id or info.external_id} tidak dikenal")
    return payment


async def apply_invoice(info: InvoiceInfo, *, source: str, delivery: dict[str, Any] | None = None) -> Applied:
    """Apply what the provider says about an invoice, once; record the callback *delivery* with it."""
    payment = await payment_for_invoice(info)
    target = PROVIDER_STATUS.get(info.status)
    if target is None:  # PENDING or a status we do not act on
        await _record_delivery(delivery, "noop", info)
        return Applied("noop", payment.id, payment.status)
    disagreement = _disagreement(info, payment)
    if disagreement is not None:
        field, reason = disagreement
        await _record_delivery(delivery, "mismatch", info)
        log.warning("payment %s: provider's %s refused: %s", payment.id, field, reason)
        return Applied("mismatch", payment.id, payment.status, field=field, reason=reason)
    return await _apply(payment, target, source=source, info=info, delivery=delivery)


def _disagreement(info: InvoiceInfo, payment: Payment) -> tuple[str, str] | None:
    """The first field of the provider's news that disagrees with the payment we asked for.

    Every field acted on is checked: the amount (whole rupiah, equal to ours), the currency (IDR
    only), the amount actually paid when the provider states one, and our own external id.
    """
    raw = info.raw
    if "amount" in raw and whole_rupiah(raw["amount"]) is None:
        return "amount", f"jumlah {raw['amount']!r} bukan rupiah bulat"
    if info.amount != payment.amount:
        return "amount", f"jumlah {info.amount} ≠ {payment.amount}"
    if info.currency != "IDR":
        return "currency", f"mata uang {info.currency or '(kosong)'!r} bukan IDR"
    if raw.get("paid_amount") is not None and whole_rupiah(raw["paid_amount"]) != payment.amount:
        return "paid_amount", f"dibayar {raw['paid_amount']!r} ≠ {payment.amount}"
    if info.external_id and info.external_id != payment.external_id:
        return "external_id", f"external_id {info.external_id!r} bukan milik pembayaran ini"
    return None


async def _apply(
    payment: Payment,
    target: PaymentStatus,
    *,
    source: str,
    info: InvoiceInfo | None = None,
    failure_code: str = "",
    delivery: dict[str, Any] | None = None,
) -> Applied:
    now = datetime.now(UTC)
    async with db.transaction():
        previous = None
        for candidate in FROM_STATES[target]:
            changed = await db.execute(
                "UPDATE payments_payment SET status = ?, updated_at = ?, paid_at = ?,"
                " payment_method = ?, payment_channel = ?, failure_code = ?"
                " WHERE id = ? AND status = ? RETURNING id",
                str(target),
                now,
                now if target == PaymentStatus.PAID else None,
                (info.payment_method if info else "")[:40],
                (info.payment_channel if info else "")[:40],
                (failure_code or (info.failure_code if info else ""))[:60],
                payment.id,
                str(candidate),
            )
            if changed:
                previous = candidate
                break
        if previous is None:
            current = (await db.execute("SELECT status FROM payments_payment WHERE id = ?", payment.id))[0]["status"]
            outcome = "duplicate" if current == str(target) else "stale"
            await _record_delivery(delivery, outcome, info)
            return Applied(outcome, payment.id, current)
        await db.execute(
            "INSERT INTO payments_transition (payment_id, from_status, to_status, source, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            payment.id,
            str(previous),
            str(target),
            source,
            now,
        )
        if target == PaymentStatus.PAID:
            await _book_collected(payment)
        await market.publish(
            OUTCOMES[target](
                payment_id=payment.id,
                kind=payment.kind,
                owner_id=payment.owner_id,
                amount=payment.amount,
                status=str(target),
                previous_status=str(previous),
                late=previous != PaymentStatus.PENDING,
                provider_id=payment.provider_id or (info.id if info else None),
                cooperative_id=payment.cooperative_id,
                wallet_id=payment.wallet_id,
                metadata=payment.metadata,
            )
        )
        await _record_delivery(delivery, "applied", info)
    return Applied("applied", payment.id, str(target))


async def _book_collected(payment: Payment) -> None:
    """The collected money: at Xendit, owed to the wallet (a top-up) or to the owner (clearing)."""
    cash = await accounts.xendit_cash()
    if payment.wallet_id is not None:
        from payments.service.wallets import wallet_ledger_account

        target = await wallet_ledger_account(payment.wallet_id)
        await WalletMovement.create(
            wallet_id=payment.wallet_id,
            amount=payment.amount,
            kind="topup",
            reference=f"payment:{payment.id}:paid",
            description=f"Isi saldo #{payment.id}",
        )
    else:
        target = await accounts.clearing()
    await market.post_entry(
        f"payment:{payment.id}:paid",
        [market.debit(cash, payment.amount), market.credit(target, payment.amount)],
        description=f"Pembayaran #{payment.id} diterima ({payment.kind} {payment.owner_id})",
        cooperative_id=None,
    )


async def _record_delivery(delivery: dict[str, Any] | None, outcome: str, info: InvoiceInfo | None) -> None:
    if delivery is None:
        return
    await db.execute(
        "INSERT INTO payments_callback (event, provider_id, status, outcome, body, received_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        delivery.get("event", "invoice")[:60],
        (info.id if info else delivery.get("provider_id", ""))[:64],
        (info.status if info else delivery.get("status", ""))[:30],
        outcome,
        delivery.get("body", "")[:20000],
        datetime.now(UTC),
    )
