"""Tortoise models of PPOB: the biller's price list, markups, the platform fee, transactions."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ProductKind(StrEnum):
    PREPAID = "prepaid"
    POSTPAID = "postpaid"


class MarkupScope(StrEnum):
    ALL = "all"
    CATEGORY = "category"
    BRAND = "brand"


class TxState(StrEnum):
    INQUIRY = "inquiry"  # postpaid bill looked up, nothing paid yet
    AWAITING_PAYMENT = "awaiting_payment"  # waiting for a Xendit invoice
    PENDING = "pending"  # money held; the biller has it (or will get it)
    SUCCESS = "success"
    FAILED = "failed"  # refunded in the same database transaction
    EXPIRED = "expired"  # an inquiry or invoice never paid; nothing was charged


class Channel(StrEnum):
    WALLET = "wallet"
    CASH = "cash"
    INVOICE = "invoice"


class Product(Model):
    id = fields.IntField(primary_key=True)
    sku = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200)
    category = fields.CharField(max_length=40)
    brand = fields.CharField(max_length=40)
    type = fields.CharField(max_length=40, default="")
    kind = fields.CharEnumField(ProductKind, max_length=10)
    base_price = fields.BigIntField(default=0)  # prepaid: what the biller charges us
    admin = fields.BigIntField(default=0)  # postpaid: the biller's admin fee per bill
    commission = fields.BigIntField(default=0)
    active = fields.BooleanField(default=True)  # the biller sells it (buyer and seller status)
    description = fields.TextField(default="")
    multi = fields.BooleanField(default=True)
    start_cut_off = fields.CharField(max_length=5, default="")
    end_cut_off = fields.CharField(max_length=5, default="")
    synced_at = fields.DatetimeField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "ppob_product"
        indexes = (("category", "brand"),)


class Markup(Model):
    """A cooperative's markup: flat rupiah plus basis points of the base price.

    The most specific rule wins: brand, then category, then the cooperative's default (scope all).
    """

    id = fields.IntField(primary_key=True)
    cooperative: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "market.Cooperative", related_name="ppob_markups"
    )
    cooperative_id: int
    scope = fields.CharEnumField(MarkupScope, max_length=10)
    key = fields.CharField(max_length=40, default="")
    flat_idr = fields.BigIntField(default=0)
    bps = fields.IntField(default=0)

    class Meta:
        table = "ppob_markup"
        unique_together = (("cooperative", "scope", "key"),)


class PlatformFee(Model):
    """The operator's fee per PPOB transaction (one row): flat rupiah + bps of the base price."""

    id = fields.IntField(primary_key=True)
    flat_idr = fields.BigIntField(default=0)
    bps = fields.IntField(default=0)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "ppob_platform_fee"


class SyncRun(Model):
    id = fields.IntField(primary_key=True)
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    added = fields.IntField(default=0)
    updated = fields.IntField(default=0)
    deactivated = fields.IntField(default=0)
    reactivated = fields.IntField(default=0)
    report: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "ppob_sync_run"


class Transaction(Model):
    id = fields.BigIntField(primary_key=True)
    ref_id = fields.CharField(max_length=40, unique=True)  # ours, sent to the biller
    # "<actor>:<key from the form or Idempotency-Key header>"; a retry finds the first one.
    idempotency_key = fields.CharField(max_length=240, unique=True, null=True)
    cooperative: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "market.Cooperative", related_name="ppob_transactions"
    )
    cooperative_id: int
    member: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "market.Member", related_name="ppob_transactions", null=True, on_delete=fields.RESTRICT
    )
    member_id: int | None
    # The customer is ``member`` (None: a walk-in at the counter). The people who acted are kept
    # apart from them: ``user_id`` opened it (made the purchase, looked the bill up) and
    # ``acting_user_id`` paid it (the member from their own wallet or invoice, the cashier who
    # took the cash); a cashier paying a bill a member looked up is recorded as the cashier.
    user_id = fields.IntField(null=True)
    acting_user_id = fields.IntField(null=True)
    channel = fields.CharEnumField(Channel, max_length=10, default=Channel.WALLET)
    kind = fields.CharEnumField(ProductKind, max_length=10)
    sku = fields.CharField(max_length=64)
    product_name = fields.CharField(max_length=200)
    category = fields.CharField(max_length=40)
    brand = fields.CharField(max_length=40)
    customer_no = fields.CharField(max_length=40)
    customer_name = fields.CharField(max_length=200, default="")
    period = fields.CharField(max_length=40, default="")
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    base_price = fields.BigIntField()  # our expected cost (price list, or the inquiry's price)
    platform_fee = fields.BigIntField(default=0)
    sell_price = fields.BigIntField()  # what the customer pays
    biller_price = fields.BigIntField(null=True)  # what the biller actually charged
    margin = fields.BigIntField(null=True)  # sell − biller price − platform fee, on success
    state = fields.CharEnumField(TxState, max_length=20)
    rc = fields.CharField(max_length=4, default="")
    message = fields.CharField(max_length=300, default="")
    sn = fields.CharField(max_length=300, default="")
    token = fields.CharField(max_length=30, default="")
    retryable = fields.BooleanField(default=False)
    invoice_ref = fields.CharField(max_length=100, null=True)
    business_date = fields.DateField()
    created_at = fields.DatetimeField(auto_now_add=True)
    submitted_at = fields.DatetimeField(null=True)
    settled_at = fields.DatetimeField(null=True)
    next_check_at = fields.DatetimeField(null=True)
    checks = fields.IntField(default=0)

    class Meta:
        table = "ppob_transaction"
        indexes = (("state", "next_check_at"), ("cooperative_id", "created_at"), ("member_id", "created_at"))
