"""The one code path that applies a payment's state changes.

``apply_invoice`` is the only way a payment changes state, whether the news came by callback or
by reconciliation. Each change is a conditional UPDATE from an allowed previous state, so of two
processes applying the same news at the same moment exactly one wins; the winner writes, in the
same transaction, the transition row (unique per payment and state), the ledger entry and the
outbox event.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from market import db
from market import service as market
from payments.errors import UnknownPayment
from payments.events import PaymentExpired, PaymentFailed, PaymentOutcome, PaymentSucceeded
from payments.gateway import InvoiceInfo
from payments.models import Payment, PaymentStatus, WalletMovement
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


async def _attach(payment: Payment, invoice: InvoiceInfo) -> None:
    """Store the provider's invoice id and page on the payment (once)."""
    await Payment.filter(id=payment.id, provider_id=None).update(
        provider_id=invoice.id, invoice_url=invoice.invoice_url, updated_at=datetime.now(UTC)
    )
    payment.provider_id = payment.provider_id or invoice.id
    payment.invoice_url = payment.invoice_url or invoice.invoice_url


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
    """Apply what the provider says about an invoice, once; record the callback *delivery* with it.

    One transaction from the payment's lookup to the delivery's row: the request holds one pool
    connection, and an unknown invoice leaves nothing behind."""
    async with db.transaction():
        return await _apply_invoice(info, source=source, delivery=delivery)


async def _apply_invoice(info: InvoiceInfo, *, source: str, delivery: dict[str, Any] | None) -> Applied:
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
    return await _move_and_record(payment, target, source=source, info=info, delivery=delivery)


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


async def _apply(payment: Payment, target: PaymentStatus, *, source: str, **news: Any) -> Applied:
    """``_move_and_record`` in a transaction of its own (a savepoint inside the caller's)."""
    async with db.transaction():
        return await _move_and_record(payment, target, source=source, **news)


async def _move_and_record(
    payment: Payment,
    target: PaymentStatus,
    *,
    source: str,
    info: InvoiceInfo | None = None,
    failure_code: str = "",
    delivery: dict[str, Any] | None = None,
) -> Applied:
    """``_apply``'s work inside the caller's transaction."""
    now = datetime.now(UTC)
    previous = await _move(payment, target, now, info=info, failure_code=failure_code)
    if previous is None:
        current = (await db.execute("SELECT status FROM payments_payment WHERE id = ?", payment.id))[0]["status"]
        outcome = "duplicate" if current == str(target) else "stale"
        await _record_delivery(delivery, outcome, info)
        return Applied(outcome, payment.id, current)
    await _record_transition(payment, previous, target, source=source, now=now)
    if target == PaymentStatus.PAID:
        await _book_collected(payment)
    await _publish_outcome(payment, previous, target, info)
    await _record_delivery(delivery, "applied", info)
    return Applied("applied", payment.id, str(target))


async def _move(
    payment: Payment, target: PaymentStatus, now: datetime, *, info: InvoiceInfo | None, failure_code: str
) -> PaymentStatus | None:
    """The payment moved to *target* from the first allowed previous state it is in, which is
    returned (None: it was in none of them). Each try is a conditional UPDATE from that state, so
    of two processes applying the same news at the same moment exactly one moves it."""
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
            return candidate
    return None


async def _record_transition(
    payment: Payment, previous: PaymentStatus, target: PaymentStatus, *, source: str, now: datetime
) -> None:
    """The winner's transition row (unique per payment and state)."""
    await db.execute(
        "INSERT INTO payments_transition (payment_id, from_status, to_status, source, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        payment.id,
        str(previous),
        str(target),
        source,
        now,
    )


async def _publish_outcome(
    payment: Payment, previous: PaymentStatus, target: PaymentStatus, info: InvoiceInfo | None
) -> None:
    """The outbox event for the owner; ``late`` when the money came after an expiry or a failure."""
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
    # A member's wallet is in their cooperative's book, the cash at Xendit in the platform's.
    await market.post_entry(
        f"payment:{payment.id}:paid",
        await market.bridge([market.debit(cash, payment.amount), market.credit(target, payment.amount)]),
        description=f"Pembayaran #{payment.id} diterima ({payment.kind} {payment.owner_id})",
        cooperative_id=target.cooperative_id,
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
