"""Checkout: place the quoted cart (quotes.py) as one order paid with one invoice — or wholly or
partly from the buyer's wallet with its PIN (wallet.py: validated with the rest, the PIN last;
debited last in the insert transaction, after the reservation; a whole-wallet order is paid
there at once and asks for no invoice, a partial one's invoice asks for the rest).

Placing is three steps: validate (every rule, nothing written), insert (one short transaction:
the order row, unique on the buyer's idempotency key, the sub-orders, lines and their first
transitions as multi-row INSERTs, the emptied cart, and last every line's stock reservation,
catalog.reserve_many: the product rows locked in id order and moved by one conditional UPDATE,
all or nothing, so the contended product rows are locked for as short a time as possible) and
pay (the invoice, asked for only after that commits, so no row stays locked while the gateway
is called). The answer is assembled from the rows just written and the payment just asked for,
as ``get_order`` reads the order later (no read-back; an order the wallet paid at once, whose
states changed in the insert, is read back). If the gateway fails the order waits for payment,
and a retry with the same key finds the order and asks for the invoice again (the payments
package makes that idempotent too). A whole checkout of 3 cooperatives × 2 lines — six adds, the
quote, the placing — takes 30 statements (tests/orders/test_round_trips.py counts them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.exceptions import IntegrityError

from catalog import service as catalog
from market import db
from market import service as market
from market.money import apply_bps
from market.service import idempotency
from orders.errors import CartProblem, InvalidOrder, OrderNotFound
from orders.models import Order, OrderLine, SubOrder, SubOrderTransition
from orders.schemas import AddressIn, OrderOut, QuoteOut, SubOrderState
from orders.service import wallet
from orders.service.queries import CoopName, Written, get_order, placed_order_out
from orders.service.quotes import _quote, parse_address
from orders.service.wallet import WalletPart
from payments import service as payments


@dataclass(frozen=True)
class _Checkout:
    """One checkout as the buyer asked for it, with the rule numbers it is placed under."""

    actor: market.Actor
    address: Any
    delivery: dict[int, str]
    key: str  # the buyer's idempotency key, scoped to them: "<user id>:<key>"
    buy_for_cooperative: bool
    success_url: str | None
    failure_url: str | None
    fee_bps: int
    payment_duration_s: int
    wallet: int | str | None = None  # the part to pay from the wallet (orders.service.wallet)
    pin: str | None = None


@dataclass(frozen=True)
class _Valid:
    """A checkout every rule accepted: what the insert writes."""

    address: AddressIn
    buy_for: int | None
    quote: QuoteOut
    offers: dict[int, Any]
    cart_id: int | None
    wallet: WalletPart | None = None


async def place_order(
    gateway,
    *,
    actor: market.Actor,
    address,
    delivery: dict[int, str],
    idempotency_key: str,
    fee_bps: int,
    payment_duration_s: int,
    buy_for_cooperative: bool = False,
    success_url: str | None = None,
    failure_url: str | None = None,
    wallet_amount: int | str | None = None,
    pin: str | None = None,
) -> OrderOut:
    """Turn the buyer's cart into one order with a sub-order per cooperative, all stock reserved
    in one transaction (OutOfStock names the short line), and one invoice — for the rest of the
    total when *wallet_amount* of it (or ``"all"``) is paid from the buyer's wallet with its *pin*
    (orders.service.wallet; none when the wallet pays it all: the order is paid at once).

    *fee_bps* is the platform's fee on each sub-order's goods, *payment_duration_s* how long the
    invoice may be paid. The same *idempotency_key* gets the first answer again — the same order,
    or the same refusal — even from a twin sent at the same moment to another process (it waits
    for the first one's answer: market's idempotency service, a leased claim since the invoice is
    asked for after the order's transaction). The same key with another request is refused."""
    key = str(idempotency_key or "").strip()
    if not key or len(key) > 160:
        raise InvalidOrder("Kunci idempotensi wajib (maks. 160 karakter)", field="idempotency_key")
    request = {
        "op": "orders.checkout",
        "address": address.model_dump(mode="json") if isinstance(address, AddressIn) else address,
        "delivery": {str(k): v for k, v in (delivery or {}).items()},
        "buy_for_cooperative": bool(buy_for_cooperative),
        "success_url": success_url,
        "failure_url": failure_url,
    }
    if wallet.wanted(wallet_amount):
        request["wallet_amount"] = wallet_amount  # never the PIN: the stored request is not a secret
    checkout = _Checkout(
        actor=actor,
        address=address,
        delivery=delivery,
        key=f"{actor.user_id}:{key}",
        buy_for_cooperative=bool(buy_for_cooperative),
        success_url=success_url,
        failure_url=failure_url,
        fee_bps=fee_bps,
        payment_duration_s=payment_duration_s,
        wallet=wallet_amount,
        pin=pin,
    )
    return await idempotency.once_leased(
        idempotency.scope_of(actor.user_id),
        key,
        request,
        lambda claim: _place(gateway, checkout, fresh=claim is not None and claim.fresh),
        dump=lambda order: order.model_dump(mode="json"),
        load=OrderOut.model_validate,
        status=201,
    )


async def _place(gateway, checkout: _Checkout, *, fresh: bool = False) -> OrderOut:
    """Validate, insert, pay; the answer is what ``get_order`` would read. Run again after a
    crash (or by a twin that lost the race to insert), it finds the order by its key and resumes
    (a *fresh* claim of the key — no one ever ran this before — has no order to look for)."""
    order = None if fresh else await Order.get_or_none(idempotency_key=checkout.key)
    if order is None:
        order, written = await _insert(checkout, await _validate(checkout))
        if written is not None:
            if order.wallet_amount == order.total:  # the wallet paid it all (no invoice): paid at once
                return await get_order(order.id, actor=checkout.actor)
            return await placed_order_out(order, written, payment=await _pay(gateway, order, checkout))
    return await _resume(gateway, order, checkout)


async def _validate(checkout: _Checkout) -> _Valid:
    """Every rule a checkout must pass before anything is written: the address, who the buyer buys
    for, a cart that is not empty and whose lines can be bought, delivery where it was chosen,
    and an amount one invoice can ask for."""
    actor = checkout.actor
    addr = parse_address(checkout.address)
    buy_for = None
    if checkout.buy_for_cooperative:
        if actor.cooperative_id is None or actor.role not in (market.Role.MANAGER, market.Role.CASHIER):
            raise InvalidOrder(
                "Hanya pengurus koperasi yang dapat membeli untuk koperasinya", field="buy_for_cooperative"
            )
        buy_for = actor.cooperative_id
    quote, offers, cart_id = await _quote(actor.user_id, addr.provinsi, checkout.delivery)
    if not quote.groups:
        raise CartProblem("Keranjang kosong", field="cart")
    for group in quote.groups:
        for line in group.lines:
            offer = offers.get(line.product_id)
            if (
                line.problem
                and offer is not None
                and offer.active
                and offer.coop_active
                and line.quantity >= offer.min_order_qty
            ):
                continue  # over stock: the reservation refuses it with the line's name
            if line.problem:
                raise CartProblem(f"{line.name}: {line.problem}", field="cart", product_id=line.product_id)
        if group.delivery == "delivery" and not group.options[1].available:
            raise InvalidOrder(
                f"{group.cooperative_name} tidak mengirim ke {addr.provinsi}; pilih ambil sendiri",
                field=f"delivery.{group.cooperative_id}",
            )
        if buy_for is not None and group.cooperative_id == buy_for:
            raise InvalidOrder("Koperasi tidak dapat membeli dari dirinya sendiri", field="buy_for_cooperative")
    part = await wallet.part_of(actor, quote.grand_total, checkout.wallet, buy_for=buy_for)
    if part is None or not part.whole:
        payments.check_amount(quote.grand_total - (part.amount if part else 0))  # what the invoice asks
    if part is not None:
        await payments.require_pin(
            actor.user_id, checkout.pin
        )  # last: a try is spent only on an order that can go ahead
    return _Valid(address=addr, buy_for=buy_for, quote=quote, offers=offers, cart_id=cart_id, wallet=part)


def _order_row(checkout: _Checkout, valid: _Valid, now: datetime) -> dict[str, Any]:
    """The order's columns, as inserted and as the Order handed back."""
    actor, quote, part = checkout.actor, valid.quote, valid.wallet
    return {
        "buyer_user_id": actor.user_id,
        "buyer_name": actor.name[:200],
        "buyer_member_id": actor.member_id,
        "buyer_cooperative_id": actor.cooperative_id,
        "buy_for_cooperative_id": valid.buy_for,
        "idempotency_key": checkout.key,
        **valid.address.model_dump(),
        "goods_total": sum(g.goods_total for g in quote.groups),
        "delivery_total": sum(g.delivery_fee for g in quote.groups),
        "total": quote.grand_total,
        "wallet_amount": part.amount if part else 0,
        "wallet_id": part.wallet_id if part else None,
        "created_at": now,
    }


async def _insert(checkout: _Checkout, valid: _Valid) -> tuple[Order, Written | None]:
    """Write the order in one transaction: its row, the sub-orders, lines and first transitions as
    multi-row INSERTs, the emptied cart, the stock reservation (catalog.reserve_many, all or
    nothing), and last the wallet's part if the buyer pays one (orders.service.wallet.spend), so
    the contended product rows stay locked only for those statements.
    Returns the order and the rows written; a twin that inserted the same key first wins: (its
    order, None)."""
    now = datetime.now(UTC)
    row = _order_row(checkout, valid, now)
    try:
        async with db.transaction():
            rows = await db.execute(
                f"INSERT INTO orders_order ({', '.join(row)}) VALUES ({', '.join('?' * len(row))}) RETURNING id",
                *row.values(),
            )
            order_id = rows[0]["id"]
            written = await _insert_suborders(order_id, checkout, valid, now)
            if valid.cart_id is not None:
                await db.execute("DELETE FROM orders_cart_line WHERE cart_id = ?", valid.cart_id)
            # Late, so the product rows stay locked only for the reservation's own statements.
            await catalog.reserve_many(
                [(line.product_id, line.quantity) for g in valid.quote.groups for line in g.lines],
                reference_prefix=f"order:{order_id}",
            )
            if valid.wallet is not None:  # after the products: every payment locks them before accounts
                await wallet.spend(order_id, valid.wallet)
    except IntegrityError:
        existing = await Order.get_or_none(idempotency_key=checkout.key)
        if existing is None:
            raise
        return existing, None
    return Order(id=order_id, **row), written


# What checkout writes of each row (the rest keep their defaults).
SUBORDER_COLUMNS = (
    *("order_id", "cooperative_id", "state", "goods_total", "delivery", "delivery_fee", "platform_fee"),
    *("wallet_amount", "courier", "tracking_number", "cancel_reason", "created_at"),
)
LINE_COLUMNS = (
    *("suborder_id", "product_id", "name", "unit", "quantity", "unit_price", "line_total"),
    *("hpp_per_unit", "supplier_member_id", "reservation_reference"),
)
TRANSITION_COLUMNS = ("suborder_id", "from_state", "to_state", "actor_user_id", "note", "at")


async def _insert_suborders(order_id: int, checkout: _Checkout, valid: _Valid, now: datetime) -> Written:
    """The order's sub-orders (one per cooperative, its platform fee at *fee_bps*), their lines
    and their first transitions: three multi-row INSERTs, and the rows as they were written."""
    groups = valid.quote.groups
    shares = wallet.shares(valid.wallet, [g.total for g in groups])
    subs = [
        SubOrder(
            order_id=order_id,
            cooperative_id=g.cooperative_id,
            state=SubOrderState.AWAITING_PAYMENT.value,
            goods_total=g.goods_total,
            delivery=g.delivery,
            delivery_fee=g.delivery_fee,
            platform_fee=apply_bps(g.goods_total, checkout.fee_bps),
            wallet_amount=share,
            courier="",
            tracking_number="",
            cancel_reason="",
            created_at=now,
        )
        for g, share in zip(groups, shares, strict=True)
    ]
    sub_of = {
        r["cooperative_id"]: r["id"]
        for r in await _insert_rows("orders_suborder", SUBORDER_COLUMNS, subs, "cooperative_id")
    }
    for sub in subs:
        sub.id = sub_of[sub.cooperative_id]
    lines = await _insert_lines(order_id, valid, sub_of)
    history = [
        SubOrderTransition(
            suborder_id=sub.id,
            from_state=None,
            to_state=sub.state,
            actor_user_id=checkout.actor.user_id,
            note="",
            at=now,
        )
        for sub in subs
    ]
    await _insert_rows("orders_transition", TRANSITION_COLUMNS, history)
    coops = {g.cooperative_id: CoopName(g.cooperative_name, g.cooperative_slug) for g in groups}
    return Written(subs=sorted(subs, key=lambda sub: sub.id), lines=lines, history=history, coops=coops)


async def _insert_lines(order_id: int, valid: _Valid, sub_of: dict[int, int]) -> list[OrderLine]:
    """The order's lines with their ids, in the order ``get_order`` reads them."""
    offers = valid.offers
    lines = [
        OrderLine(
            suborder_id=sub_of[g.cooperative_id],
            product_id=line.product_id,
            name=line.name,
            unit=line.unit,
            quantity=line.quantity,
            unit_price=line.unit_price,
            line_total=line.line_total,
            hpp_per_unit=offers[line.product_id].cost_idr,
            supplier_member_id=offers[line.product_id].supplier_member_id,
            reservation_reference=f"order:{order_id}:{line.product_id}",
        )
        for g in valid.quote.groups
        for line in g.lines
    ]
    rows = await _insert_rows("orders_line", LINE_COLUMNS, lines, "suborder_id, product_id")
    id_of = {(r["suborder_id"], r["product_id"]): r["id"] for r in rows}  # a product is on one line of a cart
    for line in lines:
        line.id = id_of[(line.suborder_id, line.product_id)]
    return sorted(lines, key=lambda line: line.id)


async def _insert_rows(table: str, columns: tuple[str, ...], rows: list[Any], returning: str = "") -> list[Any]:
    """One multi-row INSERT of *rows* (model instances not saved) into *table*; with *returning*,
    each row's id and those columns."""
    marks = "(" + ", ".join("?" * len(columns)) + ")"
    return await db.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        + ", ".join([marks] * len(rows))
        + (f" RETURNING id, {returning}" if returning else ""),
        *[getattr(row, c) for row in rows for c in columns],
    )


async def _pay(gateway, order: Order, checkout: _Checkout):
    """Ask for the order's invoice (after the order committed); idempotent on the order.

    ``{order_id}`` in the return addresses becomes the order's id (unknown to the caller before)."""
    success_url, failure_url = (
        u.replace("{order_id}", str(order.id)) if u else u for u in (checkout.success_url, checkout.failure_url)
    )
    payment = await payments.create_payment(
        gateway,
        kind="order",
        owner_id=order.id,
        amount=order.total - order.wallet_amount,  # the rest, when a part came from the wallet
        description=f"Pesanan #{order.id} Pasar Koperasi",
        idempotency_key=f"order-{order.id}",
        metadata={
            "order_id": order.id,
            "buyer_user_id": order.buyer_user_id,
            "buy_for_cooperative_id": order.buy_for_cooperative_id,
            # The part held since checkout, booked into escrow with the invoice's money when it is paid.
            **({"wallet_amount": order.wallet_amount} if order.wallet_amount else {}),
        },
        duration_s=checkout.payment_duration_s,
        success_url=success_url,
        failure_url=failure_url,
    )
    if order.payment_id != payment.id or order.invoice_url != payment.invoice_url:
        await Order.filter(id=order.id).update(payment_id=payment.id, invoice_url=payment.invoice_url)
        order.payment_id, order.invoice_url = payment.id, payment.invoice_url
    return payment


async def _resume(gateway, order: Order, checkout: _Checkout) -> OrderOut:
    """A retried checkout: the same order, with its invoice asked for again if it is still
    missing (the gateway failed, or the first try crashed), read back as ``get_order`` reads it."""
    if order.buyer_user_id != checkout.actor.user_id:
        raise OrderNotFound("Pesanan tidak ditemukan")
    if order.invoice_url is None:
        states = await db.execute("SELECT state FROM orders_suborder WHERE order_id = ?", order.id)
        if any(r["state"] == SubOrderState.AWAITING_PAYMENT.value for r in states):
            await _pay(gateway, order, checkout)
    return await get_order(order.id, actor=checkout.actor)
