"""Stock on hand: adjusted with a reason (restock, loss, count correction) or brought to a
counted figure (a stock take, an import). One conditional UPDATE keeps ``stock + delta >=
reserved``, so stock never falls below what unpaid orders hold; the change is booked in the
cooperative's book in the same transaction as the caller's *booking* says (see catalog.service.stock_books)."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from catalog.errors import InvalidProduct, OutOfStock, ProductNotFound
from catalog.models import Product, ProductStatus, StockMovement
from catalog.schemas import StockBooking, StockOut
from catalog.service.products import announce
from catalog.service.stock.availability import _stock_out, stock_of
from catalog.service.stock_books import book_stock, owned
from market import db
from market import service as market


async def _product(product_id: int, actor) -> Product:
    product = await Product.get_or_none(id=product_id)
    if product is None or product.status == ProductStatus.REMOVED:
        raise ProductNotFound("Produk tidak ditemukan")
    if actor is not None:
        market.require_coop(actor, product.cooperative_id)
    return product


async def _move(product: Product, delta: int, *, reason: str, key: str | None, actor) -> dict:
    """The conditional UPDATE and its movement row (inside the caller's transaction)."""
    rows = await db.execute(
        "UPDATE catalog_product SET stock = stock + ? WHERE id = ? AND stock + ? >= reserved "
        "RETURNING id, stock, reserved",
        delta,
        product.id,
        delta,
    )
    if not rows:
        current = await stock_of(product.id)
        raise OutOfStock(
            f"Stok tidak dapat dikurangi {-delta}: tersedia {current.stock}, dipesan {current.reserved}", field="delta"
        )
    movement = await StockMovement.create(
        product_id=product.id,
        kind="adjust",
        quantity=delta,
        stock_after=rows[0]["stock"],
        reason=reason[:200],
        reference=key,
        user_id=getattr(actor, "user_id", None),
    )
    rows[0]["movement_id"] = movement.id
    return rows[0]


async def adjust_stock(
    product_id: int, delta: int, *, reason: str, booking: StockBooking, reference: str | None = None, actor=None
) -> StockOut:
    """Add (restock) or remove (loss, count correction) *delta* units, saying why and how the
    books take it (*booking*: ``selisih``, ``kas``, ``bank``, ``utang_usaha``, or ``none`` for a
    caller that books it itself).

    Stock cannot fall below what is reserved for unpaid orders; an entry the books refuse (not
    enough kas) refuses the adjustment. With a *reference*, a retried adjustment is applied once.
    """
    if not isinstance(delta, int) or isinstance(delta, bool) or delta == 0:
        raise InvalidProduct("Perubahan stok harus bilangan bulat bukan nol", field="delta")
    if len(reason.strip()) < 3:
        raise InvalidProduct("Sebutkan alasan perubahan stok", field="reason")
    product = await _product(product_id, actor)
    key = f"adjust:{product_id}:{reference}" if reference else None
    if key and await StockMovement.exists(reference=key):
        return await stock_of(product_id)
    try:
        async with db.transaction():
            row = await _move(product, delta, reason=reason.strip(), key=key, actor=actor)
            await book_stock(
                product,
                delta,
                booking,
                reason=reason.strip(),
                reference=f"stock:{product_id}:{row['movement_id']}",
                actor_user_id=getattr(actor, "user_id", None),
            )
            await announce([product_id])
    except IntegrityError:
        return await stock_of(product_id)  # the same reference won a race: applied once
    return _stock_out(row)


async def set_stock(
    product_id: int, stock: int, *, reason: str, booking: StockBooking, reference: str | None = None, actor=None
) -> StockOut:
    """Bring stock on hand to *stock* (a stock count, an import) through an adjustment."""
    current = await stock_of(product_id)
    if stock == current.stock:
        return current
    return await adjust_stock(
        product_id, stock - current.stock, reason=reason, booking=booking, reference=reference, actor=actor
    )


async def receive_stock(
    product_id: int, quantity: int, *, unit_cost: int, reason: str, reference: str, actor=None
) -> int:
    """Goods bought at *unit_cost* come into an existing product of the cooperative's own (a B2B
    receipt): stock rises and the unit cost becomes the weighted average of what was on hand and
    what came in (rounded half up). Books nothing: the caller books Dr persediaan with the
    amount returned (the catalog's value added, new stock × new cost − old stock × old cost)
    against what it paid, the rounding to selisih. Once per *reference* (then 0)."""
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity <= 0:
        raise InvalidProduct("Jumlah barang diterima harus bilangan bulat positif", field="quantity")
    product = await _product(product_id, actor)
    if not owned(product):
        raise InvalidProduct("Barang titipan anggota tidak dapat menerima barang pembelian", field="product_id")
    key = f"adjust:{product_id}:{reference}"
    if await StockMovement.exists(reference=key):
        return 0
    async with db.transaction():
        row = await _move(product, quantity, reason=reason.strip(), key=key, actor=actor)
        old_stock = row["stock"] - quantity
        total = old_stock * product.cost_idr + quantity * unit_cost
        new_cost = (total * 2 + row["stock"]) // (2 * row["stock"])
        await Product.filter(id=product_id).update(cost_idr=new_cost)
        await announce([product_id])
    return row["stock"] * new_cost - old_stock * product.cost_idr
