"""Goods sold over a cooperative's own counter (retail): find by SKU, the items changed since a
cursor (a POS keeps its copy), stock taken for a sale without an order and put back on a return.

Stock moves by the same conditional UPDATE as the rest of catalog.service.stock (``stock -
reserved >= n``: never below zero, never into units held for unpaid orders), with a movement row
whose reference makes a retry harmless. Nothing is booked here: the retail sale books persediaan
and HPP in its own entry."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from tortoise.expressions import Q

from catalog.codes import gtin_ok
from catalog.errors import InvalidProduct, OutOfStock, ProductNotFound
from catalog.models import Product, ProductStatus, StockMovement
from catalog.service.products import announce
from market import db


@dataclass(frozen=True)
class CounterItem:
    id: int
    sku: str
    barcode: str
    name: str
    unit: str
    price_idr: int
    tiers: tuple[tuple[int, int], ...]  # (min_qty, price_idr), ascending
    cost_idr: int
    stock: int
    available: int
    supplier_member_id: int | None
    active: bool
    updated_at: datetime
    changed_at: datetime | None = None

    def price_for(self, quantity: int) -> int:
        price = self.price_idr
        for min_qty, tier_price in self.tiers:
            if quantity >= min_qty:
                price = tier_price
        return price


def _item(p: Product) -> CounterItem:
    tiers: list[dict[str, Any]] = list(p.tiers or [])
    return CounterItem(
        id=p.id,
        sku=p.sku,
        barcode=p.barcode,
        name=p.name,
        unit=p.unit,
        price_idr=p.price_idr,
        tiers=tuple((int(t["min_qty"]), int(t["price_idr"])) for t in tiers),
        cost_idr=p.cost_idr,
        stock=p.stock,
        available=p.stock - p.reserved,
        supplier_member_id=p.supplier_member_id,
        active=p.status == ProductStatus.ACTIVE,
        updated_at=p.updated_at,
    )


async def counter_items(coop_id: int, *, q: str = "", limit: int = 30) -> list[CounterItem]:
    """The cooperative's active goods matching *q* (name, SKU or barcode typed), by name."""
    query = Product.filter(cooperative_id=coop_id, status=ProductStatus.ACTIVE)
    if q.strip():
        typed = q.strip()
        found = Q(name__icontains=typed) | Q(sku__iexact=typed)
        query = query.filter(found | Q(barcode=typed) if gtin_ok(typed) else found)
    return [_item(p) for p in await query.order_by("name").limit(limit)]


async def counter_items_by_sku(coop_id: int, skus: list[str]) -> dict[str, CounterItem]:
    """The cooperative's active goods among *skus*, each under the code a POS line named it by:
    its SKU or its barcode (a SKU that is some product's barcode too goes to its SKU's product)."""
    wanted = list(set(skus))
    barcodes = [code for code in wanted if gtin_ok(code)]  # a barcode is always a GTIN
    named = Q(sku__in=wanted) | Q(barcode__in=barcodes) if barcodes else Q(sku__in=wanted)
    rows = await Product.filter(named, cooperative_id=coop_id, status=ProductStatus.ACTIVE)
    found = {p.barcode: _item(p) for p in rows if p.barcode in wanted}
    found.update({p.sku: _item(p) for p in rows if p.sku in wanted})
    return found


async def counter_items_by_ids(coop_id: int, ids: list[int]) -> list[CounterItem]:
    """The cooperative's active goods among the product *ids* (a line picked on the counter page)."""
    rows = await Product.filter(cooperative_id=coop_id, status=ProductStatus.ACTIVE, id__in=list(set(ids)))
    return [_item(p) for p in rows]


async def counter_items_since(coop_id: int, since: datetime | None, *, limit: int = 500) -> list[CounterItem]:
    """Goods whose product (price, name, status) or stock changed after *since* (all when None),
    oldest change first, each with ``changed_at`` (the later of its last edit and its last stock
    movement): a POS pages on with the last item's ``changed_at``."""
    moved_query = StockMovement.filter(product__cooperative_id=coop_id)
    if since is not None:
        moved_query = moved_query.filter(created_at__gt=since)
    last_moved: dict[int, datetime] = {}
    for product_id, created_at in await moved_query.values_list("product_id", "created_at"):
        if product_id not in last_moved or created_at > last_moved[product_id]:
            last_moved[product_id] = created_at
    query = Product.filter(cooperative_id=coop_id)
    if since is not None:
        query = query.filter(Q(updated_at__gt=since) | Q(id__in=list(last_moved) or [0]))
    items = []
    for p in await query:
        item = _item(p)
        moved = last_moved.get(p.id)
        items.append(replace(item, changed_at=max(item.updated_at, moved) if moved else item.updated_at))
    items.sort(key=lambda i: (i.changed_at, i.id))
    return items[:limit]


async def take_for_sale(product_id: int, quantity: int, *, reference: str, reason: str = "Penjualan toko") -> int:
    """Take *quantity* units out of stock for a counter sale, once per *reference*; OutOfStock when
    fewer are free. Answers the stock after. Call inside the sale's transaction."""
    return await _move(product_id, -quantity, reference=reference, reason=reason)


async def put_back(product_id: int, quantity: int, *, reference: str, reason: str = "Retur penjualan toko") -> int:
    """Units of a returned counter sale back into stock, once per *reference*."""
    return await _move(product_id, quantity, reference=reference, reason=reason)


async def take_many_for_sale(moves: list[tuple[int, int, str]], *, reason: str = "Penjualan toko") -> None:
    """Take each (product id, units, reference) of a new sale out of stock in one conditional
    UPDATE and one insert of movements (a POS batch's sale of many lines in two round trips).

    Call inside the sale's transaction, with references never used before (the sale's own id):
    OutOfStock (naming the first product short) leaves the transaction to be rolled back, and a
    reference used twice fails on its unique movement instead of taking stock twice."""
    if any(units <= 0 for _, units, _ in moves):
        raise InvalidProduct("Jumlah harus bilangan bulat lebih dari 0", field="quantity")
    wanted: dict[int, int] = {}
    for pid, units, _ in moves:
        wanted[pid] = wanted.get(pid, 0) + units
    ids = sorted(wanted)
    case = "CASE id " + " ".join(["WHEN ? THEN CAST(? AS INTEGER)"] * len(ids)) + " END"
    pairs = [v for pid in ids for v in (pid, wanted[pid])]
    rows = await db.execute(
        f"UPDATE catalog_product SET stock = stock - {case}, updated_at = ?"
        f" WHERE id IN ({', '.join('?' * len(ids))}) AND status = ? AND stock - reserved - {case} >= 0"
        " RETURNING id, stock",
        *pairs,
        datetime.now(UTC),
        *ids,
        ProductStatus.ACTIVE.value,
        *pairs,
    )
    after = {int(r["id"]): int(r["stock"]) for r in rows}
    short = [pid for pid in ids if pid not in after]
    if short:
        if not await Product.exists(id=short[0], status=ProductStatus.ACTIVE):
            raise ProductNotFound("Produk tidak ditemukan")
        raise OutOfStock("Stok tidak cukup", product_id=short[0])
    running = dict(after)
    rows_out = []
    for pid, units, reference in reversed(moves):  # each movement's stock after it, the last line last
        rows_out.append(
            StockMovement(
                product_id=pid,
                kind="sale",
                quantity=-units,
                stock_after=running[pid],
                reason=reason[:200],
                reference=f"counter:{reference}",
            )
        )
        running[pid] += units
    await StockMovement.bulk_create(list(reversed(rows_out)))
    emptied = [pid for pid, stock in after.items() if stock == 0]
    if emptied:
        await announce(emptied)


async def _move(product_id: int, delta: int, *, reference: str, reason: str) -> int:
    if delta == 0:
        raise InvalidProduct("Jumlah harus bilangan bulat bukan nol", field="quantity")
    key = f"counter:{reference}"
    done = await StockMovement.get_or_none(reference=key)
    if done is not None:
        return done.stock_after
    async with db.transaction():
        rows = await db.execute(
            "UPDATE catalog_product SET stock = stock + ?, updated_at = ? "
            "WHERE id = ? AND status = ? AND stock - reserved + ? >= 0 RETURNING stock",
            delta,
            datetime.now(UTC),
            product_id,
            ProductStatus.ACTIVE.value,
            delta,
        )
        if not rows:
            if not await Product.exists(id=product_id, status=ProductStatus.ACTIVE):
                raise ProductNotFound("Produk tidak ditemukan")
            raise OutOfStock("Stok tidak cukup", product_id=product_id)
        await StockMovement.create(
            product_id=product_id,
            kind="sale" if delta < 0 else "return",
            quantity=delta,
            stock_after=rows[0]["stock"],
            reason=reason[:200],
            reference=key,
        )
        if delta > 0 or rows[0]["stock"] == 0:
            await announce([product_id])
    return int(rows[0]["stock"])
