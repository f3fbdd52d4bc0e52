"""What the operator's dashboard (oversight) reads of the catalog: one statement each."""

from __future__ import annotations

from catalog.models import Product


async def categories_of(product_ids: list[int] | set[int]) -> dict[int, str]:
    """The category of each product among *product_ids* (archived ones too)."""
    if not product_ids:
        return {}
    rows = await Product.filter(id__in=list(product_ids)).values_list("id", "category")
    return {int(i): str(c) for i, c in rows}
