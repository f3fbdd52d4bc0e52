"""Reactions to the payment of an order (outbox events of the payments package).

Each runs in the outbox delivery's transaction and is idempotent twice over: the delivery row is
unique per handler and event, and every sub-order moves by a conditional UPDATE from
awaiting_payment, so a duplicated or reordered event changes nothing the second time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import cast

from catalog import service as catalog
from market import db
from orders.models import Order, OrderLine
from orders.schemas import SubOrderState as S
from orders.service import books, money
from orders.service.money import Move
from payments.events import PaymentExpired, PaymentFailed, PaymentOutcome, PaymentSucceeded

log = logging.getLogger(__name__)


PAYMENT_KIND = "order"  # an order's payment: kind "order", owner_id the order's id


def _order_id(event: PaymentOutcome) -> int | None:
    return event.owner_id if event.kind == PAYMENT_KIND else None


async def _move_all(order_id: int, target: S, note: str) -> list[dict]:
    """Every sub-order of the order still awaiting payment → *target*, with its transition rows
    (two statements however many sub-orders); return the moved rows."""
    now = datetime.now(UTC)
    stamp = ", paid_at = ?" if target == S.PAID else ""
    rows = await db.execute(
        f"UPDATE orders_suborder SET state = ?{stamp} WHERE order_id = ? AND state = ?"
        " RETURNING id, goods_total, delivery_fee",
        target.value,
        *((now,) if stamp else ()),
        order_id,
        S.AWAITING_PAYMENT.value,
    )
    if rows:
        await db.execute(
            "INSERT INTO orders_transition (suborder_id, from_state, to_state, actor_user_id, note, at) VALUES "
            + ", ".join(["(?, ?, ?, NULL, ?, ?)"] * len(rows)),
            *[v for r in rows for v in (r["id"], S.AWAITING_PAYMENT.value, target.value, note[:300], now)],
        )
    return rows


async def _references(suborder_ids: list[int]) -> list[str]:
    refs = await OrderLine.filter(suborder_id__in=suborder_ids).values_list("reservation_reference", flat=True)
    # Tortoise types values_list(flat=True) as a list of tuples; it is a flat list.
    return list(cast(list[str], refs))


async def _buying_coop(event: PaymentSucceeded, order_id: int) -> int | None:
    """The cooperative an order buys for, from the payment's metadata (older payments: the order)."""
    metadata = event.metadata or {}
    if "buy_for_cooperative_id" in metadata:
        return metadata["buy_for_cooperative_id"]
    rows = await Order.filter(id=order_id).values_list("buy_for_cooperative_id", flat=True)
    return cast(int | None, rows[0]) if rows else None


async def mark_paid(order_id: int, note: str, hold=None) -> int:
    """The one way an order becomes paid, whatever paid it (its invoice, or the buyer's wallet at
    checkout): every sub-order waiting for it becomes paid, its stock is taken, and *hold*
    (total, accounts) books the money into escrow (none: the wallet's debit already did). Returns
    the total of the sub-orders it moved (0: none was waiting)."""
    moved = await _move_all(order_id, S.PAID, note)
    paid = sum(r["goods_total"] + r["delivery_fee"] for r in moved)
    if moved:
        references = await _references([r["id"] for r in moved])
        accounts = await books.hold_accounts()  # read before the hot rows are locked
        await catalog.finish_many(references, take=True)
        if hold is not None:
            await hold(paid, accounts)
    return paid


async def payment_succeeded(event: PaymentSucceeded) -> None:
    """Paid: every sub-order waiting for it becomes paid, its stock is taken, the money held in
    escrow — the invoice's amount and the wallet part held since checkout (the payment's
    ``wallet_amount``, set by checkout)."""
    order_id = _order_id(event)
    if order_id is None:
        return
    from_wallet = int((event.metadata or {}).get("wallet_amount") or 0)

    async def hold(total: int, accounts) -> None:
        buyer_coop_id = await _buying_coop(event, order_id)
        await books.hold(order_id, total, accounts=accounts, buyer_coop_id=buyer_coop_id, from_wallet=from_wallet)

    paid = await mark_paid(order_id, f"pembayaran #{event.payment_id}", hold)
    if not paid and not await Order.exists(id=order_id):
        log.warning("payment %s of %s names order %s, which does not exist", event.payment_id, event.amount, order_id)
        return
    await money.record(
        Move(
            order_id=order_id,
            key=f"payment:{event.payment_id}:paid",
            kind="invoice_paid",
            amount=event.amount,
            payment_id=event.payment_id,
        )
    )
    late = event.amount - (paid - from_wallet if paid else 0)
    if late > 0:
        await _returned_late(event, order_id, paid, late)


async def _returned_late(event: PaymentSucceeded, order_id: int, paid: int, late: int) -> None:
    """Money for an order that had expired or was cancelled (a late payment): nothing is
    fulfilled; it goes to the buyer's wallet (or the buying cooperative's balance)."""
    order = await Order.get_or_none(id=order_id)
    log.warning(
        "order %s: payment %s of %s, %s taken into escrow, %s to the buyer",
        order_id,
        event.payment_id,
        event.amount,
        paid,
        late if order else 0,
    )
    if order is None:
        return
    reference = f"order:{order_id}:late:{event.payment_id}"
    booked = await books.credit_buyer(
        order,
        late,
        reference=reference,
        description=f"Pembayaran pesanan #{order_id} terlambat: dikembalikan ke saldo",
        advanced=False,  # nothing was held: a cooperative's late payment left its bank unbooked
    )
    await money.record(
        Move(
            order_id=order_id,
            key=reference,
            kind="late_returned",
            amount=late,
            payment_id=event.payment_id,
            wallet_movement_id=booked.wallet_movement_id,
            journal_entry_id=booked.journal_entry_id,
        )
    )


async def payment_lapsed(event: PaymentExpired | PaymentFailed) -> None:
    """Expired or failed: every sub-order still waiting expires, its stock comes back, and a part
    paid from the wallet at checkout goes back to the wallet (once: the sub-orders move once)."""
    order_id = _order_id(event)
    if order_id is None:
        return
    moved = await _move_all(order_id, S.EXPIRED, event.status)
    if moved:
        await catalog.finish_many(await _references([r["id"] for r in moved]), take=False)
        order = await Order.get(id=order_id)
        await books.return_wallet_part(order, "kedaluwarsa" if event.status == "expired" else "gagal dibayar")


payment_expired = payment_lapsed
