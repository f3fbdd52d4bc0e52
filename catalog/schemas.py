"""Request/response models of the catalog and the small value types of search."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator

from catalog.codes import Barcode
from catalog.taxonomy import CATEGORY_NAMES, UNITS
from market.clock import latest_today
from market.types import INT64_MAX, Id, StrictId

Rupiah = Annotated[StrictInt, Field(gt=0, le=10**12)]
# What paid for stock bought from outside (the account credited against persediaan): cash, the
# bank, or not paid yet (utang usaha, settled later by a journal entry).
PaidFrom = Literal["utang_usaha", "kas", "bank"]
# How a change of stock on hand is booked in the cooperative's book: a count correction, loss or
# found stock ("selisih": selisih kurang/lebih persediaan), a purchase paid from one of PaidFrom
# (a negative one is a return to the supplier), or "none" for the callers that book it
# themselves or need no entry (a B2B receipt; a cancelled paid sub-order's units coming back,
# whose HPP never left persediaan).
StockBooking = Literal["selisih", "utang_usaha", "kas", "bank", "none"]
SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
MAX_PHOTOS = 5


class Tier(BaseModel):
    """From *min_qty* units on, each unit costs *price_idr*."""

    model_config = ConfigDict(extra="forbid")
    min_qty: Annotated[StrictInt, Field(ge=2, le=10**7)]
    price_idr: Rupiah


def check_tiers(price_idr: int, tiers: list[Tier], min_order_qty: int = 1) -> None:
    """Tiers ascend in quantity and fall in price, each below the base price."""
    previous_qty, previous_price = min_order_qty, price_idr
    for n, tier in enumerate(tiers, start=1):
        if tier.price_idr >= price_idr:
            raise ValueError(f"harga grosir tingkat {n} harus di bawah harga satuan")
        if tier.min_qty <= previous_qty:
            raise ValueError(
                f"jumlah minimum tingkat {n} harus lebih besar dari tingkat sebelumnya dan dari minimum pesanan"
            )
        if tier.price_idr >= previous_price:
            raise ValueError(f"harga grosir tingkat {n} harus lebih murah dari tingkat sebelumnya")
        previous_qty, previous_price = tier.min_qty, tier.price_idr


class ProductFields(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("category", check_fields=False)
    @classmethod
    def _known_category(cls, value: str | None) -> str | None:
        if value is not None and value not in CATEGORY_NAMES:
            raise ValueError("kategori tidak dikenal")
        return value

    @field_validator("unit", check_fields=False)
    @classmethod
    def _known_unit(cls, value: str | None) -> str | None:
        if value is not None and value not in UNITS:
            raise ValueError("satuan tidak dikenal: " + ", ".join(UNITS))
        return value

    @field_validator("sku", check_fields=False)
    @classmethod
    def _sku(cls, value: str | None) -> str | None:
        if value is not None and not SKU_RE.match(value):
            raise ValueError("SKU hanya huruf, angka dan . _ / - (maks. 64)")
        return value

    @field_validator("produced_on", check_fields=False)
    @classmethod
    def _not_future(cls, value: date | None) -> date | None:
        if value is not None and value > latest_today():
            raise ValueError("tanggal panen/produksi tidak boleh di masa depan")
        return value


class ProductIn(ProductFields):
    sku: str
    barcode: Barcode = ""
    name: Annotated[str, Field(min_length=3, max_length=200)]
    description: Annotated[str, Field(max_length=5000)] = ""
    category: str
    unit: str
    price_idr: Rupiah
    min_order_qty: Annotated[StrictInt, Field(ge=1, le=10**7)] = 1
    tiers: Annotated[list[Tier], Field(max_length=10)] = []
    stock: Annotated[StrictInt, Field(ge=0, le=10**9)] = 0
    cost_idr: Annotated[StrictInt, Field(ge=0, le=10**12)] = 0
    supplier_member_id: StrictId | None = None
    halal: StrictBool = False
    origin_regency: Annotated[str, Field(max_length=100)] = ""
    produced_on: date | None = None
    origin_cooperative_id: StrictId | None = None
    # What paid for the opening stock (not a product attribute: it says how to book it).
    paid_from: PaidFrom = "utang_usaha"

    @field_validator("tiers")
    @classmethod
    def _tiers_in_order(cls, value: list[Tier], info) -> list[Tier]:
        if "price_idr" in info.data:
            check_tiers(info.data["price_idr"], value, info.data.get("min_order_qty", 1))
        return value


class ProductUpdate(ProductFields):
    """Fields to change; stock is not here (it changes only by an adjustment with a reason)."""

    sku: str | None = None
    barcode: Barcode | None = None
    name: Annotated[str | None, Field(min_length=3, max_length=200)] = None
    description: Annotated[str | None, Field(max_length=5000)] = None
    category: str | None = None
    unit: str | None = None
    price_idr: Rupiah | None = None
    tiers: Annotated[list[Tier] | None, Field(max_length=10)] = None
    min_order_qty: Annotated[StrictInt | None, Field(ge=1, le=10**7)] = None
    cost_idr: Annotated[StrictInt | None, Field(ge=0, le=10**12)] = None
    supplier_member_id: StrictId | None = None
    halal: StrictBool | None = None
    origin_regency: Annotated[str | None, Field(max_length=100)] = None
    produced_on: date | None = None
    origin_cooperative_id: StrictId | None = None


class StockAdjustIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    delta: Annotated[StrictInt, Field(ge=-(10**9), le=10**9)]
    reason: Annotated[str, Field(min_length=3, max_length=200)]
    reference: Annotated[str | None, Field(max_length=150)] = None
    # A manual adjustment without a purchase is a count correction; a purchase must say what paid.
    booking: Literal["selisih", "utang_usaha", "kas", "bank"] = "selisih"

    @field_validator("delta")
    @classmethod
    def _not_zero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("perubahan stok tidak boleh nol")
        return value


class TierOut(BaseModel):
    min_qty: int
    price_idr: int


class ProductOut(BaseModel):
    id: int
    cooperative_id: int
    cooperative_name: str
    cooperative_slug: str
    province: str
    sku: str
    barcode: str = ""
    name: str
    description: str
    category: str
    category_name: str
    unit: str
    price_idr: int
    tiers: list[TierOut]
    min_order_qty: int
    stock: int
    available: int
    halal: bool
    origin_regency: str
    produced_on: date | None
    origin_cooperative_id: int | None
    origin_cooperative_name: str | None
    # Where it came from to here, e.g. ["Koperasi Tani X, Manggarai", "Koperasi Pasar Y, Surabaya"]
    # for goods another cooperative bought and received into its catalog; empty otherwise.
    provenance: list[str] = []
    supplier_member_id: int | None
    photos: list[str]
    buyable: bool
    created_at: datetime
    updated_at: datetime


class ProductStaffOut(ProductOut):
    cost_idr: int
    reserved: int
    status: str


class StockMovementOut(BaseModel):
    kind: str
    quantity: int
    reserved_change: int
    stock_after: int
    reason: str
    created_at: datetime


class StockOut(BaseModel):
    product_id: int
    stock: int
    reserved: int
    available: int


class ReservationOut(BaseModel):
    reference: str
    product_id: int
    quantity: int
    status: str


@dataclass(frozen=True)
class Offer:
    """What a cart or a checkout needs of one product and its seller now (``catalog.offers``).

    ``tiers`` are the wholesale tiers as stored (``{"min_qty", "price_idr"}``, ascending);
    ``photo`` is a key for ``photo_url`` ("" if none); ``available`` is stock less reserved.
    """

    id: int
    cooperative_id: int
    coop_name: str
    coop_slug: str
    province: str
    coop_active: bool
    name: str
    unit: str
    category: str
    price_idr: int
    tiers: tuple[dict, ...]
    min_order_qty: int
    stock: int
    reserved: int
    available: int
    cost_idr: int
    supplier_member_id: int | None
    active: bool
    photo: str


SortKey = Literal["relevance", "price_asc", "price_desc", "newest"]


class SearchQuery(BaseModel):
    """What the shop asks the search engine: text, filters, sort, page."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    q: Annotated[str, Field(max_length=200)] = ""
    category: str | None = None
    province: str | None = None
    cooperative_id: Id | None = None
    halal: bool | None = None
    price_min: Annotated[int | None, Field(ge=0, le=INT64_MAX)] = None
    price_max: Annotated[int | None, Field(ge=0, le=INT64_MAX)] = None
    sort: SortKey = "relevance"
    page: Annotated[int, Field(ge=1, le=1000)] = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 20
    include_hidden: bool = False
    facets: bool = True


class SearchHit(BaseModel):
    product_id: int
    name: str
    unit: str
    price_idr: int
    category: str
    cooperative_id: int
    cooperative_name: str
    province: str
    halal: bool
    photo: str
    in_stock: bool


class FacetValue(BaseModel):
    value: str
    label: str
    count: int


class SearchResult(BaseModel):
    query: SearchQuery
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]] = {}
    engine: str = ""
    # When nothing was found: nearer queries that do find something ("maksud Anda …?"), and the
    # nearest categories (value = the category's slug).
    did_you_mean: list[str] = []
    nearest_categories: list[FacetValue] = []

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass(frozen=True)
class IndexDoc:
    """One product as the search engines store it."""

    product_id: int
    cooperative_id: int
    cooperative_name: str
    province: str
    category: str
    halal: bool
    price_idr: int
    price_bucket: str
    in_stock: bool
    coop_active: bool
    name: str
    unit: str
    photo: str
    name_folded: str
    body_folded: str  # the product's own words: description, category, origin, SKU, unit
    seller_folded: str  # its seller's: the cooperative's name, regency and province
    created_ts: int

    def terms(self) -> set[str]:
        """Every word of this document, for the vocabulary."""
        return {*self.name_folded.split(), *self.body_folded.split(), *self.seller_folded.split()}


@dataclass
class ImportRowResult:
    row: int
    sku: str
    result: str  # created, updated, rejected
    message: str = ""


class ImportJobOut(BaseModel):
    id: int
    cooperative_id: int
    status: str
    filename: str
    total: int
    processed: int
    created: int
    updated: int
    rejected: int
    error: str
    report: list[dict] = []
    created_at: datetime
    finished_at: datetime | None


class StorefrontOut(BaseModel):
    """A cooperative's storefront: who it is, and a search over its own products."""

    id: int
    slug: str
    name: str
    province: str
    regency: str
    coop_type: str
    syariah: bool
    address: str
    result: SearchResult


class InventoryLineOut(BaseModel):
    """One product's stock on hand at its unit cost (HPP)."""

    product_id: int
    sku: str
    name: str
    unit: str
    stock: int
    cost_idr: int
    value: int
    consigned: bool  # a member's produce sold for them: not in the cooperative's persediaan


class InventoryReportOut(BaseModel):
    """Persediaan in the catalog against persediaan in the books.

    ``expected_books`` = ``stock_value`` (the cooperative's own goods on hand, Σ stock × HPP)
    + ``in_transit_value`` (units paid sub-orders have taken from stock, whose HPP stays in
    persediaan until the sub-order completes); ``difference`` = ``books_balance`` −
    ``expected_books`` is what nothing explains (0 when every change was booked)."""

    cooperative_id: int
    lines: list[InventoryLineOut]
    stock_value: int
    consigned_value: int
    in_transit_value: int
    expected_books: int
    books_balance: int
    difference: int
