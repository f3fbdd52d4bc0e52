"""Reservations: units held for an unpaid order (reserve, reserve_many), then given back
(release: expired, cancelled) or taken out of stock (take: paid) once, one by one or many at a
time (finish_many). The conditional UPDATEs keep ``stock - reserved >= n`` to reserve and
``reserved >= n`` to release or take; a reservation's status moves held → released or held →
taken by a conditional UPDATE too."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError

from catalog.errors import InvalidProduct, NotBuyable, OutOfStock, ProductNotFound, ReservationNotFound
from catalog.models import Product, ProductStatus, ReservationStatus, StockMovement, StockReservation
from catalog.schemas import ReservationOut
from catalog.service.products import announce
from catalog.service.stock.availability import stock_of
from market import db
from market import service as market
from market.readmodels import COOPERATIVE_PUBLIC


def _reservation_out(r: StockReservation) -> ReservationOut:
    return ReservationOut(reference=r.reference, product_id=r.product_id, quantity=r.quantity, status=str(r.status))


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
                quantity,
                product_id,
                ProductStatus.ACTIVE.value,
                quantity,
            )
            if not rows:
                raise OutOfStock(
                    f"Stok {product.name} tidak cukup untuk {quantity} {product.unit}", product_id=product_id
                )
            reservation = await StockReservation.create(product_id=product_id, reference=reference, quantity=quantity)
            await StockMovement.create(
                product_id=product_id,
                kind="reserve",
                quantity=0,
                reserved_change=quantity,
                stock_after=rows[0]["stock"],
                reference=f"reserve:{reference}",
            )
            if rows[0]["stock"] - rows[0]["reserved"] == 0:
                await announce([product_id])  # sold out: the shop stops showing it
    except IntegrityError:
        existing = await StockReservation.get_or_none(reference=reference)
        if existing is None:
            raise
        return _reservation_out(existing)
    return _reservation_out(reservation)


def _values(pairs: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """An inline table (id, q) of integer pairs that SQLite and PostgreSQL both read."""
    sql = " UNION ALL ".join(["SELECT CAST(? AS INTEGER) AS id, CAST(? AS INTEGER) AS q"] * len(pairs))
    return sql, [v for pair in pairs for v in pair]


async def _lock(product_ids: list[int]) -> None:
    """PostgreSQL: lock the product rows in id order, so two transactions that share products
    queue instead of deadlocking. SQLite runs one writer at a time and needs nothing."""
    if db.is_postgres():
        await db.execute(
            "SELECT id FROM catalog_product WHERE id IN ("
            + ", ".join("?" * len(product_ids))
            + ") ORDER BY id FOR NO KEY UPDATE",
            *product_ids,
        )


# The seller's status is read from market's read model (market/readmodels.py), in the same statement.
FITS = (
    " catalog_product.id = v.id AND catalog_product.status = ?"
    " AND catalog_product.stock - catalog_product.reserved >= v.q"
    f" AND catalog_product.cooperative_id IN (SELECT id FROM {COOPERATIVE_PUBLIC} WHERE status = ?)"
)


def _fitting_locked(table: str) -> str:
    """PostgreSQL: a CTE that locks, in id order, the product rows that can give their line's
    quantity. A row another transaction is changing is waited for and then checked again against
    its new counts, so a product that has run out is skipped without being locked (a refused
    checkout never makes the others queue behind it). A locking CTE is never folded into the
    UPDATE that reads it, and it locks rows in the order it produces them: two checkouts that
    share products queue instead of deadlocking."""
    return (
        "WITH fitting AS (SELECT catalog_product.id FROM catalog_product JOIN (" + table + ") AS v"
        " ON catalog_product.id = v.id WHERE" + FITS + " ORDER BY catalog_product.id"
        " FOR NO KEY UPDATE OF catalog_product) "
    )


async def _refuse(product_id: int, quantity: int):
    product = await Product.get_or_none(id=product_id)
    if product is None or product.status == ProductStatus.REMOVED:
        raise ProductNotFound("Produk tidak ditemukan", product_id=product_id)
    available = await stock_of(product_id)
    if available.available >= quantity:
        raise NotBuyable(f"{product.name}: koperasi penjual sedang tidak aktif", product_id=product_id)
    raise OutOfStock(
        f"Stok {product.name} tidak cukup: tersedia {max(available.available, 0)} {product.unit}, dipesan {quantity}",
        product_id=product_id,
        available=max(available.available, 0),
    )


async def reserve_many(items: list[tuple[int, int]], *, reference_prefix: str) -> list[ReservationOut]:
    """Hold stock for every (product_id, quantity) at once; raise OutOfStock naming the first short line.

    Call it inside the caller's transaction, as its last step (placing an order): a short line
    raises and the caller's rollback undoes everything, so it is all or nothing. The reservation
    rows are written first (they lock nothing); then one conditional UPDATE whose WHERE keeps
    ``stock - reserved >= quantity`` for every line moves them all (a line that does not fit is
    not updated, and is named), on PostgreSQL after its CTE locked the rows that fit in id order
    (see _fitting_locked); then the stock movements are one multi-row INSERT. So the hot rows
    stay locked for two statements and the commit, however many lines there are. The reference of a line is ``<reference_prefix>:<product_id>``;
    the caller makes the prefix unique (an order id).
    """
    merged: dict[int, int] = {}
    for product_id, quantity in items:
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
            raise InvalidProduct("Jumlah harus bilangan bulat positif", field="quantity")
        merged[product_id] = merged.get(product_id, 0) + quantity
    if not merged:
        return []
    ordered = sorted(merged.items())
    now = datetime.now(UTC)
    await db.execute(
        "INSERT INTO catalog_stock_reservation (product_id, reference, quantity, status, created_at, updated_at)"
        " VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(ordered)),
        *[
            v
            for pid, q in ordered
            for v in (pid, f"{reference_prefix}:{pid}", q, ReservationStatus.HELD.value, now, now)
        ],
    )
    table, args = _values(ordered)
    fits = [*args, ProductStatus.ACTIVE.value, market.CoopStatus.ACTIVE.value]
    postgres = db.is_postgres()
    rows = await db.execute(
        (_fitting_locked(table) if postgres else "")
        + "UPDATE catalog_product SET reserved = catalog_product.reserved + v.q FROM ("
        + table
        + ") AS v"
        + (" JOIN fitting ON fitting.id = v.id" if postgres else "")
        + " WHERE"
        + FITS
        + " RETURNING catalog_product.id, catalog_product.stock, catalog_product.reserved",
        *(fits * 2 if postgres else fits),
    )
    after = {r["id"]: r for r in rows}
    for product_id, quantity in ordered:
        if product_id not in after:
            await _refuse(product_id, quantity)
    await db.execute(
        "INSERT INTO catalog_stock_movement (product_id, kind, quantity, reserved_change, stock_after, reason,"
        " reference, created_at) VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(ordered)),
        *[
            v
            for pid, q in ordered
            for v in (pid, "reserve", 0, q, after[pid]["stock"], "", f"reserve:{reference_prefix}:{pid}", now)
        ],
    )
    sold_out = [pid for pid, _ in ordered if after[pid]["stock"] - after[pid]["reserved"] == 0]
    if sold_out:
        await announce(sold_out)  # sold out: the shop stops showing them
    return [
        ReservationOut(
            reference=f"{reference_prefix}:{pid}", product_id=pid, quantity=q, status=ReservationStatus.HELD.value
        )
        for pid, q in ordered
    ]


async def _finish(reference: str, status: ReservationStatus) -> ReservationOut:
    take = status == ReservationStatus.TAKEN
    sql = (
        "UPDATE catalog_product SET reserved = reserved - ?"
        + (", stock = stock - ?" if take else "")
        + " WHERE id = ? AND reserved >= ? RETURNING stock"
    )
    async with db.transaction():
        claimed = await db.execute(
            "UPDATE catalog_stock_reservation SET status = ? WHERE reference = ? AND status = ? "
            "RETURNING id, product_id, quantity",
            status.value,
            reference,
            ReservationStatus.HELD.value,
        )
        if claimed:
            row = claimed[0]
            q = row["quantity"]
            moved = await db.execute(sql, *((q, q) if take else (q,)), row["product_id"], q)
            if not moved:  # cannot happen while stock only moves through this module
                raise OutOfStock("Reservasi tidak sesuai dengan stok", reference=reference)
            kind = "release" if status == ReservationStatus.RELEASED else "take"
            await StockMovement.create(
                product_id=row["product_id"],
                kind=kind,
                quantity=0 if kind == "release" else -row["quantity"],
                reserved_change=-row["quantity"],
                stock_after=moved[0]["stock"],
                reference=f"{kind}:{reference}",
            )
            await announce([row["product_id"]])
    reservation = await StockReservation.get_or_none(reference=reference)
    if reservation is None:
        raise ReservationNotFound("Reservasi stok tidak ditemukan")
    return _reservation_out(reservation)


async def finish_many(references: list[str], *, take: bool) -> int:
    """Take (paid) or release (expired, cancelled) many held reservations at once; return how many moved.

    Call it inside the caller's transaction. Each reservation moves held → taken/released once (a
    conditional UPDATE of all of them, so a repeated call moves nothing), then the products, locked
    in id order, move by one conditional UPDATE, and the stock movements are one multi-row INSERT. Taking leaves the free stock unchanged, so only a release that brings a
    sold-out product back is announced to the search index.
    """
    if not references:
        return 0
    status = ReservationStatus.TAKEN if take else ReservationStatus.RELEASED
    claimed = await db.execute(
        "UPDATE catalog_stock_reservation SET status = ?, updated_at = ? WHERE status = ? AND reference IN ("
        + ", ".join("?" * len(references))
        + ") RETURNING reference, product_id, quantity",
        status.value,
        datetime.now(UTC),
        ReservationStatus.HELD.value,
        *references,
    )
    if not claimed:
        return 0
    kind = "take" if take else "release"
    per_product: dict[int, int] = {}
    for row in claimed:
        per_product[row["product_id"]] = per_product.get(row["product_id"], 0) + row["quantity"]
    ordered = sorted(per_product.items())
    await _lock([pid for pid, _ in ordered])
    table, args = _values(ordered)
    moved = await db.execute(
        "UPDATE catalog_product SET reserved = catalog_product.reserved - v.q"
        + (", stock = catalog_product.stock - v.q" if take else "")
        + " FROM ("
        + table
        + ") AS v"
        " WHERE catalog_product.id = v.id AND catalog_product.reserved >= v.q"
        " RETURNING catalog_product.id, catalog_product.stock, catalog_product.reserved",
        *args,
    )
    after = {r["id"]: r for r in moved}
    if len(after) != len(ordered):  # cannot happen while stock only moves through this module
        raise OutOfStock("Reservasi tidak sesuai dengan stok", references=references)
    back = [pid for pid, q in ordered if not take and after[pid]["stock"] - after[pid]["reserved"] == q]
    now = datetime.now(UTC)
    moves = [
        (
            row["product_id"],
            kind,
            -row["quantity"] if take else 0,
            -row["quantity"],
            after[row["product_id"]]["stock"],
            "",
            f"{kind}:{row['reference']}",
            now,
        )
        for row in sorted(claimed, key=lambda r: r["reference"])
    ]
    await db.execute(
        "INSERT INTO catalog_stock_movement (product_id, kind, quantity, reserved_change, stock_after, reason,"
        " reference, created_at) VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(moves)),
        *[v for m in moves for v in m],
    )
    if back:
        await announce(back)  # back in stock: the shop shows them again
    return len(claimed)


async def release(reference: str) -> ReservationOut:
    """Give a reservation's units back (payment expired, order cancelled); once only."""
    return await _finish(reference, ReservationStatus.RELEASED)


async def take(reference: str) -> ReservationOut:
    """The reserved units leave the stock (the order is paid/shipped); once only."""
    return await _finish(reference, ReservationStatus.TAKEN)
