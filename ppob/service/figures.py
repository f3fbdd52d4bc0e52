"""What the operator's dashboard (oversight) reads of PPOB: one statement each."""

from __future__ import annotations

from datetime import datetime

from tortoise.functions import Count, Sum

from ppob.models import Transaction, TxState


async def volume_by_cooperative(start: datetime, end: datetime) -> dict[int, tuple[int, int]]:
    """Per cooperative, (transactions, Σ price paid by the customer) of the successful PPOB
    transactions settled in [start, end)."""
    rows = (
        await Transaction.filter(state=TxState.SUCCESS, settled_at__gte=start, settled_at__lt=end)
        .group_by("cooperative_id")
        .annotate(n=Count("id"), total=Sum("sell_price"))
        .values("cooperative_id", "n", "total")
    )
    return {int(r["cooperative_id"]): (int(r["n"]), int(r["total"] or 0)) for r in rows}
