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
    XENDIT = "xendit"  # an instalment paid by a Xendit invoice (never a disbursement)
    GOODS = "goods"  # a murabahah of the catalog's goods: handed over out of stock (a disbursement)


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
    # What an early repayment charges of the jasa not yet due (loans.service.repay.settlement):
    # "pro_rata" the running month's by the days elapsed, "running_month" the running month's
    # whole, "full" every remaining month's (the whole contract's jasa).
    early_rule = fields.CharField(max_length=16, default="pro_rata")
    # The contract (akad): "konvensional" (jasa on a rate); a syariah cooperative's "murabahah"
    # (goods sold at cost + a margin fixed in the contract, paid by instalments) or "qard" (a loan
    # with no surcharge at all). Its late charge (ta'widh) goes to dana kebajikan, never to income.
    akad = fields.CharField(max_length=12, default="konvensional")
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
    early_rule = fields.CharField(max_length=16, default="pro_rata")  # the product's, at the application
    # A murabahah of the cooperative's own goods: the catalog product and the units handed over.
    goods_product_id = fields.IntField(null=True)
    goods_quantity = fields.IntField(null=True)
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
    credit_line_id = fields.IntField(null=True, db_index=True)  # the bank credit line funding it

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
    invoice_id = fields.IntField(null=True, unique=True)  # the LoanInvoice that paid it (Xendit)
    actor_user_id = fields.IntField()
    paid_on = fields.DateField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loans_payment"


class LoanInvoice(Model):
    """A Xendit invoice a member opened for one instalment: its id is the payment's ``owner_id``
    (kind ``loan``). The parts are those of the day it was opened: the invoice asks exactly that."""

    id = fields.IntField(primary_key=True)
    loan_id = fields.IntField(db_index=True)
    seq = fields.IntField()
    payment_id = fields.IntField(null=True, unique=True)  # payments' payment
    principal = fields.BigIntField()
    jasa = fields.BigIntField()
    late_charge = fields.BigIntField(default=0)
    status = fields.CharField(max_length=12, default="open")  # open | booked | to_wallet | lapsed
    opened_by = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loans_invoice"


class CreditLine(Model):
    """Bank credit channelled through the cooperative: a facility of *limit* from a bank, at
    ``rate_bps_year`` for ``term_months``, drawn down (never above the limit in all), lent on to
    members (loans naming it), repaid to the bank with interest. ``drawn`` and ``owed`` are the
    running totals (principal drawn ever; principal still owed to the bank), under the row lock."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    bank_name = fields.CharField(max_length=120)
    limit = fields.BigIntField()
    rate_bps_year = fields.IntField()
    term_months = fields.IntField()
    opened_on = fields.DateField()
    drawn = fields.BigIntField(default=0)
    owed = fields.BigIntField(default=0)
    interest_paid = fields.BigIntField(default=0)
    created_by = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loans_credit_line"


class CreditMovement(Model):
    """A drawdown from the bank (``draw``) or a repayment to it (``repay``: principal and interest)."""

    id = fields.IntField(primary_key=True)
    line_id = fields.IntField(db_index=True)
    kind = fields.CharField(max_length=8)  # draw | repay
    principal = fields.BigIntField()
    interest = fields.BigIntField(default=0)
    account = fields.CharField(max_length=8)  # kas | bank: where the money came in or went out
    booked_on = fields.DateField()
    reference = fields.CharField(max_length=120, unique=True)
    actor_user_id = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "loans_credit_movement"


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
