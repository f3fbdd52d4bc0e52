"""What the operator's dashboard (oversight) reads of the core: aggregates, one statement each."""

from __future__ import annotations

from tortoise.functions import Count

from market.models import Account, Member, MemberStatus


async def active_members_by_cooperative() -> dict[int, int]:
    """The number of active members of each cooperative."""
    rows = (
        await Member.filter(status=MemberStatus.ACTIVE)
        .group_by("cooperative_id")
        .annotate(n=Count("id"))
        .values("cooperative_id", "n")
    )
    return {int(r["cooperative_id"]): int(r["n"]) for r in rows}


async def negative_cash() -> dict[int, int]:
    """The cooperatives whose kas (1101) is below zero, with that balance (negative rupiah)."""
    rows = await Account.filter(
        code="kas", cooperative_id__isnull=False, member_id__isnull=True, balance__lt=0
    ).values_list("cooperative_id", "balance")
    return {int(c): int(b) for c, b in rows}
