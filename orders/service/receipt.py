"""B2B receipt: goods a cooperative bought for itself enter its own catalog, provenance kept.

Each line becomes a new product of the buying cooperative (or more stock of an existing one)
whose cost basis (HPP) per unit = (price paid + the line's share of the delivery fee) / units,
the delivery fee split over the lines by their totals with ``allocate`` so the shares add up.
The new product's origin is the selling cooperative (catalog's ``origin_cooperative_id``) and
its origin regency is carried over from the source product, so the shop shows where it came
from; a source product that itself came from another cooperative keeps that first hop in the
description ("Asal: …").

The buying cooperative's book takes the goods in the same transaction, once per sub-order
(``suborder:<id>:receipt``): persediaan rises by what the catalog now holds of them (units ×
landed unit cost, or for an existing product the value its weighted-average cost adds), and the
advance booked when the order was paid (uang_muka_pembelian, goods + delivery) is used up; the
rounding of the per-unit cost basis goes to selisih lebih / kurang persediaan.

    receipt   buyer coop  persediaan                       Dr the catalog's value added
              buyer coop  uang_muka_pembelian              Cr goods + delivery paid
              buyer coop  selisih_lebih / kurang_persediaan  the rounding (Cr / Dr)
"""

from __future__ import annotations

from datetime import UTC, datetime

from catalog import service as catalog
from market import db
from market import service as market
from market.money import allocate
from orders.errors import IllegalTransition, InvalidOrder, OrderNotFound
from orders.models import Order, OrderLine, SubOrder
from orders.schemas import SubOrderOut
from orders.schemas import SubOrderState as S
from orders.service.queries import suborders_out

RECEIVABLE = (S.DELIVERED.value, S.COMPLETED.value)


def cost_basis(lines, delivery_fee: int) -> list[int]:
    """Per-unit cost of each line: price paid plus its share of delivery, rounded half up."""
    shares = allocate(delivery_fee, [line.line_total for line in lines]) if delivery_fee else [0] * len(lines)
    return [
        ((line.line_total + share) * 2 + line.quantity) // (2 * line.quantity)
        for line, share in zip(lines, shares, strict=True)
    ]


async def receive_suborder(
    buyer_coop_id: int, suborder_id: int, *, actor, product_id: int | None = None
) -> SubOrderOut:
    """Take a delivered B2B sub-order into the buying cooperative's catalog, once."""
    market.require_coop(actor, buyer_coop_id)
    sub = await SubOrder.get_or_none(id=suborder_id) if isinstance(suborder_id, int) else None
    order = await Order.get_or_none(id=sub.order_id) if sub else None
    if sub is None or order is None or order.buy_for_cooperative_id != buyer_coop_id:
        raise OrderNotFound("Pesanan tidak ditemukan")
    if sub.received_at is not None:
        return (await suborders_out([sub], {order.id: order}))[0]
    if str(sub.state) not in RECEIVABLE:
        raise IllegalTransition("Barang baru dapat diterima setelah pesanan sampai", state=str(sub.state))
    lines = await OrderLine.filter(suborder_id=sub.id).order_by("id")
    if product_id is not None and len(lines) != 1:
        raise InvalidOrder("Produk tujuan hanya dapat dipilih untuk pesanan satu baris", field="product_id")
    costs = cost_basis(lines, sub.delivery_fee)
    seller = await market.get_cooperative(sub.cooperative_id)
    async with db.transaction():
        claimed = await db.execute(
            "UPDATE orders_suborder SET received_at = ? WHERE id = ? AND received_at IS NULL RETURNING id",
            datetime.now(UTC),
            sub.id,
        )
        if not claimed:
            return (await suborders_out([await SubOrder.get(id=sub.id)], {order.id: order}))[0]
        value = 0
        for line, cost in zip(lines, costs, strict=True):
            value += await _take_in(buyer_coop_id, sub, line, cost, seller, actor, product_id)
        await book_receipt(buyer_coop_id, sub, value, seller.name, actor_user_id=actor.user_id)
    return (await suborders_out([await SubOrder.get(id=sub.id)], {order.id: order}))[0]


async def _take_in(buyer_coop_id: int, sub, line, cost: int, seller, actor, product_id: int | None) -> int:
    """One line into the buyer's catalog; the value it adds there (what persediaan must rise by)."""
    reason = f"Diterima dari {seller.name} (pesanan #{sub.order_id})"
    if product_id is not None:
        target = await catalog.get_product(product_id, viewer=actor)
        if target.cooperative_id != buyer_coop_id:
            raise OrderNotFound("Produk tidak ditemukan")
        return await catalog.receive_stock(
            product_id,
            line.quantity,
            unit_cost=cost,
            reason=reason[:200],
            reference=f"receipt:{sub.id}:{line.id}",
            actor=actor,
        )
    source = await catalog.get_product(line.product_id, viewer=actor) if line.product_id else None
    chain = f"Asal: {seller.name}, {seller.regency}"
    if source is not None and source.origin_cooperative_name:
        chain = f"Asal: {source.origin_cooperative_name} → {seller.name}, {seller.regency}"
    await catalog.create_product(
        buyer_coop_id,
        {
            "sku": f"B2B-{sub.id}-{line.id}",
            "name": line.name,
            "description": chain,
            "category": source.category if source else "lainnya",
            "unit": line.unit,
            "price_idr": max(line.unit_price, cost, 1),
            "stock": line.quantity,
            "cost_idr": cost,
            "halal": bool(source.halal) if source else False,
            "origin_regency": (source.origin_regency if source else "") or seller.regency,
            "origin_cooperative_id": sub.cooperative_id,
        },
        actor=actor,
        stock_booking="none",  # booked below, with the whole receipt
    )
    return line.quantity * cost


async def book_receipt(buyer_coop_id: int, sub, value: int, seller_name: str, *, actor_user_id: int | None) -> None:
    """Dr persediaan *value* / Cr uang muka pembelian what was paid (goods + delivery), the
    difference (the cost basis rounded per unit) to selisih persediaan."""
    paid = sub.goods_total + sub.delivery_fee
    acct = market.chart_account
    legs = [
        market.debit(await acct(buyer_coop_id, "persediaan"), value),
        market.credit(await acct(buyer_coop_id, "uang_muka_pembelian"), paid),
    ]
    if value != paid:
        gain = value > paid
        account = await acct(buyer_coop_id, "selisih_lebih_persediaan" if gain else "selisih_kurang_persediaan")
        legs.append(market.debit(account, paid - value))
    await market.post_entry(
        f"suborder:{sub.id}:receipt",
        [leg for leg in legs if leg.amount],
        description=f"Barang dari {seller_name} diterima (pesanan #{sub.order_id}): persediaan sebesar harga perolehan",
        cooperative_id=buyer_coop_id,
        actor_user_id=actor_user_id,
    )
