"""Stock on hand: adjusted with a reason (restock, loss, count correction) or brought to a
counted figure (a stock take, an import). One conditional UPDATE keeps ``stock + delta >=
reserved``, so stock never falls below what unpaid orders hold."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError

from catalog.errors import InvalidProduct, OutOfStock, ProductNotFound
from catalog.models import Product, ProductStatus, StockMovement
from catalog.schemas import StockOut
from catalog.service.products import announce
from catalog.service.stock.availability import _stock_out, stock_of
from market import db
from market import service as market


async def adjust_stock(
    product_id: int, delta: int, *, reason: str, reference: str | None = None, actor=None
) -> StockOut:
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
                "RETURNING id, stock, reserved",
                delta,
                product_id,
                delta,
            )
            if not rows:
                current = await stock_of(product_id)
                raise OutOfStock(
                    f"Stok tidak dapat dikurangi {-delta}: tersedia {current.stock}, dipesan {current.reserved}",
                    field="delta",
                )
            await StockMovement.create(
                product_id=product_id,
                kind="adjust",
                quantity=delta,
                stock_after=rows[0]["stock"],
                reason=reason.strip()[:200],
                reference=key,
                user_id=getattr(actor, "user_id", None),
            )
            await announce([product_id])
    except IntegrityError:
        return await stock_of(product_id)  # the same reference won a race: applied once
    return _stock_out(rows[0])


async def set_stock(product_id: int, stock: int, *, reason: str, reference: str | None = None, actor=None) -> StockOut:
    """Bring stock on hand to *stock* (a stock count, an import) through an adjustment."""
    current = await stock_of(product_id)
    if stock == current.stock:
        return current
    return await adjust_stock(product_id, stock - current.stock, reason=reason, reference=reference, actor=actor)
