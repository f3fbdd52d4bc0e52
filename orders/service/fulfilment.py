"""The sub-order life cycle driven by people and by time: pack, ship, deliver, confirm, complete,
cancel before payment (buyer) and cancel after payment (the cooperative, refunded)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import cast

from pydantic import ValidationError

from catalog import service as catalog
from market import db
from market.validation import describe
from orders.errors import InvalidOrder, OrderNotFound, PaymentConfirming
from orders.models import Order, OrderLine, SubOrder
from orders.schemas import OrderOut, ShipIn, SubOrderOut
from orders.schemas import SubOrderState as S
from orders.service import books, money
from orders.service.money import Move
from orders.service.payments import PAYMENT_KIND
from orders.service.queries import (
    get_order,
    get_suborder,
    get_suborder_for_buyer,
    load_order,
    load_suborder,
    suborders_out,
)
from orders.service.standing import payment_received
from orders.service.states import move
from payments import service as payments
from payments.errors import GatewayError, GatewayUnavailable, PaymentNotFound
from payments.events import PaymentRefunded, RefundFailed

log = logging.getLogger(__name__)


async def _lines(suborder_id: int) -> list[OrderLine]:
    return await OrderLine.filter(suborder_id=suborder_id).order_by("id")


async def pack_suborder(coop_id: int, suborder_id: int, *, actor) -> SubOrderOut:
    """Paid → packed (the cooperative's staff)."""
    await load_suborder(coop_id, suborder_id, actor)
    async with db.transaction():
        await move(suborder_id, S.PACKED, actor_user_id=actor.user_id)
    return await get_suborder(coop_id, suborder_id, actor=actor)


async def ship_suborder(coop_id: int, suborder_id: int, *, actor, courier: str, tracking_number: str) -> SubOrderOut:
    """Paid or packed → shipped, with the courier and its tracking number."""
    await load_suborder(coop_id, suborder_id, actor)
    try:
        data = ShipIn(courier=courier or "", tracking_number=tracking_number or "")
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err.get("loc") else "courier"
        raise InvalidOrder(f"{field}: {describe(err)}", field=field) from None
    async with db.transaction():
        await move(
            suborder_id,
            S.SHIPPED,
            actor_user_id=actor.user_id,
            note=f"{data.courier} {data.tracking_number}",
            extra={"courier": data.courier, "tracking_number": data.tracking_number},
        )
    return await get_suborder(coop_id, suborder_id, actor=actor)


async def mark_delivered(coop_id: int, suborder_id: int, *, actor) -> SubOrderOut:
    """Packed (picked up) or shipped (the cooperative's own delivery) → delivered."""
    await load_suborder(coop_id, suborder_id, actor)
    async with db.transaction():
        await move(suborder_id, S.DELIVERED, actor_user_id=actor.user_id)
    return await get_suborder(coop_id, suborder_id, actor=actor)


async def _complete(sub: SubOrder, actor_user_id: int | None, note: str = "", *, strict: bool = True) -> bool:
    """Shipped or delivered → completed, with its money and its members' business, in one transaction."""
    order = await Order.get(id=sub.order_id)
    lines = await _lines(sub.id)
    async with db.transaction():
        if await move(sub.id, S.COMPLETED, actor_user_id=actor_user_id, note=note, strict=strict) is None:
            return False
        await books.settle(sub, lines, order)
    return True


async def confirm_delivery(suborder_id: int, *, actor) -> SubOrderOut:
    """The buyer says the goods arrived: the sub-order completes and the cooperative is credited."""
    sub, order = await get_suborder_for_buyer(suborder_id, actor)
    if order.buyer_user_id != actor.user_id and not actor.is_national_operator:
        raise OrderNotFound("Pesanan tidak ditemukan")
    await _complete(sub, actor.user_id, "dikonfirmasi pembeli")
    fresh = await SubOrder.get(id=sub.id)
    return (await suborders_out([fresh], {order.id: order}))[0]


async def complete_suborder(suborder_id: int, *, actor=None) -> bool:
    """Complete a shipped or delivered sub-order (the operator, a job); False if it already was."""
    sub = await SubOrder.get_or_none(id=suborder_id)
    if sub is None:
        raise OrderNotFound("Pesanan tidak ditemukan")
    if str(sub.state) == S.COMPLETED.value:
        return False
    return await _complete(sub, getattr(actor, "user_id", None), "selesai otomatis" if actor is None else "")


async def auto_complete(days: int, *, now: datetime | None = None) -> int:
    """Complete every sub-order shipped (or delivered) more than *days* ago; return how many."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    subs = await SubOrder.filter(state__in=[S.SHIPPED.value, S.DELIVERED.value], shipped_at__lt=cutoff)
    subs += await SubOrder.filter(state=S.DELIVERED.value, shipped_at=None, delivered_at__lt=cutoff)
    done = 0
    for sub in subs:
        try:
            done += await _complete(sub, None, f"selesai otomatis setelah {days} hari", strict=False)
        except Exception:  # one bad sub-order must not stop the others
            log.exception("auto-complete of sub-order %s failed", sub.id)
    return done


async def cancel_order(gateway, order_id: int, *, actor) -> OrderOut:
    """The buyer cancels before paying: every sub-order is cancelled, the stock comes back, a part
    paid from the wallet goes back to it and the invoice is expired at the provider. Once the gateway has said the payment is in, it is
    too late (PaymentConfirming), even in the moment before the order is marked paid; a payment
    that lands after the cancellation goes back to the buyer (``orders.service.payments``)."""
    order = await load_order(order_id, actor)
    subs = await SubOrder.filter(order_id=order.id).order_by("id")
    if any(str(s.state) == S.AWAITING_PAYMENT.value for s in subs) and await payment_received(order):
        raise PaymentConfirming(
            "Pembayaran pesanan ini sudah diterima dan sedang dikonfirmasi; pesanan tidak dapat dibatalkan lagi"
        )
    async with db.transaction():
        cancelled = []
        for sub in subs:
            if (
                await move(sub.id, S.CANCELLED, actor_user_id=actor.user_id, note="dibatalkan pembeli", strict=False)
                is None
            ):
                continue
            cancelled.append(sub.id)
        if cancelled:
            lines = await OrderLine.filter(suborder_id__in=cancelled).values_list("reservation_reference", flat=True)
            # Tortoise types values_list(flat=True) as a list of tuples; it is a flat list.
            await catalog.finish_many(list(cast(list[str], lines)), take=False)
            await books.return_wallet_part(order, "dibatalkan")
        else:
            await move(subs[0].id, S.CANCELLED, actor_user_id=actor.user_id)  # raises IllegalTransition
    if order.payment_id is not None:
        try:
            await payments.expire_payment(gateway, order.payment_id)
        except Exception:  # the invoice expires by itself anyway; the order is cancelled already
            log.exception("expiring payment %s of cancelled order %s failed", order.payment_id, order.id)
    return await get_order(order.id, actor=actor)


async def cancel_suborder(gateway, coop_id: int, suborder_id: int, *, actor, reason: str) -> SubOrderOut:
    """The cooperative cannot fulfil a paid sub-order: its stock returns, its part leaves escrow and
    goes back the way it was paid — its share of the wallet part to the buyer's wallet at once, the
    rest refunded through the gateway (a retry re-sends the same refund)."""
    sub = await load_suborder(coop_id, suborder_id, actor)
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise InvalidOrder("Sebutkan alasan pembatalan", field="reason")
    order = await Order.get(id=sub.order_id)
    by_invoice = sub.goods_total + sub.delivery_fee - sub.wallet_amount
    if str(sub.state) != S.REFUNDED.value:
        lines = await _lines(sub.id)
        async with db.transaction():
            await move(
                sub.id,
                S.REFUNDED,
                actor_user_id=actor.user_id,
                note=reason[:300],
                extra={"cancel_reason": reason[:300]},
            )
            for line in lines:
                await catalog.adjust_stock(
                    line.product_id,
                    line.quantity,
                    reason=f"Pesanan #{sub.order_id} dibatalkan",
                    reference=f"suborder:{sub.id}:line:{line.id}:return",
                    booking="none",  # their HPP is still in persediaan: completion never came
                )
            await books.refund_wallet_share(order, sub)
            if by_invoice:
                await books.release_refund(sub.id, sub.order_id, by_invoice)
    if by_invoice:
        await _refund_invoice_part(gateway, order, sub, by_invoice)
    return await get_suborder(coop_id, suborder_id, actor=actor)


async def _refund_invoice_part(gateway, order: Order, sub: SubOrder, amount: int) -> None:
    """The part the invoice paid goes back through the gateway; refused, to the buyer's wallet."""
    try:
        if order.payment_id is None:  # as payments.refund_payment answers for no payment
            raise PaymentNotFound("Pembayaran tidak ditemukan")
        refund = await payments.refund_payment(
            gateway,
            order.payment_id,
            idempotency_key=f"suborder-{sub.id}",
            amount=amount,
            reason="CANCELLATION",
            part_id=sub.id,
        )
    except GatewayUnavailable:
        raise  # outcome unknown: the refund stays pending; cancelling again re-sends it
    except GatewayError:
        refund = None  # refused (e.g. a virtual account cannot be refunded): booked back to clearing
    if refund is not None:
        await money.record(
            Move(
                order_id=order.id,
                suborder_id=sub.id,
                cooperative_id=sub.cooperative_id,
                key=f"suborder:{sub.id}:refund",
                kind="refund_invoice",
                amount=amount,
                payment_id=order.payment_id,
                refund_id=refund.id,
                status=str(refund.status),
            )
        )
    if refund is None or refund.status == "failed":
        await refund_failed_to_buyer(order, sub, amount)


async def refund_failed_to_buyer(order: Order, sub: SubOrder, amount: int) -> None:
    """The gateway would not refund the sub-order's part: the buyer gets it in their wallet."""
    reference = f"suborder:{sub.id}:refund-to-wallet"
    booked = await books.credit_buyer(
        order, amount, reference=reference, description=f"Sub-pesanan #{sub.id} dibatalkan: dana dikembalikan ke saldo"
    )
    await money.set_status(f"suborder:{sub.id}:refund", "failed")
    await money.record(
        Move(
            order_id=order.id,
            suborder_id=sub.id,
            cooperative_id=sub.cooperative_id,
            key=reference,
            kind="refund_to_wallet",
            amount=amount,
            wallet_movement_id=booked.wallet_movement_id,
            journal_entry_id=booked.journal_entry_id,
        )
    )


async def refund_succeeded(event: PaymentRefunded) -> None:
    """payments says a sub-order's refund reached the payer: a buying cooperative books it in its bank."""
    if event.kind != PAYMENT_KIND or event.part_id is None:
        return
    sub = await SubOrder.get_or_none(id=event.part_id, order_id=event.owner_id)
    if sub is not None:
        await money.set_status(f"suborder:{sub.id}:refund", "succeeded")
        await books.advance_refunded(await Order.get(id=sub.order_id), sub.id, event.amount)


async def refund_failed(event: RefundFailed) -> None:
    """payments says a refund failed after it was accepted: an order's refund then goes to the wallet."""
    if event.kind != PAYMENT_KIND or event.part_id is None:
        return
    sub = await SubOrder.get_or_none(id=event.part_id, order_id=event.owner_id)
    if sub is not None:
        await refund_failed_to_buyer(await Order.get(id=sub.order_id), sub, event.amount)
