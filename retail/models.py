"""Tortoise models of the cooperative's own shop. Other packages use retail.service, never these."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class Method(StrEnum):
    CASH = "cash"
    WALLET = "wallet"
    QRIS = "qris"


class SaleStatus(StrEnum):
    PAID = "paid"
    RETURNED = "returned"  # every unit came back
    PARTLY_RETURNED = "partly_returned"


def _empty() -> dict[str, Any]:
    return {}


class Shift(Model):
    """A cashier's shift: the opening cash, then the closing count against what the till should hold."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    cashier_user_id = fields.IntField()
    opened_at = fields.DatetimeField()
    opening_cash = fields.BigIntField()
    closed_at = fields.DatetimeField(null=True)
    expected_cash = fields.BigIntField(null=True)
    counted_cash = fields.BigIntField(null=True)
    difference = fields.BigIntField(null=True)  # counted − expected
    reason = fields.CharField(max_length=300, default="")
    journal_entry_id = fields.IntField(null=True)

    class Meta:
        table = "retail_shift"


class Sale(Model):
    """One sale at the counter or from the cooperative's POS; ``client_id`` is unique per
    cooperative (a POS retry, a double tap) so a sale is recorded once."""

    id = fields.BigIntField(primary_key=True)
    cooperative_id = fields.IntField()
    client_id = fields.CharField(max_length=80)
    source = fields.CharField(max_length=10, default="counter")  # counter | pos
    sold_at = fields.DatetimeField()
    cashier_user_id = fields.IntField(null=True)
    shift: fields.ForeignKeyNullableRelation[Shift] = fields.ForeignKeyField(
        "retail.Shift", related_name="sales", null=True
    )
    shift_id: int | None
    member_id = fields.IntField(null=True)
    method = fields.CharEnumField(Method, max_length=10)
    status = fields.CharEnumField(SaleStatus, max_length=16, default=SaleStatus.PAID)
    total = fields.BigIntField(default=0)
    hpp = fields.BigIntField(default=0)
    returned_total = fields.BigIntField(default=0)
    journal_entry_id = fields.IntField(null=True)
    wallet_movement_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "retail_sale"
        unique_together = (("cooperative_id", "client_id"),)
        indexes = (("cooperative_id", "sold_at"),)


class SaleLine(Model):
    """A line as sold: quantity in the product's unit (whole units: catalog counts stock so), the
    tier price reached, its total and its HPP at the time."""

    id = fields.BigIntField(primary_key=True)
    sale: fields.ForeignKeyRelation[Sale] = fields.ForeignKeyField("retail.Sale", related_name="lines")
    sale_id: int
    product_id = fields.IntField()
    sku = fields.CharField(max_length=64)
    name = fields.CharField(max_length=200)
    unit = fields.CharField(max_length=20)
    quantity = fields.IntField()
    unit_price = fields.BigIntField()
    line_total = fields.BigIntField()
    hpp_total = fields.BigIntField()
    supplier_member_id = fields.IntField(null=True)
    returned_qty = fields.IntField(default=0)

    class Meta:
        table = "retail_sale_line"


class SaleReturn(Model):
    id = fields.BigIntField(primary_key=True)
    sale: fields.ForeignKeyRelation[Sale] = fields.ForeignKeyField("retail.Sale", related_name="returns")
    sale_id: int
    key = fields.CharField(max_length=120, unique=True)
    amount = fields.BigIntField()
    hpp = fields.BigIntField()
    reason = fields.CharField(max_length=300, default="")
    lines: fields.JSONField[dict[str, Any]] = fields.JSONField(default=_empty)  # line id -> qty
    cashier_user_id = fields.IntField(null=True)
    journal_entry_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "retail_sale_return"


class PosProblem(Model):
    """A POS line that could not be recorded (unknown SKU, not enough stock), kept for the staff."""

    id = fields.BigIntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    client_id = fields.CharField(max_length=80)
    line_no = fields.IntField()
    sku = fields.CharField(max_length=64)
    quantity = fields.IntField()
    unit_price = fields.BigIntField(default=0)
    code = fields.CharField(max_length=40)
    reason = fields.CharField(max_length=300)
    resolved_at = fields.DatetimeField(null=True)
    resolution = fields.CharField(max_length=300, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "retail_pos_problem"
        unique_together = (("cooperative_id", "client_id", "line_no"),)
