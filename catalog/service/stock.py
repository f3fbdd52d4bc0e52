"""Stock: adjust with a reason, reserve, release, take. The only code that moves stock.

Every move is one conditional UPDATE whose WHERE clause states the invariant it keeps
(``stock - reserved >= n`` to reserve, ``reserved >= n`` to release or take,
``stock + delta >= reserved`` to adjust), so it cannot drive a count below zero on SQLite or
PostgreSQL. No row lock is taken and none is needed: on PostgreSQL concurrent UPDATEs of one row
queue on the row and re-check the WHERE clause against the committed value; on SQLite one writer
runs at a time. Zero rows updated means the stock was not there.

Reservations carry the caller's reference (``order:12:line:3``); reserving, releasing or taking
the same reference again returns the first result instead of moving stock twice. A
reservation's status moves held → released or held → taken by a conditional UPDATE too, so two
concurrent releases cannot both give the units back.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from market import db
from market import service as market

from catalog.errors import InvalidProduct, NotBuyable, OutOfStock, ProductNotFound, ReservationNotFound
from catalog.models import Product, ProductStatus, ReservationStatus, StockMovement, StockReservation
from catalog.schemas import ReservationOut, StockOut
from catalog.service.products import announce


def _stock_out(row: dict) -> StockOut:
    return StockOut(product_id=row["id"], stock=row["stock"], reserved=row["reserved"],
                    available=row["stock"] - row["reserved"])


def _reservation_out(r: StockReservation) -> ReservationOut:
    return ReservationOut(reference=r.reference, product_id=r.product_id, quantity=r.quantity, status=str(r.status))


async def stock_of(product_id: int) -> StockOut:
    rows = await db.execute("SELECT id, stock, reserved FROM catalog_product WHERE id = ?", product_id)
    if not rows:
        raise ProductNotFound("Produk tidak ditemukan")
    return _stock_out(rows[0])


async def adjust_stock(product_id: int, delta: int, *, reason: str, reference: str | None = None,
                       actor=None) -> StockOut:
    """Add (restock) or remove (loss, count correction) *delta* units, saying why.

    Stock cannot fall below what is reserved for unpaid orders. With a *reference*, a retried
    adjustment is applied once.
    """
    if not isinstance(delta, int) or isinstance(delta, bool) or delta == 0:
        raise InvalidProduct("Perubahan stok harus bilangan bulat bukan nol", field="delta")
    if len(reason.strip()) < 3:
        raise InvalidProduct("Sebutkan alasan perubahan stok", field="reason")
    product = await Product.get_or_none(id=product_id)
    if product is None or product.status == ProductStatus.REMOVED:
        raise ProductNotFound("Produk tidak ditemukan")
    if actor is not None:
        market.require_coop(actor, product.cooperative_id)
    key = f"adjust:{product_id}:{reference}" if reference else None
    if key and await StockMovement.exists(reference=key):
        return await stock_of(product_id)
    try:
        async with db.transaction():
            rows = await db.execute(
                "UPDATE catalog_product SET stock = stock + ? WHERE id = ? AND stock + ? >= reserved "
                "RETURNING id, stock, reserved", delta, product_id, delta)
            if not rows:
                current = await stock_of(product_id)
                raise OutOfStock(
                    f"Stok tidak dapat dikurangi {-delta}: tersedia {current.stock}, "
                    f"dipesan {current.reserved}", field="delta")
            await StockMovement.create(product_id=product_id, kind="adjust", quantity=delta,
                                       stock_after=rows[0]["stock"], reason=reason.strip()[:200],
                                       reference=key, user_id=getattr(actor, "user_id", None))
            await announce([product_id])
    except IntegrityError:
        return await stock_of(product_id)  # the same reference won a race: applied once
    return _stock_out(rows[0])


async def set_stock(product_id: int, stock: int, *, reason: str, reference: str | None = None,
                    actor=None) -> StockOut:
    """Bring stock on hand to *stock* (a stock count, an import) through an adjustment."""
    current = await stock_of(product_id)
    if stock == current.stock:
        return current
    return await adjust_stock(product_id, stock - current.stock, reason=reason, reference=reference, actor=actor)


async def reserve(product_id: int, quantity: int, *, reference: str) -> ReservationOut:
    """Hold *quantity* units for an unpaid order; raise OutOfStock when fewer are free.

    Only active products of active cooperatives can be reserved.
    """
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise InvalidProduct("Jumlah harus bilangan bulat positif", field="quantity")
    existing = await StockReservation.get_or_none(reference=reference)
    if existing is not None:
        return _reservation_out(existing)
    product = await Product.get_or_none(id=product_id)
    if product is None or product.status == ProductStatus.REMOVED:
        raise ProductNotFound("Produk tidak ditemukan")
    coop = await market.get_cooperative(product.cooperative_id)
    if coop.status != market.CoopStatus.ACTIVE:
        raise NotBuyable("Koperasi penjual sedang tidak aktif; produknya tidak dapat dibeli")
    if quantity < product.min_order_qty:
        raise InvalidProduct(f"Minimum pesanan {product.min_order_qty} {product.unit}", field="quantity")
    try:
        async with db.transaction():
            rows = await db.execute(
                "UPDATE catalog_product SET reserved = reserved + ? "
                "WHERE id = ? AND status = ? AND stock - reserved >= ? RETURNING id, stock, reserved",
                quantity, product_id, ProductStatus.ACTIVE.value, quantity)
            if not rows:
                raise OutOfStock(f"Stok {product.name} tidak cukup untuk {quantity} {product.unit}",
                                 product_id=product_id)
            reservation = await StockReservation.create(product_id=product_id, reference=reference,
                                                        quantity=quantity)
            await StockMovement.create(product_id=product_id, kind="reserve", quantity=0,
                                       reserved_change=quantity, stock_after=rows[0]["stock"],
                                       reference=f"reserve:{reference}")
            if rows[0]["stock"] - rows[0]["reserved"] == 0:
                await announce([product_id])  # sold out: the shop stops showing it
    except IntegrityError:
        existing = await StockReservation.get_or_none(reference=reference)
        if existing is None:
            raise
        return _reservation_out(existing)
    return _reservation_out(reservation)


async def _finish(reference: str, status: ReservationStatus) -> ReservationOut:
    take = status == ReservationStatus.TAKEN
    sql = ("UPDATE catalog_product SET reserved = reserved - ?"
           + (", stock = stock - ?" if take else "") + " WHERE id = ? AND reserved >= ? RETURNING stock")
    async with db.transaction():
        claimed = await db.execute(
            "UPDATE catalog_stock_reservation SET status = ? WHERE reference = ? AND status = ? "
            "RETURNING id, product_id, quantity", status.value, reference, ReservationStatus.HELD.value)
        if claimed:
            row = claimed[0]
            q = row["quantity"]
            moved = await db.execute(sql, *((q, q) if take else (q,)), row["product_id"], q)
            if not moved:  # cannot happen while stock only moves through this module
                raise OutOfStock("Reservasi tidak sesuai dengan stok", reference=reference)
            kind = "release" if status == ReservationStatus.RELEASED else "take"
            await StockMovement.create(
                product_id=row["product_id"], kind=kind,
                quantity=0 if kind == "release" else -row["quantity"],
                reserved_change=-row["quantity"], stock_after=moved[0]["stock"], reference=f"{kind}:{reference}")
            await announce([row["product_id"]])
    reservation = await StockReservation.get_or_none(reference=reference)
    if reservation is None:
        raise ReservationNotFound("Reservasi stok tidak ditemukan")
    return _reservation_out(reservation)


async def release(reference: str) -> ReservationOut:
    """Give a reservation's units back (payment expired, order cancelled); once only."""
    return await _finish(reference, ReservationStatus.RELEASED)


async def take(reference: str) -> ReservationOut:
    """The reserved units leave the stock (the order is paid/shipped); once only."""
    return await _finish(reference, ReservationStatus.TAKEN)
