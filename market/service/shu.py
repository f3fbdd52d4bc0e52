"""SHU participation and the live, provisional SHU of each member for the current fiscal year.

The formula (UU 25/1992 ps. 45; see shared/reference/koperasi.md §2.5):

    pool jasa usaha  = year-to-date margin × the policy's jasa_usaha share (bp)
    pool jasa modal  = year-to-date margin × the policy's jasa_modal share (bp)
    member's JU      = pool JU split by members' participation (value of business with the coop)
    member's JM      = pool JM split by members' capital (pokok + wajib, + sukarela if the policy
                       says so)

Both splits use ``allocate`` so the members' shares add up to each pool to the rupiah. Business
with non-members adds margin (it grows the pools) but earns no one a weight.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

from tortoise.functions import Sum

from market import db
from market.errors import InvalidInput
from market.models import Account, Member, MemberStatus, Participation, ParticipationKind
from market.money import allocate, apply_bps
from market.service import ledger
from market.service.cooperatives import get_cooperative
from market.service.members import SAVINGS, get_member


def fiscal_year_of(moment: datetime, timezone: str) -> int:
    return moment.astimezone(ZoneInfo(timezone)).year


async def record_participation(
    coop_id: int,
    member_id: int | None,
    kind: ParticipationKind | str,
    amount: int,
    margin: int,
    reference: str,
    *,
    occurred_at: datetime | None = None,
) -> bool:
    """Record business that earns SHU, once per *reference*; return whether it was new.

    *member_id* None is business with a non-member: it adds margin but no member's weight.
    Call it inside the transaction that records the business itself.
    """
    kind = ParticipationKind(kind)
    for name, value in (("amount", amount), ("margin", margin)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"{name} harus bilangan bulat rupiah", field=name)
    if amount < 0:
        raise InvalidInput("Nilai transaksi tidak boleh negatif", field="amount")
    coop = await get_cooperative(coop_id)
    if member_id is not None:
        await get_member(coop_id, member_id)
    occurred_at = occurred_at or datetime.now(ZoneInfo("UTC"))
    rows = await db.execute(
        "INSERT INTO shu_participation (reference, cooperative_id, member_id, kind, amount, margin,"
        " fiscal_year, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (reference) DO NOTHING RETURNING id",
        reference,
        coop_id,
        member_id,
        str(kind),
        amount,
        margin,
        fiscal_year_of(occurred_at, coop.timezone),
        occurred_at,
    )
    return bool(rows)


@dataclass
class MemberShu:
    member_id: int
    participation: int
    capital: int
    jasa_usaha: int
    jasa_modal: int

    @property
    def total(self) -> int:
        return self.jasa_usaha + self.jasa_modal


@dataclass
class CoopShu:
    cooperative_id: int
    fiscal_year: int
    margin_total: int
    margin_members: int
    margin_non_members: int
    jasa_usaha_bps: int
    jasa_modal_bps: int
    pool_jasa_usaha: int
    pool_jasa_modal: int
    participation_total: int
    capital_total: int
    capital_kinds: tuple[str, ...]
    members: dict[int, MemberShu]
    by_kind: dict[str, int]


async def live_shu(coop_id: int, *, year: int | None = None) -> CoopShu:
    """Compute the provisional SHU of every member of the cooperative for the fiscal *year*."""
    coop = await get_cooperative(coop_id)
    year = year or fiscal_year_of(datetime.now(ZoneInfo("UTC")), coop.timezone)
    policy = coop.shu_policy or {}
    rows = (
        await Participation.filter(cooperative_id=coop_id, fiscal_year=year)
        .group_by("member_id", "kind")
        .annotate(amount_sum=Sum("amount"), margin_sum=Sum("margin"))
        .values("member_id", "kind", "amount_sum", "margin_sum")
    )
    weights: dict[int, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    margin_total = margin_members = 0
    for row in rows:
        margin = int(row["margin_sum"] or 0)
        margin_total += margin
        if row["member_id"] is not None:
            margin_members += margin
            weights[row["member_id"]] += int(row["amount_sum"] or 0)
            by_kind[str(row["kind"])] += int(row["amount_sum"] or 0)

    capital_kinds = ("pokok", "wajib") + (("sukarela",) if coop.sukarela_counts_for_modal else ())
    codes = [SAVINGS[k][0] for k in capital_kinds]
    member_ids = cast(
        list[int],  # Tortoise types values_list(flat=True) as a list of tuples; it is a flat list
        await Member.filter(cooperative_id=coop_id).exclude(status=MemberStatus.EXITED).values_list("id", flat=True),
    )
    capital: dict[int, int] = defaultdict(int)
    for account in await Account.filter(cooperative_id=coop_id, code__in=codes, member_id__not_isnull=True):
        if account.member_id is not None:  # always, by the filter
            capital[account.member_id] += ledger.natural_balance(account)

    distributable = max(margin_total, 0)
    ju_bps, jm_bps = int(policy.get("jasa_usaha", 0)), int(policy.get("jasa_modal", 0))
    pool_ju, pool_jm = apply_bps(distributable, ju_bps), apply_bps(distributable, jm_bps)
    ids = sorted(member_ids)
    ju_weights = [weights.get(i, 0) for i in ids]
    jm_weights = [max(capital.get(i, 0), 0) for i in ids]
    ju = allocate(pool_ju, ju_weights) if sum(ju_weights) else [0] * len(ids)
    jm = allocate(pool_jm, jm_weights) if sum(jm_weights) else [0] * len(ids)
    members = {
        member_id: MemberShu(member_id, ju_weights[n], jm_weights[n], ju[n], jm[n]) for n, member_id in enumerate(ids)
    }
    return CoopShu(
        cooperative_id=coop_id,
        fiscal_year=year,
        margin_total=margin_total,
        margin_members=margin_members,
        margin_non_members=margin_total - margin_members,
        jasa_usaha_bps=ju_bps,
        jasa_modal_bps=jm_bps,
        pool_jasa_usaha=pool_ju if sum(ju_weights) else 0,
        pool_jasa_modal=pool_jm if sum(jm_weights) else 0,
        participation_total=sum(ju_weights),
        capital_total=sum(jm_weights),
        capital_kinds=capital_kinds,
        members=members,
        by_kind=dict(by_kind),
    )


@dataclass
class MemberShuExplained:
    coop: CoopShu
    mine: MemberShu


async def member_shu(coop_id: int, member_id: int) -> MemberShuExplained:
    """A member's live SHU with every figure needed to check it by hand."""
    await get_member(coop_id, member_id)
    coop = await live_shu(coop_id)
    mine = coop.members.get(member_id) or MemberShu(member_id, 0, 0, 0, 0)
    return MemberShuExplained(coop=coop, mine=mine)
