"""Tortoise models of the cooperative's own shop. Other packages use retail.service, never these.

Quantities are kept exactly as integer milli-units of the product's unit (1.25 kg is 1250); money
is int rupiah. Stock itself lives in the catalog (moved only through catalog.service); the one
stock figure kept here is the part of a whole unit the counter has opened (a sack of rice sold
by the kilo), per product.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class Method(StrEnum):
    CASH = "cash"  # tunai, into the cooperative's kas
    WALLET = "wallet"  # the member's own wallet, confirmed with their PIN
    QRIS = "qris"  # QRIS: at the counter through Xendit (payments' clearing); from a POS, its bank
    BANK = "bank"  # a transfer or card the POS collected into the cooperative's bank


class SaleStatus(StrEnum):
    DONE = "done"
    RETURNED = "returned"  # every line given back
    PARTLY_RETURNED = "partly_returned"
    AWAITING = "awaiting_payment"  # a counter QRIS sale: stock taken, the QR open, nothing booked
    VOID = "void"  # its QR expired or failed: the stock back, nothing booked


BOOKED = (SaleStatus.DONE, SaleStatus.RETURNED, SaleStatus.PARTLY_RETURNED)


class Source(StrEnum):
    COUNTER = "counter"  # the cashier's page
    POS = "pos"  # the cooperative's own POS through the API


def _no_lines() -> list[dict[str, Any]]:
    return []


class Shift(Model):
    """A cashier's shift at the counter: opening cash, the closing count and its difference."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    cashier_user_id = fields.IntField()
    cashier_name = fields.CharField(max_length=200, default="")
    opened_at = fields.DatetimeField()
    opening_cash = fields.BigIntField()
    closed_at = fields.DatetimeField(null=True)
    expected_cash = fields.BigIntField(null=True)
    counted_cash = fields.BigIntField(null=True)
    difference = fields.BigIntField(null=True)
    reason = fields.CharField(max_length=300, default="")

    class Meta:
        table = "retail_shift"


class Sale(Model):
    """One receipt: a counter sale or a POS sale, recorded once per (cooperative, client id)."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField()
    client_id = fields.CharField(max_length=100)
    source = fields.CharEnumField(Source, max_length=8)
    sold_at = fields.DatetimeField()
    booked_on = fields.DateField()  # the cooperative's day of the sale
    cashier_user_id = fields.IntField(null=True)
    cashier_name = fields.CharField(max_length=200, default="")
    shift_id = fields.IntField(null=True)
    member_id = fields.IntField(null=True)
    member_name = fields.CharField(max_length=200, default="")
    method = fields.CharEnumField(Method, max_length=8)
    status = fields.CharEnumField(SaleStatus, max_length=16, default=SaleStatus.DONE)
    total = fields.BigIntField()
    hpp_total = fields.BigIntField()
    tendered = fields.BigIntField(default=0)  # cash handed over (change = tendered − total)
    wallet_movement_id = fields.IntField(null=True)
    payment_id = fields.IntField(null=True)  # the Xendit payment of a counter QRIS sale (payments)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "retail_sale"
        unique_together = (("cooperative_id", "client_id"),)
        indexes = (("cooperative_id", "booked_on"),)


class SaleLine(Model):
    id = fields.IntField(primary_key=True)
    sale: fields.ForeignKeyRelation[Sale] = fields.ForeignKeyField("retail.Sale", related_name="lines")
    sale_id: int
    position = fields.IntField()  # 1, 2, … as on the receipt
    product_id = fields.IntField()
    sku = fields.CharField(max_length=64)
    name = fields.CharField(max_length=200)
    unit = fields.CharField(max_length=20)
    qty_milli = fields.BigIntField()
    unit_price = fields.BigIntField()  # the tier price reached
    line_total = fields.BigIntField()
    hpp = fields.BigIntField()
    returned_milli = fields.BigIntField(default=0)

    class Meta:
        table = "retail_sale_line"


class SaleReturn(Model):
    """Goods given back against a receipt: stock back, money back the way it was paid."""

    id = fields.IntField(primary_key=True)
    sale: fields.ForeignKeyRelation[Sale] = fields.ForeignKeyField("retail.Sale", related_name="returns")
    sale_id: int
    cooperative_id = fields.IntField()
    client_id = fields.CharField(max_length=100)
    returned_at = fields.DatetimeField()
    booked_on = fields.DateField()
    cashier_user_id = fields.IntField(null=True)
    shift_id = fields.IntField(null=True)
    reason = fields.CharField(max_length=300)
    total = fields.BigIntField()
    hpp_total = fields.BigIntField()
    # [{"line_id": 3, "qty_milli": 1000, "amount": 12000, "hpp": 9000}]
    lines: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=_no_lines)

    class Meta:
        table = "retail_sale_return"
        unique_together = (("cooperative_id", "client_id"),)


class PosProblem(Model):
    """A POS sale that could not be recorded as sent (an unknown SKU, not enough stock, a closed
    month): kept whole, with its reasons, until the staff record it or set it aside."""

    id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField(db_index=True)
    client_id = fields.CharField(max_length=100)
    received_at = fields.DatetimeField()
    sold_at = fields.DatetimeField()
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField()
    # [{"line": 2, "sku": "X", "code": "unknown_sku", "message": "..."}]
    reasons: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=_no_lines)
    status = fields.CharField(max_length=12, default="open")  # open, recorded, dismissed
    sale_id = fields.IntField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    resolved_by_user_id = fields.IntField(null=True)
    note = fields.CharField(max_length=300, default="")

    class Meta:
        table = "retail_pos_problem"
        unique_together = (("cooperative_id", "client_id"),)


class OpenedUnit(Model):
    """The milli-units left of whole units the counter took out of catalog stock to sell a part.

    ``value`` is their cost still in persediaan (rupiah): a part sold releases its share of it,
    the last part all that is left, so a unit's parts release exactly its cost whatever their
    rounding."""

    product_id = fields.IntField(primary_key=True)
    cooperative_id = fields.IntField()
    milli = fields.BigIntField(default=0)
    value = fields.BigIntField(default=0)

    class Meta:
        table = "retail_opened_unit"
