"""The catalog's side of the inventory report: each product's stock on hand × unit cost."""

from __future__ import annotations

from catalog.models import Product, ProductStatus
from catalog.schemas import InventoryLineOut
from market import service as market


async def stock_value(coop_id: int, *, actor=None) -> list[InventoryLineOut]:
    """Every product of *coop_id* with stock on hand (removed ones too: their units are still
    there), by name; ``consigned`` marks a member's produce the cooperative sells for them."""
    if actor is not None:
        market.require_coop(actor, coop_id)
    rows = (
        await Product.filter(cooperative_id=coop_id)
        .exclude(stock=0, status=ProductStatus.REMOVED)
        .order_by("name", "id")
        .values("id", "sku", "name", "unit", "stock", "cost_idr", "supplier_member_id")
    )
    return [
        InventoryLineOut(
            product_id=r["id"],
            sku=r["sku"],
            name=r["name"],
            unit=r["unit"],
            stock=r["stock"],
            cost_idr=r["cost_idr"],
            value=r["stock"] * r["cost_idr"],
            consigned=r["supplier_member_id"] is not None,
        )
        for r in rows
    ]
