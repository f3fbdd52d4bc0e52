"""Stock for the counter, through catalog.service only: whole units leave catalog stock (its
conditional UPDATE, never below zero) and a unit opened to sell a part of it (0.5 kg of a
kilo) keeps its rest here, per product, under the row's lock until sold or put back whole."""

from __future__ import annotations

from catalog import service as catalog
from catalog.errors import OutOfStock
from market import db
from retail.errors import StockShort
from retail.models import OpenedUnit
from retail.service.quantities import MILLI, shown


async def _opened(product_id: int, coop_id: int) -> int:
    """The opened rest of the product, its row locked for the transaction (PostgreSQL)."""
    await db.execute(
        "INSERT INTO retail_opened_unit (product_id, cooperative_id, milli) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
        product_id,
        coop_id,
    )
    lock = " FOR UPDATE" if db.is_postgres() else ""
    rows = await db.execute(f"SELECT milli FROM retail_opened_unit WHERE product_id = ?{lock}", product_id)
    return int(rows[0]["milli"])


async def take(item, coop_id: int, milli: int, *, reference: str, line: int) -> None:
    """Take *milli* of *item* for a sale line (inside the sale's transaction); StockShort naming
    the line when there is not enough."""
    opened = await _opened(item.id, coop_id)
    if milli <= opened:
        rest = opened - milli
    else:
        units = -(-(milli - opened) // MILLI)
        try:
            await catalog.take_for_sale(item.id, units, reference=reference)
        except OutOfStock:
            free = item.available * MILLI + opened
            raise StockShort(
                f"Baris {line} ({item.name}): stok tersedia {shown(max(free, 0), item.unit)},"
                f" diminta {shown(milli, item.unit)}",
                field=f"lines.{line}",
                line=line,
                sku=item.sku,
            ) from None
        rest = opened + units * MILLI - milli
    await OpenedUnit.filter(product_id=item.id).update(milli=rest)


async def put_back(product_id: int, coop_id: int, milli: int, *, reference: str) -> None:
    """A returned quantity back: whole units into catalog stock, a part to the opened rest."""
    opened = await _opened(product_id, coop_id) + milli
    units = opened // MILLI
    if units:
        await catalog.put_back(product_id, units, reference=reference)
    await OpenedUnit.filter(product_id=product_id).update(milli=opened - units * MILLI)
