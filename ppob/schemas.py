"""Request and response models of the PPOB JSON API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from market.types import Id

# Re-exported for other packages (the pages): the states and channels a transaction can be in.
from ppob.models import Channel as Channel
from ppob.models import TxState as TxState

Rupiah = Annotated[int, Field(strict=True, ge=0, le=10**12, description="whole rupiah")]
Bps = Annotated[int, Field(strict=True, ge=0, le=5000, description="basis points (10000 = 100 %)")]
Sku = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
CustomerNo = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
IdemKey = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=200)]


class PurchaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    customer_no: CustomerNo
    price: Rupiah = Field(description="the sell price the customer was shown; refused if it changed")
    pay_with: Literal["wallet", "cash"] = "wallet"
    member_id: Id | None = Field(None, description="cashier: the member buying at the counter, if any")
    idempotency_key: IdemKey | None = Field(None, description="or the Idempotency-Key header")
    pin: str | None = Field(None, max_length=20, description="the wallet's transaction PIN (pay_with wallet)")


class BillInquiryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    customer_no: CustomerNo
    pay_with: Literal["wallet", "cash"] = "wallet"
    member_id: Id | None = None


class BillPayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    price: Rupiah
    pay_with: Literal["wallet", "cash"] | None = Field(
        None, description="wallet: the member's own; cash: the cashier at the counter; default as looked up"
    )
    idempotency_key: IdemKey | None = None
    pin: str | None = Field(None, max_length=20, description="the wallet's transaction PIN (paid from the wallet)")


class PlnInquiryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer_no: CustomerNo


class PlnCustomerOut(BaseModel):
    customer_no: str
    meter_no: str
    subscriber_id: str
    name: str
    segment_power: str


class QuoteOut(BaseModel):
    base: int
    platform_fee: int
    markup: int
    sell: int
    margin: int


class ProductOut(BaseModel):
    sku: str
    name: str
    category: str
    brand: str
    kind: str
    description: str
    price: int | None
    quote: QuoteOut | None


class MarkupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scope: Literal["all", "category", "brand"]
    key: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    flat_idr: Rupiah = 0
    bps: Bps = 0


class MarkupOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    scope: str
    key: str
    flat_idr: int
    bps: int


class PlatformFeeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    flat_idr: Rupiah
    bps: Bps = 0


class PlatformFeeOut(BaseModel):
    flat_idr: int
    bps: int


class SyncReportOut(BaseModel):
    added: list[str]
    updated: list[dict]
    deactivated: list[str]
    reactivated: list[str]
    unchanged: int
    summary: str


class TransactionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ref_id: str
    cooperative_id: int
    member_id: int | None = Field(description="the customer (a member; null: a walk-in at the counter)")
    user_id: int | None = Field(description="who opened it: made the purchase or looked the bill up")
    acting_user_id: int | None = Field(description="who paid it: the member from their wallet, the cashier for cash")
    channel: str
    kind: str
    state: str
    sku: str
    product_name: str
    category: str
    brand: str
    customer_no: str
    customer_name: str
    period: str
    sell_price: int
    base_price: int
    platform_fee: int
    biller_price: int | None
    margin: int | None
    rc: str
    message: str
    sn: str
    token: str
    retryable: bool
    business_date: date
    created_at: datetime
    settled_at: datetime | None


class CallbackOut(BaseModel):
    ok: bool = True
    result: str
