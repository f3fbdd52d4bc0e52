"""What the operator's dashboard (oversight) reads of payments: one statement each."""

from __future__ import annotations

from datetime import datetime

from tortoise.functions import Count, Min, Sum

from payments.models import Payment, PaymentStatus, Payout, PayoutStatus

OPEN_PAYOUTS = (PayoutStatus.PENDING, PayoutStatus.ACCEPTED, PayoutStatus.REQUESTED)


async def open_payouts_by_cooperative() -> dict[int, tuple[int, int]]:
    """Per cooperative, (payouts, amount) of its payouts to its bank account not yet finished
    (pending, accepted or requested; a wallet's cash-out is not a cooperative payout)."""
    rows = (
        await Payout.filter(status__in=OPEN_PAYOUTS, cooperative_id__isnull=False, wallet_id__isnull=True)
        .group_by("cooperative_id")
        .annotate(n=Count("id"), total=Sum("amount"))
        .values("cooperative_id", "n", "total")
    )
    return {int(r["cooperative_id"]): (int(r["n"]), int(r["total"] or 0)) for r in rows}


async def stuck_payments_by_cooperative(before: datetime) -> dict[int | None, tuple[int, int, datetime]]:
    """Per cooperative (None: a buyer's own), (payments, amount, oldest) of the payments still
    pending that were created before *before*."""
    rows = (
        await Payment.filter(status=PaymentStatus.PENDING, created_at__lt=before)
        .group_by("cooperative_id")
        .annotate(n=Count("id"), total=Sum("amount"), oldest=Min("created_at"))
        .values("cooperative_id", "n", "total", "oldest")
    )
    return {
        (int(r["cooperative_id"]) if r["cooperative_id"] is not None else None): (
            int(r["n"]),
            int(r["total"] or 0),
            r["oldest"],
        )
        for r in rows
    }
