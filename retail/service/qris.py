"""QRIS at the counter through Xendit: the cashier picks QRIS, the sale is held — its stock
taken out of catalog stock (so nobody else sells it meanwhile), its lines written, nothing
booked — while payments opens a Xendit invoice (kind ``retail``, owner the sale) whose hosted
page offers QRIS. The counter shows that QR and asks every 2 s until the sale is no longer
waiting.

``PaymentSucceeded`` completes the sale exactly once (a conditional UPDATE from
``awaiting_payment``; the callback delivered three times, or after a SETTLED, moves it once):
the sale's legs book the money out of payments' clearing into the cooperative's book (bridged:
piutang_platform / saldo_koperasi), with sales, HPP and the member's participation as any sale.
``PaymentExpired`` / ``PaymentFailed`` (or the cashier cancelling the QR) void it, once: the
stock goes back, nothing was booked. A payment reported after the sale was voided stays in
payments' clearing (logged) for the staff: the goods were not handed over.

A return of a QRIS sale is refunded the way it was paid: the return books the mirror back into
clearing, then payments refunds it through Xendit (retail.service.returns).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from market import db
from market import service as market
from market.errors import DomainError
from market.service import Actor
from payments import service as payments
from payments.events import PaymentExpired, PaymentFailed, PaymentSucceeded
from retail.errors import InvalidSale, SaleNotFound
from retail.models import Sale, SaleLine, SaleStatus
from retail.service import books
from retail.service import stock as counter_stock
from retail.service.common import require_staff

log = logging.getLogger(__name__)

PAYMENT_KIND = "retail"  # a counter QRIS sale's payment: kind "retail", owner_id the sale's id
QR_MINUTES = 15  # how long the QR can be paid


async def open_qr(gateway, sale_id: int) -> None:
    """The held sale's Xendit payment (the same one on a retry: its key is the sale's); a gateway
    refusal voids the sale (stock back) and is raised."""
    sale = await Sale.get(id=sale_id)
    if sale.status != SaleStatus.AWAITING:
        return
    try:
        payment = await payments.create_payment(
            gateway,
            kind=PAYMENT_KIND,
            owner_id=sale.id,
            amount=sale.total,
            description=f"Belanja toko koperasi, struk #{sale.id}",
            idempotency_key=f"retail-{sale.cooperative_id}-{sale.id}",
            cooperative_id=sale.cooperative_id,
            metadata={"sale_id": sale.id},
            duration_s=QR_MINUTES * 60,
        )
    except DomainError:
        await void(sale.id, "QR tidak dapat dibuat")
        raise
    await Sale.filter(id=sale.id, payment_id=None).update(payment_id=payment.id)


async def void(sale_id: int, why: str) -> bool:
    """A held sale voided once: its stock back, nothing booked. False when it was not waiting."""
    async with db.transaction():
        rows = await db.execute(
            "UPDATE retail_sale SET status = ? WHERE id = ? AND status = ? RETURNING id, cooperative_id",
            str(SaleStatus.VOID),
            sale_id,
            str(SaleStatus.AWAITING),
        )
        if not rows:
            return False
        coop_id = int(rows[0]["cooperative_id"])
        for line in await SaleLine.filter(sale_id=sale_id).order_by("position"):
            await counter_stock.put_back(
                line.product_id, coop_id, line.qty_milli, hpp=line.hpp, reference=f"retail:void:{sale_id}:{line.id}"
            )
    log.info("retail sale %s voided: %s", sale_id, why)
    return True


async def complete(sale_id: int, payment_id: int) -> bool:
    """The paid sale booked once (inside the caller's transaction, or its own)."""
    async with db.transaction():
        rows = await db.execute(
            "UPDATE retail_sale SET status = ?, payment_id = ? WHERE id = ? AND status = ? RETURNING id",
            str(SaleStatus.DONE),
            payment_id,
            sale_id,
            str(SaleStatus.AWAITING),
        )
        if not rows:
            return False
        sale = await Sale.get(id=sale_id)
        money = [(line.line_total, line.hpp) for line in await SaleLine.filter(sale_id=sale_id).order_by("position")]
        legs = await books.sale_legs(
            sale.cooperative_id, sale.member_id, "qris", money, paid_into=await payments.clearing()
        )
        who = f" kepada {sale.member_name}" if sale.member_id else ""
        await books.book(
            f"retail:sale:{sale.id}",
            await market.bridge(legs),
            day=sale.booked_on,
            description=f"Penjualan toko #{sale.id}{who} (QRIS, pembayaran #{payment_id})",
            coop_id=sale.cooperative_id,
            actor_user_id=sale.cashier_user_id,
        )
    return True


async def payment_succeeded(event: PaymentSucceeded) -> None:
    """Outbox handler: a counter QRIS sale's payment was collected."""
    if event.kind != PAYMENT_KIND:
        return
    if not await complete(event.owner_id, event.payment_id):
        sale = await Sale.get_or_none(id=event.owner_id)
        if sale is not None and sale.status == SaleStatus.VOID:
            log.warning(
                "retail sale %s was voided before its payment %s of %s came: the money stays in clearing",
                event.owner_id,
                event.payment_id,
                event.amount,
            )


async def payment_lapsed(event: PaymentExpired | PaymentFailed) -> None:
    """Outbox handler: the QR expired or the payment failed — the held sale is voided."""
    if event.kind != PAYMENT_KIND:
        return
    await void(event.owner_id, event.status)


async def cancel_qr(gateway, coop_id: int, sale_id: int, *, actor: Actor) -> str:
    """The cashier gives up on a QR (the customer pays otherwise): the invoice is expired at
    Xendit and the sale voided, unless it was paid meanwhile. Answers the sale's status."""
    require_staff(actor, coop_id)
    sale = await Sale.get_or_none(id=sale_id, cooperative_id=coop_id)
    if sale is None:
        raise SaleNotFound("Struk tidak ditemukan")
    if sale.status != SaleStatus.AWAITING:
        return str(sale.status)
    if sale.payment_id is not None:
        payment = await payments.expire_payment(gateway, sale.payment_id)
        if payment.status == "paid":
            await complete(sale.id, payment.id)
            return str(SaleStatus.DONE)
    await void(sale.id, "dibatalkan kasir")
    return str((await Sale.get(id=sale.id)).status)


async def qr_of(sale) -> tuple[str, datetime | None]:
    """What the customer's phone scans for a held sale (the Xendit page offering QRIS), and
    until when."""
    if sale.payment_id is None:
        raise InvalidSale("QR belum dibuat", field="method")
    payment = await payments.get_payment(sale.payment_id)
    return payment.invoice_url, payment.created_at + timedelta(minutes=QR_MINUTES)
