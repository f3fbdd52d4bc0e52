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


_OFFER_COLUMNS = (
    "p.id, p.cooperative_id, c.name AS coop_name, c.slug AS coop_slug, c.province,"
    " c.status AS coop_status, p.name, p.unit, p.category, p.price_idr, p.tiers, p.min_order_qty,"
    " p.stock, p.reserved, p.cost_idr, p.supplier_member_id, p.status, p.photos"
)
_OFFER_NAMES = [column.strip().rsplit(" ", 1)[-1].split(".")[-1] for column in _OFFER_COLUMNS.split(",")]


async def offers(product_ids: list[int]) -> dict[int, Offer]:
    """What a cart or a checkout needs of each product and its seller, in one query (the seller's
    name, slug, province and status from market's read model ``market_cooperative_public``).
    Unknown ids are absent."""
    ids = sorted({int(i) for i in product_ids})
    if not ids:
        return {}
    rows = await db.execute(
        f"SELECT {_OFFER_COLUMNS} FROM catalog_product p JOIN {COOPERATIVE_PUBLIC} c ON c.id = p.cooperative_id"
        " WHERE p.id IN (" + ", ".join("?" * len(ids)) + ")",
        *ids,
    )
    return {r["id"]: _offer(r) for r in rows}


async def offers_beside(rows_sql: str, *params: object, order_by: str) -> tuple[list[dict], dict[int, Offer]]:
    """Rows of the caller's own query and the offers of the products they name, in one statement
    (a cart's lines and what they cost now: one round trip instead of two).

    *rows_sql* is a SELECT of the caller's own tables with a ``product_id`` column (NULL allowed)
    and a column *order_by* that orders its rows; catalog reads it only as a subquery, and the
    caller never names catalog's tables. Returns the caller's rows, in that order, and the offers
    of the products they name (unknown ids absent), as ``offers`` gives them."""
    offer_columns = ", ".join(
        f"{column.strip().rsplit(' AS ', 1)[0]} AS offer_{name}"
        for column, name in zip(_OFFER_COLUMNS.split(","), _OFFER_NAMES, strict=True)
    )
    found = await db.execute(
        f"SELECT r.*, {offer_columns} FROM ({rows_sql}) r"
        " LEFT JOIN catalog_product p ON p.id = r.product_id"
        f" LEFT JOIN {COOPERATIVE_PUBLIC} c ON c.id = p.cooperative_id ORDER BY r.{order_by}",
        *params,
    )
    rows, offered = [], {}
    for row in found:
        rows.append({k: v for k, v in row.items() if not k.startswith("offer_")})
        if row["offer_id"] is not None:
            offered[row["offer_id"]] = _offer({name: row[f"offer_{name}"] for name in _OFFER_NAMES})
    return rows, offered


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
