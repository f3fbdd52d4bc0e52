"""Refunds of succeeded payments, full or partial, through the gateway.

Step one reserves the amount (a conditional UPDATE keeps the sum of refunds within what was
paid, even for two refunds at once) and books it out of our custody; step two asks the gateway;
a refusal, or a later ``refund.failed``, books it back exactly once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from market import db
from market import service as market
from payments.errors import GatewayError, GatewayUnavailable, IdempotencyMismatch, InvalidAmount, RefundRefused
from payments.events import PaymentRefunded, RefundFailed
from payments.gateway import REFUND_REASONS, PaymentGateway, RefundInfo
from payments.models import Payment, PaymentStatus, Refund, RefundStatus, WalletMovement
from payments.schemas import RefundOut
from payments.service import accounts
from payments.service.invoices import payment_row


def reference_id(refund_id: int) -> str:
    return f"pk-refund-{refund_id}"


async def _source_account(payment: Payment):
    if payment.wallet_id is not None:
        from payments.service.wallets import wallet_ledger_account

        return await wallet_ledger_account(payment.wallet_id)
    return await accounts.clearing()


async def refund_payment(
    gateway: PaymentGateway,
    payment_id: int,
    *,
    idempotency_key: str,
    amount: int | None = None,
    reason: str = "REQUESTED_BY_CUSTOMER",
    part_id: int | None = None,
) -> RefundOut:
    """Refund *amount* (default: all that is left) of a paid payment; more than was paid is refused.

    A wallet top-up is refunded out of the wallet (refused if the saldo was spent); any other
    payment out of the clearing account, so its owner must first return what it allocated.
    *part_id* is the owner's own id of the part refunded (orders: the sub-order); the refund's
    events carry it back.
    """
    if reason not in REFUND_REASONS:
        raise InvalidAmount(f"Alasan refund harus salah satu dari {', '.join(REFUND_REASONS)}", field="reason")
    if not idempotency_key:
        raise InvalidAmount("Kunci idempotensi wajib", field="idempotency_key")
    key = f"{payment_id}:{idempotency_key}"[:200]
    refund = await Refund.get_or_none(idempotency_key=key)
    if refund is None:
        payment = await payment_row(payment_id)
        if payment.status != PaymentStatus.PAID or not payment.provider_id:
            raise RefundRefused("Hanya pembayaran yang sudah lunas yang dapat direfund")
        left = payment.amount - payment.refunded_amount
        amount = left if amount is None else amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise InvalidAmount("Jumlah refund harus bilangan bulat lebih dari 0", field="amount")
        try:
            refund = await _reserve(payment, amount, reason, key, part_id)
        except IntegrityError:
            refund = await Refund.get(idempotency_key=key)
    elif amount is not None and (refund.amount != amount or refund.payment_id != payment_id):
        raise IdempotencyMismatch("Kunci idempotensi ini sudah dipakai untuk refund lain")
    if refund.status != RefundStatus.PENDING or refund.provider_id:
        return RefundOut.model_validate(refund)
    return RefundOut.model_validate(await _send(gateway, refund))


async def _reserve(payment: Payment, amount: int, reason: str, key: str, part_id: int | None) -> Refund:
    async with db.transaction():
        fits = await db.execute(
            "UPDATE payments_payment SET refunded_amount = refunded_amount + ?, updated_at = ?"
            " WHERE id = ? AND status = 'paid' AND refunded_amount + ? <= amount RETURNING id",
            amount,
            datetime.now(UTC),
            payment.id,
            amount,
        )
        if not fits:
            fresh = await payment_row(payment.id)
            left = fresh.amount - fresh.refunded_amount
            raise RefundRefused(
                f"Refund melebihi jumlah yang dibayar (sisa yang dapat direfund Rp {left:,})".replace(",", "."),
                field="amount",
            )
        refund = await Refund.create(
            payment_id=payment.id, idempotency_key=key, amount=amount, reason=reason, part_id=part_id
        )
        if payment.wallet_id is not None:
            await WalletMovement.create(
                wallet_id=payment.wallet_id,
                amount=-amount,
                kind="refund",
                reference=f"refund:{refund.id}",
                description=f"Refund isi saldo #{payment.id}",
            )
        source = await _source_account(payment)
        await market.post_entry(
            f"refund:{refund.id}",
            await market.bridge([market.debit(source, amount), market.credit(await accounts.xendit_cash(), amount)]),
            description=f"Refund #{refund.id} pembayaran #{payment.id}",
            cooperative_id=source.cooperative_id,
        )
    return refund


async def _send(gateway: PaymentGateway, refund: Refund) -> Refund:
    payment = await payment_row(refund.payment_id)
    if payment.provider_id is None:  # never: refund_payment reserves refunds only of paid invoices
        raise RefundRefused("Hanya pembayaran yang sudah lunas yang dapat direfund")
    try:
        info = await gateway.create_refund(
            invoice_id=payment.provider_id,
            amount=refund.amount,
            reason=refund.reason,
            reference_id=reference_id(refund.id),
            idempotency_key=reference_id(refund.id),
        )
    except GatewayUnavailable:
        raise  # outcome unknown: stays pending; reconciliation sends it again with the same key
    except GatewayError as exc:
        await apply_refund(refund, "FAILED", failure_code=exc.provider_code or "REFUSED")
        raise
    await Refund.filter(id=refund.id, provider_id=None).update(provider_id=info.id, updated_at=datetime.now(UTC))
    refund.provider_id = refund.provider_id or info.id
    if info.status in ("SUCCEEDED", "FAILED"):
        await apply_refund(refund, info.status, failure_code=info.failure_code)
    return await Refund.get(id=refund.id)


async def refund_for(info: RefundInfo) -> Refund | None:
    refund = await Refund.get_or_none(provider_id=info.id) if info.id else None
    if refund is None and info.reference_id.startswith("pk-refund-"):
        refund = await Refund.get_or_none(id=int(info.reference_id.removeprefix("pk-refund-") or 0))
        if refund is not None and refund.provider_id is None:
            await Refund.filter(id=refund.id, provider_id=None).update(provider_id=info.id)
    return refund


async def apply_refund(refund: Refund, status: str, *, failure_code: str = "") -> str:
    """Apply the provider's word on a refund once; a failed refund is booked back."""
    target = {"SUCCEEDED": RefundStatus.SUCCEEDED, "FAILED": RefundStatus.FAILED, "CANCELLED": RefundStatus.FAILED}.get(
        status
    )
    if target is None:
        return "noop"
    async with db.transaction():
        changed = await db.execute(
            "UPDATE payments_refund SET status = ?, failure_code = ?, updated_at = ?"
            " WHERE id = ? AND status = 'pending' RETURNING id",
            str(target),
            failure_code[:60],
            datetime.now(UTC),
            refund.id,
        )
        if not changed:
            return "duplicate"
        payment = await payment_row(refund.payment_id)
        if target == RefundStatus.FAILED:
            await db.execute(
                "UPDATE payments_payment SET refunded_amount = refunded_amount - ? WHERE id = ?",
                refund.amount,
                payment.id,
            )
            if payment.wallet_id is not None:
                await WalletMovement.create(
                    wallet_id=payment.wallet_id,
                    amount=refund.amount,
                    kind="credit",
                    reference=f"refund:{refund.id}:reversal",
                    description=f"Refund #{refund.id} gagal",
                )
            source = await _source_account(payment)
            await market.post_entry(
                f"refund:{refund.id}:reversal",
                await market.bridge(
                    [market.debit(await accounts.xendit_cash(), refund.amount), market.credit(source, refund.amount)]
                ),
                description=f"Refund #{refund.id} gagal, dana kembali",
                cooperative_id=source.cooperative_id,
            )
        outcome = PaymentRefunded if target == RefundStatus.SUCCEEDED else RefundFailed
        await market.publish(
            outcome(
                payment_id=payment.id,
                refund_id=refund.id,
                kind=payment.kind,
                owner_id=payment.owner_id,
                part_id=refund.part_id,
                amount=refund.amount,
                status=str(target),
                failure_code=failure_code,
            )
        )
    return "applied"


async def list_refunds(payment_id: int) -> list[RefundOut]:
    return [RefundOut.model_validate(r) for r in await Refund.filter(payment_id=payment_id).order_by("id")]
