"""Where an order stands for its buyer: why it ended, and where its payment is.

Two moments need words, not just a status. The buyer comes back from the invoice page a few
seconds before the gateway's callback lands: the order still awaits payment, but the page must
say the payment is being confirmed rather than offer to cancel. And a buyer who paid just as
they cancelled (or after the invoice lapsed) finds the order cancelled while the money arrived:
``orders.service.payments.payment_succeeded`` put it in their wallet (a B2B order's in the buying cooperative's
balance), and the order says so.
"""

from __future__ import annotations

from orders.models import Order
from orders.schemas import OrderOut, OrderPaymentOut, SubOrderState
from payments import service as payments

S = SubOrderState
ENDED = {S.CANCELLED.value, S.EXPIRED.value}


def _ended(order: Order, out: OrderOut) -> str | None:
    """Why nothing of the order goes ahead: every sub-order cancelled or expired before payment."""
    if not out.suborders or any(s.state not in ENDED for s in out.suborders):
        return None
    if all(s.state == S.EXPIRED.value for s in out.suborders):
        return "expired"
    by = {t.by for s in out.suborders for t in s.history if t.state == S.CANCELLED.value}
    return "cancelled_by_buyer" if by == {order.buyer_user_id} else "cancelled"


async def _payment(order: Order, out: OrderOut, *, back_from_invoice: bool, payment) -> OrderPaymentOut | None:
    if order.payment_id is None:
        return None
    if payment is None or payment.id != order.payment_id:
        payment = await payments.get_payment(order.payment_id)
    status = str(payment.status)
    waiting = any(s.state == S.AWAITING_PAYMENT.value for s in out.suborders)
    note = OrderPaymentOut(
        status=status, confirming=waiting and (status == "paid" or (back_from_invoice and status == "pending"))
    )
    if status == "paid" and out.ended is not None:
        # Paid when nothing was waiting for it any more: the whole amount went back to the buyer
        # (``payment_succeeded`` credits it, once, in the event's delivery).
        note.late_amount = payment.amount
        note.returned_to = "cooperative_balance" if order.buy_for_cooperative_id is not None else "wallet"
    return note


async def explain(order: Order, out: OrderOut, *, back_from_invoice: bool = False, payment=None) -> OrderOut:
    """*out* with why it ended (``ended``) and where its payment stands (``payment``: the order's
    payment as payments answers it, when the caller holds it already)."""
    out.ended = _ended(order, out)
    out.payment = await _payment(order, out, back_from_invoice=back_from_invoice, payment=payment)
    return out


async def payment_received(order: Order) -> bool:
    """The gateway already said the order's payment is in (its event may not be applied yet)."""
    if order.payment_id is None:
        return False
    return str((await payments.get_payment(order.payment_id)).status) == "paid"
