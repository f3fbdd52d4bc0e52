"""Tortoise models of the SHU close. Other packages use shu.service, never these models."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ProposalState(StrEnum):
    PROPOSED = "proposed"  # computed, waiting for the members' meeting
    APPROVED = "approved"  # the RAT approved it: it may be distributed, once
    DISTRIBUTED = "distributed"  # booked: funds, members' shares, their credits
    REJECTED = "rejected"  # the RAT rejected it: a revised version may be put to a new vote
    SUPERSEDED = "superseded"  # a later version replaced it (kept, never deleted)


class CapitalBasis(StrEnum):
    YEAR_END = "year_end"  # the member's capital on 31 December
    AVERAGE_MONTHLY = "average_monthly"  # the average of the twelve month-end balances


class LossCarry(StrEnum):
    CADANGAN = "cadangan"  # a loss is covered from the reserve
    CARRIED_FORWARD = "carried_forward"  # a loss stays as SHU tahun lalu belum dibagi (negative)


class PayoutMethod(StrEnum):
    WALLET = "wallet"  # into the member's wallet (saldo dompet)
    SUKARELA = "sukarela"  # into the member's simpanan sukarela
    CASH = "cash"  # kept as SHU bagian anggota belum dibayar, paid in cash at the counter


def default_capital_kinds() -> list[str]:
    """Member capital for jasa modal: simpanan pokok + wajib (koperasi.md §2.6)."""
    return ["pokok", "wajib"]


class ShuPolicy(Model):
    """A cooperative's SHU policy for one fiscal year (AD/ART), frozen once that year is closed:
    changing it today never changes a past year's close."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField()
    fiscal_year = fields.IntField()
    # fund code -> basis points, summing to 10000: cadangan, jasa_usaha, jasa_modal, pengurus,
    # karyawan, pendidikan, sosial, pdk, zakat (syariah only) and funds the cooperative names.
    funds: fields.JSONField[dict[str, int]] = fields.JSONField(default=dict)
    # fund code -> name, for the funds the cooperative names itself.
    fund_names: fields.JSONField[dict[str, str]] = fields.JSONField(default=dict)
    # business line (purchase, supply, ppob) -> basis points of the jasa-usaha pool, summing to
    # 10000; empty: one pool weighted by the value of all of a member's business together.
    line_weights: fields.JSONField[dict[str, int]] = fields.JSONField(default=dict)
    capital_kinds: fields.JSONField[list[str]] = fields.JSONField(default=default_capital_kinds)
    capital_basis = fields.CharEnumField(CapitalBasis, max_length=20, default=CapitalBasis.YEAR_END)
    # Members who left during the year: share by what they did while members (True), or not at all.
    exited_members_share = fields.BooleanField(default=False)
    non_member_to_reserve = fields.BooleanField(default=True)
    loss_carry = fields.CharEnumField(LossCarry, max_length=20, default=LossCarry.CARRIED_FORWARD)
    payout = fields.CharEnumField(PayoutMethod, max_length=12, default=PayoutMethod.WALLET)
    # What a syariah cooperative's zakat is taken on (shu.schemas.PolicyIn.zakat_base).
    zakat_base = fields.CharField(max_length=20, default="shu_setelah_pajak")
    frozen_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "shu_policy"
        unique_together = (("cooperative_id", "fiscal_year"),)


class ShuProposal(Model):
    """One version of a year's SHU proposal: the figures from the year's PHU, the policy it used
    (a copy), and its state. A correction makes the next version and supersedes this one."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField()
    fiscal_year = fields.IntField()
    version = fields.IntField()
    state = fields.CharEnumField(ProposalState, max_length=12, default=ProposalState.PROPOSED)
    income = fields.BigIntField(default=0)
    expenses = fields.BigIntField(default=0)
    shu_before_tax = fields.BigIntField(default=0)
    tax = fields.BigIntField(default=0)
    shu_after_tax = fields.BigIntField(default=0)
    member_shu = fields.BigIntField(default=0)
    non_member_shu = fields.BigIntField(default=0)
    policy: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    # Totals the members' shares were split by (weights per line, capital), for the explanation.
    detail: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    created_by_user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)
    # The meeting's agenda item that decided it (rat), when one did.
    decided_by_item_id = fields.IntField(null=True)

    class Meta:
        table = "shu_proposal"
        unique_together = (("cooperative_id", "fiscal_year", "version"),)


class ShuFund(Model):
    """One fund of a proposal (its basis points of the SHU and its amount, by largest remainder)."""

    id = fields.IntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[ShuProposal] = fields.ForeignKeyField("shu.ShuProposal", related_name="funds")
    proposal_id: int
    code = fields.CharField(max_length=40)
    name = fields.CharField(max_length=120)
    bps = fields.IntField()
    amount = fields.BigIntField()

    class Meta:
        table = "shu_fund"
        unique_together = (("proposal", "code"),)


class ShuMemberShare(Model):
    """One member's share in a proposal: their weights and capital, jasa usaha + jasa modal."""

    id = fields.BigIntField(primary_key=True)
    proposal: fields.ForeignKeyRelation[ShuProposal] = fields.ForeignKeyField("shu.ShuProposal", related_name="shares")
    proposal_id: int
    member_id = fields.IntField()
    # business line -> the member's weight (rupiah of business) in the year
    weights: fields.JSONField[dict[str, int]] = fields.JSONField(default=dict)
    capital = fields.BigIntField(default=0)
    jasa_usaha = fields.BigIntField(default=0)
    jasa_modal = fields.BigIntField(default=0)
    total = fields.BigIntField(default=0)

    class Meta:
        table = "shu_member_share"
        unique_together = (("proposal", "member_id"),)


class Distribution(Model):
    """The booking of an approved proposal, once: the funds' entry, then each member's credit.
    ``finished_at`` is set when every member's credit is booked; a run that stopped half-way
    resumes member by member."""

    id = fields.IntField(primary_key=True)
    proposal: fields.OneToOneRelation[ShuProposal] = fields.OneToOneField(
        "shu.ShuProposal", related_name="distribution"
    )
    proposal_id: int
    started_by_user_id = fields.IntField(null=True)
    started_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)
    detail: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "shu_distribution"


class MemberCredit(Model):
    """One member's share paid out: into their wallet or simpanan sukarela, or held for cash at
    the counter until a cashier pays it (``paid_at``, ``paid_by_user_id``)."""

    id = fields.BigIntField(primary_key=True)
    distribution: fields.ForeignKeyRelation[Distribution] = fields.ForeignKeyField(
        "shu.Distribution", related_name="credits"
    )
    distribution_id: int
    member_id = fields.IntField()
    amount = fields.BigIntField()
    method = fields.CharEnumField(PayoutMethod, max_length=12)
    reference = fields.CharField(max_length=120, unique=True)
    credited_at = fields.DatetimeField(auto_now_add=True)
    paid_at = fields.DatetimeField(null=True)
    paid_by_user_id = fields.IntField(null=True)
    detail: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "shu_member_credit"
        unique_together = (("distribution", "member_id"),)
