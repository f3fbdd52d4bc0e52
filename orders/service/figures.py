"""Network figures the operator's dashboard reads (oversight): aggregates, one statement each."""

from __future__ import annotations

from datetime import datetime

from tortoise.functions import Count, Sum

from orders.models import OrderLine, SubOrder


async def paid_by_cooperative(start: datetime, end: datetime) -> dict[int, tuple[int, int]]:
    """Per selling cooperative, (sub-orders, GMV) of the sub-orders paid in [start, end): GMV is
    goods plus delivery, whatever happened to the sub-order after it was paid."""
    rows = (
        await SubOrder.filter(paid_at__gte=start, paid_at__lt=end)
        .group_by("cooperative_id")
        .annotate(n=Count("id"), goods=Sum("goods_total"), fees=Sum("delivery_fee"))
        .values("cooperative_id", "n", "goods", "fees")
    )
    return {int(r["cooperative_id"]): (int(r["n"]), int(r["goods"] or 0) + int(r["fees"] or 0)) for r in rows}


async def paid_goods_by_product(start: datetime, end: datetime) -> dict[int, tuple[int, int]]:
    """Per product, (cooperative, goods sold) of the lines of the sub-orders paid in [start, end)."""
    rows = (
        await OrderLine.filter(suborder__paid_at__gte=start, suborder__paid_at__lt=end)
        .group_by("product_id", "suborder__cooperative_id")
        .annotate(total=Sum("line_total"))
        .values("product_id", "total", coop="suborder__cooperative_id")
    )
    return {int(r["product_id"]): (int(r["coop"]), int(r["total"] or 0)) for r in rows}
