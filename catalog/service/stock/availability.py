"""What there is to sell: a product's stock counts, and what a cart or a checkout needs of many
products and their sellers in one query. Reads only; stock moves in adjustments.py (stock on
hand) and reservations.py (held for orders)."""

from __future__ import annotations

import json

from catalog.errors import ProductNotFound
from catalog.models import ProductStatus
from catalog.schemas import Offer, StockOut
from market import db
from market import service as market
from market.readmodels import COOPERATIVE_PUBLIC


def _stock_out(row: dict) -> StockOut:
    return StockOut(
        product_id=row["id"], stock=row["stock"], reserved=row["reserved"], available=row["stock"] - row["reserved"]
    )


async def stock_of(product_id: int) -> StockOut:
    rows = await db.execute("SELECT id, stock, reserved FROM catalog_product WHERE id = ?", product_id)
    if not rows:
        raise ProductNotFound("Produk tidak ditemukan")
    return _stock_out(rows[0])


async def offers(product_ids: list[int]) -> dict[int, Offer]:
    """What a cart or a checkout needs of each product and its seller, in one query (the seller's
    name, slug, province and status from market's read model ``market_cooperative_public``).
    Unknown ids are absent."""
    ids = sorted({int(i) for i in product_ids})
    if not ids:
        return {}
    rows = await db.execute(
        "SELECT p.id, p.cooperative_id, c.name AS coop_name, c.slug AS coop_slug, c.province,"
        " c.status AS coop_status, p.name, p.unit, p.category, p.price_idr, p.tiers, p.min_order_qty,"
        " p.stock, p.reserved, p.cost_idr, p.supplier_member_id, p.status, p.photos"
        f" FROM catalog_product p JOIN {COOPERATIVE_PUBLIC} c ON c.id = p.cooperative_id"
        " WHERE p.id IN (" + ", ".join("?" * len(ids)) + ")",
        *ids,
    )
    return {r["id"]: _offer(r) for r in rows}


def _offer(r: dict) -> Offer:
    tiers = r["tiers"] if not isinstance(r["tiers"], str) else json.loads(r["tiers"])
    photos = r["photos"] if not isinstance(r["photos"], str) else json.loads(r["photos"])
    first = photos[0] if photos else ""
    return Offer(
        id=r["id"],
        cooperative_id=r["cooperative_id"],
        coop_name=r["coop_name"],
        coop_slug=r["coop_slug"],
        province=r["province"],
        coop_active=r["coop_status"] == market.CoopStatus.ACTIVE.value,
        name=r["name"],
        unit=r["unit"],
        category=r["category"],
        price_idr=r["price_idr"],
        tiers=tuple(tiers or ()),
        min_order_qty=r["min_order_qty"],
        stock=r["stock"],
        reserved=r["reserved"],
        available=r["stock"] - r["reserved"],
        cost_idr=r["cost_idr"],
        supplier_member_id=r["supplier_member_id"],
        active=r["status"] == ProductStatus.ACTIVE.value,
        photo=(first.get("key", "") if isinstance(first, dict) else str(first)) if first else "",
    )
