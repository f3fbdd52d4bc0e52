"""What buyers and cooperative staff read: orders, sub-orders with lines and history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from market import service as market
from market.addresses import ADDRESS_FIELDS
from market.errors import NotFound
from orders.errors import OrderNotFound
from orders.models import Order, OrderLine, SubOrder, SubOrderTransition
from orders.schemas import AddressOut, OrderLineOut, OrderOut, SubOrderOut, SubOrderState, TransitionOut
from orders.service.money import money_of
from orders.service.standing import explain

UNPAID = {SubOrderState.AWAITING_PAYMENT.value}


class _CoopNames(Protocol):
    """What sub-orders show of their cooperative (market hands back its own rows)."""

    @property
    def name(self) -> str: ...
    @property
    def slug(self) -> str: ...


@dataclass(frozen=True)
class CoopName:
    """A cooperative's name and slug as a checkout's quote carried them."""

    name: str
    slug: str


@dataclass
class Written:
    """The rows a checkout wrote for one order (sub-orders, lines, first transitions) and the
    names of their cooperatives, as its answer is assembled from them."""

    subs: list[SubOrder]
    lines: list[OrderLine]
    history: list[SubOrderTransition]
    coops: Mapping[int, _CoopNames]


def address_of(order: Order) -> AddressOut:
    return AddressOut(**{f: getattr(order, f) for f in ADDRESS_FIELDS})


async def _coops(ids) -> dict[int, _CoopNames]:
    """The cooperatives of these ids, in one query (one that is gone is absent: its orders still show)."""
    wanted = sorted(set(ids))
    return {c.id: c for c in await market.list_cooperatives(ids=wanted)} if wanted else {}


def line_out(line: OrderLine) -> OrderLineOut:
    return OrderLineOut(
        id=line.id,
        product_id=line.product_id,
        name=line.name,
        unit=line.unit,
        quantity=line.quantity,
        unit_price=line.unit_price,
        line_total=line.line_total,
    )


def transition_out(t: SubOrderTransition) -> TransitionOut:
    return TransitionOut(from_state=t.from_state, state=t.to_state, at=t.at, by=t.actor_user_id, note=t.note)


def assemble(
    subs: list[SubOrder],
    orders: dict[int, Order],
    lines: list[OrderLine],
    history: list[SubOrderTransition],
    coops: Mapping[int, _CoopNames],
) -> list[SubOrderOut]:
    """The sub-orders as their readers see them, from their rows (read back, or just written)."""
    lines_of, history_of = defaultdict(list), defaultdict(list)
    for line in lines:
        lines_of[line.suborder_id].append(line_out(line))
    for t in history:
        history_of[t.suborder_id].append(transition_out(t))
    out = []
    for s in subs:
        order, coop = orders[s.order_id], coops.get(s.cooperative_id)
        out.append(
            SubOrderOut(
                id=s.id,
                order_id=s.order_id,
                cooperative_id=s.cooperative_id,
                cooperative_name=coop.name if coop else "",
                cooperative_slug=coop.slug if coop else "",
                state=str(s.state),
                goods_total=s.goods_total,
                delivery=str(s.delivery),
                delivery_fee=s.delivery_fee,
                platform_fee=s.platform_fee,
                total=s.goods_total + s.delivery_fee,
                wallet_amount=s.wallet_amount,
                courier=s.courier,
                tracking_number=s.tracking_number,
                buyer_name=order.recipient_name or order.buyer_name,
                buyer_user_id=order.buyer_user_id,
                buy_for_cooperative_id=order.buy_for_cooperative_id,
                address=address_of(order),
                lines=lines_of[s.id],
                history=history_of[s.id],
                created_at=s.created_at,
                paid_at=s.paid_at,
                shipped_at=s.shipped_at,
                delivered_at=s.delivered_at,
                completed_at=s.completed_at,
                received=s.received_at is not None,
            )
        )
    return out


async def suborders_out(subs: list[SubOrder], orders: dict[int, Order], *, detail: bool = True) -> list[SubOrderOut]:
    ids = [s.id for s in subs]
    lines = await OrderLine.filter(suborder_id__in=ids).order_by("id") if ids else []
    history = await SubOrderTransition.filter(suborder_id__in=ids).order_by("id") if ids and detail else []
    return assemble(subs, orders, lines, history, await _coops(s.cooperative_id for s in subs))


def summary_state(states: list[str]) -> str:
    """One word for a whole order: unpaid, else the least advanced live sub-order's state."""
    if not states:
        return SubOrderState.AWAITING_PAYMENT.value
    order = [s.value for s in SubOrderState]
    live = [s for s in states if s not in ("cancelled", "expired", "refunded")]
    pool = live or states
    return min(pool, key=order.index)


def order_out(o: Order, subs: list[SubOrderOut]) -> OrderOut:
    return OrderOut(
        id=o.id,
        buyer_user_id=o.buyer_user_id,
        buyer_name=o.buyer_name,
        buy_for_cooperative_id=o.buy_for_cooperative_id,
        state=summary_state([s.state for s in subs]),
        goods_total=o.goods_total,
        delivery_total=o.delivery_total,
        total=o.total,
        wallet_amount=o.wallet_amount,
        address=address_of(o),
        payment_id=o.payment_id,
        invoice_url=o.invoice_url,
        suborders=subs,
        created_at=o.created_at,
    )


async def orders_out(orders: list[Order]) -> list[OrderOut]:
    by_id = {o.id: o for o in orders}
    subs = await SubOrder.filter(order_id__in=list(by_id)).order_by("id") if by_id else []
    grouped = defaultdict(list)
    for s in await suborders_out(subs, by_id):
        grouped[s.order_id].append(s)
    return [order_out(o, grouped[o.id]) for o in orders]


def _can_see_order(order: Order, actor) -> bool:
    # The network's operator sees every order (one order spans cooperatives and provinces).
    if actor.is_national_operator or order.buyer_user_id == actor.user_id:
        return True
    # Staff of the cooperative the order was bought for see it too.
    return (
        order.buy_for_cooperative_id is not None
        and order.buy_for_cooperative_id == actor.cooperative_id
        and actor.role in (market.Role.MANAGER, market.Role.CASHIER)
    )


async def load_order(order_id: int, actor) -> Order:
    order = await Order.get_or_none(id=order_id) if isinstance(order_id, int) else None
    if order is None or not _can_see_order(order, actor):
        raise OrderNotFound("Pesanan tidak ditemukan")
    return order


async def list_orders(actor) -> list[OrderOut]:
    """The buyer's orders, newest first."""
    orders = await Order.filter(buyer_user_id=actor.user_id).order_by("-id").limit(100)
    return await orders_out(orders)


async def get_order(order_id: int, *, actor, back_from_invoice: bool = False) -> OrderOut:
    """One of the buyer's orders with its sub-orders, lines and history, why it ended if it did,
    and where its payment stands (*back_from_invoice*: the buyer just returned from paying)."""
    order = await load_order(order_id, actor)
    return await _explained(order, (await orders_out([order]))[0], back_from_invoice=back_from_invoice)


async def placed_order_out(order: Order, written: Written, *, payment=None) -> OrderOut:
    """A just-placed order as ``get_order`` would read it back, from the rows checkout wrote and
    the *payment* it just asked for (no read-back: six statements fewer per checkout)."""
    subs = assemble(written.subs, {order.id: order}, written.lines, written.history, written.coops)
    return await _explained(order, order_out(order, subs), payment=payment)


async def _explained(order: Order, out: OrderOut, *, back_from_invoice: bool = False, payment=None) -> OrderOut:
    out = await explain(order, out, back_from_invoice=back_from_invoice, payment=payment)
    if order.wallet_amount or out.state != SubOrderState.AWAITING_PAYMENT.value:
        # (an order waiting for its invoice with nothing from the wallet has no money moved yet)
        out.money = await money_of(order.id, zone_coop_id=order.buyer_cooperative_id)
    return out


async def load_suborder(coop_id: int, suborder_id: int, actor) -> SubOrder:
    """A sub-order of *coop_id* its staff may handle; anyone else gets not found."""
    try:
        market.require_coop(actor, coop_id)
    except NotFound:
        raise OrderNotFound("Pesanan tidak ditemukan") from None
    sub = await SubOrder.get_or_none(id=suborder_id) if isinstance(suborder_id, int) else None
    if sub is None or sub.cooperative_id != coop_id:
        raise OrderNotFound("Pesanan tidak ditemukan")
    return sub


async def list_suborders(coop_id: int, *, actor, state: str | None = None) -> list[SubOrderOut]:
    """The cooperative's incoming sub-orders (optionally in one state), newest first."""
    market.require_coop(actor, coop_id)
    query = SubOrder.filter(cooperative_id=coop_id)
    if state:
        if state not in {s.value for s in SubOrderState}:
            from orders.errors import InvalidOrder

            raise InvalidOrder("Status tidak dikenal", field="state")
        query = query.filter(state=state)
    subs = await query.order_by("-id").limit(200)
    orders = {o.id: o for o in await Order.filter(id__in=list({s.order_id for s in subs}))} if subs else {}
    return await suborders_out(subs, orders, detail=False)


async def suborder_counts(coop_id: int, *, actor) -> dict[str, int]:
    """How many of the cooperative's sub-orders are in each state (every state present, 0 too)."""
    market.require_coop(actor, coop_id)
    from tortoise.functions import Count

    rows = await SubOrder.filter(cooperative_id=coop_id).group_by("state").annotate(n=Count("id")).values("state", "n")
    counts = {s.value: 0 for s in SubOrderState}
    for r in rows:
        counts[str(r["state"])] = int(r["n"])
    return counts


async def get_suborder(coop_id: int, suborder_id: int, *, actor) -> SubOrderOut:
    """A sub-order as its cooperative's staff see it (enough for a packing slip)."""
    sub = await load_suborder(coop_id, suborder_id, actor)
    order = await Order.get(id=sub.order_id)
    out = (await suborders_out([sub], {order.id: order}))[0]
    out.money = await money_of(order.id, zone_coop_id=coop_id, sub=sub)
    return out


async def get_suborder_for_buyer(suborder_id: int, actor) -> tuple[SubOrder, Order]:
    sub = await SubOrder.get_or_none(id=suborder_id) if isinstance(suborder_id, int) else None
    if sub is None:
        raise OrderNotFound("Pesanan tidak ditemukan")
    order = await load_order(sub.order_id, actor)
    return sub, order
