"""Request and response models of the shop (counter pages and the POS API)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

Quantity = Decimal  # in the product's unit; up to 3 decimals where the unit allows (kg, liter)


class LineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_id: int | None = Field(default=None, gt=0)
    sku: str | None = Field(default=None, min_length=1, max_length=64)
    quantity: Quantity = Field(gt=0, le=1_000_000)


class SaleIn(BaseModel):
    """A sale at the cashier's page."""

    model_config = ConfigDict(extra="forbid")
    client_id: str = Field(min_length=8, max_length=100)
    lines: list[LineIn] = Field(min_length=1, max_length=100)
    method: Literal["cash", "wallet", "qris"] = "cash"
    member: str = Field(default="", max_length=32, description="member number or phone; empty for a walk-in")
    tendered: int = Field(default=0, ge=0, le=1_000_000_000)
    pin: str = Field(default="", max_length=12)


class PosLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sku: str = Field(min_length=1, max_length=64, description="the product's SKU or barcode")
    quantity: Quantity = Field(gt=0, le=1_000_000)
    unit_price: int | None = Field(
        default=None, ge=0, le=1_000_000_000, description="the price the POS charged; the tier price when absent"
    )


class PosSaleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client_id: str = Field(min_length=1, max_length=100, description="the POS's own id of the sale, unique for ever")
    sold_at: AwareDatetime
    method: Literal["cash", "qris", "bank"] = "cash"
    member_number: str = Field(default="", max_length=32)
    cashier: str = Field(default="", max_length=200)
    lines: list[PosLineIn] = Field(min_length=1, max_length=100)


class PosBatchIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "sales": [
                        {
                            "client_id": "pos1-2026-05-01-0001",
                            "sold_at": "2026-05-01T08:15:00+07:00",
                            "method": "cash",
                            "member_number": "KOPI-00001",
                            "lines": [{"sku": "KOPI-250", "quantity": "2"}, {"sku": "GULA-1KG", "quantity": "1.5"}],
                        }
                    ]
                }
            ]
        },
    )
    sales: list[PosSaleIn] = Field(min_length=1, max_length=500)


class Reason(BaseModel):
    line: int | None  # 1-based line of the sale, None for the sale as a whole
    sku: str = ""
    code: str
    message: str


class PosResult(BaseModel):
    client_id: str
    status: Literal["recorded", "needs_attention", "dismissed"]
    duplicate: bool = False  # True when this client id was seen before: the first answer again
    sale_id: int | None = None
    total: int | None = None
    problem_id: int | None = None
    reasons: list[Reason] = []


class PosBatchOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "recorded": 1,
                    "needs_attention": 1,
                    "results": [
                        {
                            "client_id": "pos1-0001",
                            "status": "recorded",
                            "duplicate": False,
                            "sale_id": 12,
                            "total": 61000,
                        },
                        {
                            "client_id": "pos1-0002",
                            "status": "needs_attention",
                            "problem_id": 3,
                            "reasons": [
                                {
                                    "line": 1,
                                    "sku": "XX-9",
                                    "code": "unknown_sku",
                                    "message": "Baris 1: SKU XX-9 tidak dikenal",
                                }
                            ],
                        },
                    ],
                }
            ]
        }
    )
    recorded: int
    needs_attention: int
    results: list[PosResult]


class LineOut(BaseModel):
    id: int
    position: int
    product_id: int
    sku: str
    name: str
    unit: str
    quantity: Decimal
    unit_price: int
    line_total: int
    hpp: int
    returned: Decimal


class SaleOut(BaseModel):
    id: int
    cooperative_id: int
    client_id: str
    source: str
    sold_at: datetime
    booked_on: date
    cashier_name: str
    member_id: int | None
    member_name: str
    method: str
    status: str
    total: int
    hpp_total: int
    tendered: int
    change: int
    returned_total: int
    payment_id: int | None = None  # a counter QRIS sale's Xendit payment
    lines: list[LineOut]


class ReturnLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    line_id: int = Field(gt=0)
    quantity: Quantity = Field(gt=0, le=1_000_000)


class ReturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    client_id: str = Field(min_length=8, max_length=100)
    lines: list[ReturnLineIn] = Field(min_length=1, max_length=100)
    reason: str = Field(min_length=3, max_length=300)


class ReturnOut(BaseModel):
    id: int
    sale_id: int
    total: int
    hpp_total: int
    method: str
    reason: str
    returned_at: datetime


class ShiftOut(BaseModel):
    id: int
    cooperative_id: int
    cashier_user_id: int
    cashier_name: str
    opened_at: datetime
    opening_cash: int
    cash_sales: int
    cash_refunds: int
    expected_cash: int
    closed_at: datetime | None
    counted_cash: int | None
    difference: int | None
    reason: str


class ProblemOut(BaseModel):
    id: int
    client_id: str
    received_at: datetime
    sold_at: datetime
    status: str
    reasons: list[Reason]
    lines: list[dict]
    method: str
    sale_id: int | None
    note: str


class CatalogItemOut(BaseModel):
    product_id: int
    sku: str
    barcode: str = Field(
        "", description="the GTIN printed on the goods, or empty; a sale line may name it instead of the SKU"
    )
    name: str
    unit: str
    decimals: int  # how many decimals a quantity of this unit may have
    price_idr: int
    tiers: list[dict[str, int]]
    available: int  # whole units in catalog stock
    available_quantity: Decimal  # what can be sold: the whole units and the opened unit's rest (kg)
    active: bool
    updated_at: datetime


class CatalogPageOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "product_id": 7,
                            "sku": "KOPI-250",
                            "name": "Kopi Arabika Bajawa 250 g",
                            "unit": "pcs",
                            "decimals": 0,
                            "price_idr": 30500,
                            "tiers": [{"min_qty": 10, "price_idr": 28000}],
                            "available": 41,
                            "available_quantity": "41",
                            "active": True,
                            "updated_at": "2026-05-01T01:15:00.123456+00:00",
                        }
                    ],
                    "next": "2026-05-01T01:15:00.123456+00:00",
                    "more": False,
                }
            ]
        }
    )
    items: list[CatalogItemOut]
    next: str = Field(description="the cursor to send as ?since= next time")
    more: bool


class Figure(BaseModel):
    key: str
    label: str
    count: int
    sales: int
    hpp: int
    margin: int


class ReportOut(BaseModel):
    cooperative_id: int
    start: date
    end: date  # inclusive
    sales_count: int
    gross_sales: int
    returns: int
    net_sales: int
    hpp: int
    margin: int
    top_items: list[Figure]
    by_cashier: list[Figure]
    by_method: list[Figure]
    by_day: list[Figure]
