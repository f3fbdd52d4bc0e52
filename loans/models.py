"""Tortoise models of loans to members. Other packages use loans.service, never these.

Money is int rupiah; rates are basis points. The jasa (service charge) rate is **per month**
(``rate_bps_month``: 150 = 1.5 % a month). A loan is one row from the application to the end:
its status says where it is (applied → approved → disbursed → paid off; or rejected / cancelled).
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


def default_bands() -> list[int]:
    """Upper bounds of days past due: lancar ≤ 90, kurang lancar ≤ 180, diragukan ≤ 270, macet beyond."""
    return [90, 180, 270]


def default_provisions() -> list[int]:
    """Provision (cadangan risiko) per band, bp of the outstanding principal (koperasi.md §6 RPM weights)."""
    return [0, 5000, 7500, 10000]


class Method(StrEnum):
    FLAT = "flat"  # jasa on the original principal every month
    DECLINING = "declining"  # menurun (sliding): equal principal, jasa on the remaining principal


class Status(StrEnum):
    APPLIED = "applied"  # waiting for the board
    APPROVED = "approved"  # approved (by two where the amount needs it), not yet disbursed
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    ACTIVE = "active"  # disbursed, being repaid
    PAID = "paid"  # lunas


class Channel(StrEnum):
    WALLET = "wallet"
    CASH = "cash"


class LoanPolicy(Model):
    """A cooperative's loan rules (AD/ART): the second approver above a ceiling, the collectibility
    bands by days past due and the provision each band asks for."""

    cooperative_id = fields.IntField(primary_key=True)
    second_approval_above = fields.BigIntField(default=10_000_000)
    bands: fields.JSONField[list[int]] = fields.JSONField(default=default_bands)
    provisions: fields.JSONField[list[int]] = fields.JSONField(default=default_provisions)

    class Meta:
        table = "loans_policy"


class LoanProduct(Model):
    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    name = fields.CharField(max_length=120)
    max_amount = fields.BigIntField()  # the absolute ceiling
    savings_multiple_bps = fields.IntField(default=0)  # ceiling as a multiple of savings (0: none)
    max_term_months = fields.IntField()
    rate_bps_month = fields.IntField()
    method = fields.CharEnumField(Method, max_length=12)
    admin_fee_bps = fields.IntField(default=0)  # of the principal, taken from the disbursement
    needs_guarantor = fields.BooleanField(default=False)
    needs_collateral = fields.BooleanField(default=False)
    late_charge_bps = fields.IntField(default=0)  # of a late instalment, per month (started) late
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loans_product"


class Loan(Model):
    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    member_id = fields.IntField(db_index=True)
    product_id = fields.IntField()
    status = fields.CharEnumField(Status, max_length=12, default=Status.APPLIED)
    principal = fields.BigIntField()
    term_months = fields.IntField()
    rate_bps_month = fields.IntField()
    method = fields.CharEnumField(Method, max_length=12)
    admin_fee = fields.BigIntField(default=0)
    late_charge_bps = fields.IntField(default=0)
    purpose = fields.CharField(max_length=300, default="")
    guarantor = fields.CharField(max_length=300, default="")
    collateral = fields.CharField(max_length=300, default="")
    applied_by = fields.IntField()  # user id
    applied_at = fields.DatetimeField()
    approved_by = fields.IntField(null=True)
    approved_at = fields.DatetimeField(null=True)
    second_approved_by = fields.IntField(null=True)
    second_approved_at = fields.DatetimeField(null=True)
    needs_second = fields.BooleanField(default=False)
    rejected_by = fields.IntField(null=True)
    reason = fields.CharField(max_length=500, default="")
    channel = fields.CharEnumField(Channel, max_length=8, null=True)
    disbursed_by = fields.IntField(null=True)
    disbursed_on = fields.DateField(null=True)
    closed_on = fields.DateField(null=True)
    outstanding = fields.BigIntField(default=0)  # principal not yet repaid

    class Meta:
        table = "loans_loan"


class ScheduleLine(Model):
    id = fields.IntField(primary_key=True)
    loan_id = fields.IntField(db_index=True)
    seq = fields.IntField()
    due_on = fields.DateField()
    principal = fields.BigIntField()
    jasa = fields.BigIntField()
    paid_principal = fields.BigIntField(default=0)
    paid_jasa = fields.BigIntField(default=0)
    paid_on = fields.DateField(null=True)

    class Meta:
        table = "loans_schedule_line"
        unique_together = (("loan_id", "seq"),)


class Payment(Model):
    id = fields.IntField(primary_key=True)
    loan_id = fields.IntField(db_index=True)
    reference = fields.CharField(max_length=120, unique=True)
    kind = fields.CharField(max_length=12)  # instalment | early
    seq = fields.IntField(null=True)  # the instalment paid (None: early repayment)
    amount = fields.BigIntField()
    principal = fields.BigIntField()
    jasa = fields.BigIntField()
    late_charge = fields.BigIntField(default=0)
    channel = fields.CharEnumField(Channel, max_length=8)
    actor_user_id = fields.IntField()
    paid_on = fields.DateField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loans_payment"


class Provision(Model):
    """The provision last booked per cooperative: the ledger keeps its balance, this is the trail."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    as_of = fields.DateField()
    amount = fields.BigIntField()  # the target after this booking
    change = fields.BigIntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loans_provision"
