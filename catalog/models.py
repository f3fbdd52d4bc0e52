"""Tortoise models of the catalog. Other packages use catalog.service, never these models."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ProductStatus(StrEnum):
    ACTIVE = "active"
    REMOVED = "removed"


class ReservationStatus(StrEnum):
    HELD = "held"
    RELEASED = "released"
    TAKEN = "taken"


class ImportStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Product(Model):
    id = fields.IntField(primary_key=True)
    cooperative: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "market.Cooperative", related_name="products", on_delete=fields.RESTRICT
    )
    cooperative_id: int
    sku = fields.CharField(max_length=64)
    # The GTIN printed on the goods (EAN-13, EAN-8, UPC-A, GTIN-14) or "": what a counter scans.
    # Unique within the cooperative when set (a partial unique index, catalog 0005).
    barcode = fields.CharField(max_length=14, default="")
    name = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    category = fields.CharField(max_length=40)
    unit = fields.CharField(max_length=20)
    price_idr = fields.BigIntField()
    # Wholesale tiers [{"min_qty": 10, "price_idr": 9500}, ...]: ascending quantity, falling price.
    tiers: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    min_order_qty = fields.IntField(default=1)
    # Units on hand, and the part of them held for unpaid orders; available = stock - reserved.
    # Both change only through catalog.service.stock (conditional UPDATEs, never below zero).
    stock = fields.IntField(default=0)
    reserved = fields.IntField(default=0)
    cost_idr = fields.BigIntField(default=0)
    supplier_member: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "market.Member", related_name="supplied_products", null=True, on_delete=fields.SET_NULL
    )
    supplier_member_id: int | None
    halal = fields.BooleanField(default=False)
    origin_regency = fields.CharField(max_length=100, default="")
    produced_on = fields.DateField(null=True)
    origin_cooperative: fields.ForeignKeyNullableRelation[Model] = fields.ForeignKeyField(
        "market.Cooperative", related_name="sourced_products", null=True, on_delete=fields.SET_NULL
    )
    origin_cooperative_id: int | None
    photos: fields.JSONField[list[str]] = fields.JSONField(default=list)
    status = fields.CharEnumField(ProductStatus, max_length=12, default=ProductStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalog_product"
        unique_together = (("cooperative", "sku"),)


class StockMovement(Model):
    """Every change of stock or reserved, with why. A reference makes retried calls harmless."""

    id = fields.BigIntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField("catalog.Product", related_name="movements")
    product_id: int
    kind = fields.CharField(max_length=12)  # adjust, reserve, release, take
    quantity = fields.IntField()  # signed change of stock on hand
    reserved_change = fields.IntField(default=0)
    stock_after = fields.IntField()
    reason = fields.CharField(max_length=200, default="")
    reference = fields.CharField(max_length=200, null=True, unique=True)
    user_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "catalog_stock_movement"
        indexes = (("product_id", "id"),)


class StockReservation(Model):
    id = fields.BigIntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField("catalog.Product", related_name="reservations")
    product_id: int
    reference = fields.CharField(max_length=200, unique=True)
    quantity = fields.IntField()
    status = fields.CharEnumField(ReservationStatus, max_length=10, default=ReservationStatus.HELD)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalog_stock_reservation"


class ImportJob(Model):
    """A CSV import: parsed rows wait here until the worker runs them, then the per-row report."""

    id = fields.IntField(primary_key=True)
    cooperative: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "market.Cooperative", related_name="product_imports"
    )
    cooperative_id: int
    user_id = fields.IntField(null=True)
    filename = fields.CharField(max_length=200, default="")
    status = fields.CharEnumField(ImportStatus, max_length=10, default=ImportStatus.PENDING)
    total = fields.IntField(default=0)
    processed = fields.IntField(default=0)
    created = fields.IntField(default=0)
    updated = fields.IntField(default=0)
    rejected = fields.IntField(default=0)
    rows: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    report: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    error = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "catalog_import_job"


class SearchDoc(Model):
    """The search index's document of one product (SQLite FTS5 / PostgreSQL engines).

    The full-text part lives beside it: an FTS5 table kept in step by triggers on SQLite, a
    generated ``tsv`` column on PostgreSQL (see migration 0002).
    """

    product_id = fields.IntField(primary_key=True, generated=False)
    cooperative_id = fields.IntField()
    cooperative_name = fields.CharField(max_length=200)
    province = fields.CharField(max_length=100)
    category = fields.CharField(max_length=40)
    halal = fields.BooleanField()
    price_idr = fields.BigIntField()
    price_bucket = fields.CharField(max_length=20)
    in_stock = fields.BooleanField()
    coop_active = fields.BooleanField()
    name = fields.CharField(max_length=200)
    unit = fields.CharField(max_length=20)
    photo = fields.CharField(max_length=200, default="")
    name_folded = fields.TextField()
    body_folded = fields.TextField()
    seller_folded = fields.TextField(default="")
    created_ts = fields.BigIntField()

    class Meta:
        table = "catalog_search_doc"
        indexes = (("cooperative_id",), ("price_idr",), ("created_ts",))


class SearchTerm(Model):
    """Every word ever indexed: the dictionary typo corrections are drawn from."""

    term = fields.CharField(max_length=64, primary_key=True)

    class Meta:
        table = "catalog_search_term"
