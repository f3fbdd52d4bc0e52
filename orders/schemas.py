"""Request/response models of carts, checkout, orders and sub-orders."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

# The delivery address is market's one definition (its fields are also the form's and the API's names).
from market.addresses import AddressIn as AddressIn
from market.addresses import AddressOut as AddressOut
from market.types import Id, StrictId


class SubOrderState(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    REFUNDED = "refunded"


class DeliveryOption(StrEnum):
    PICKUP = "pickup"
    DELIVERY = "delivery"


# ---------------------------------------------------------------------------------------- carts
class CartLineOut(BaseModel):
    product_id: int
    name: str
    unit: str
    quantity: int
    unit_price: int  # tier applied: the price that will be charged
    line_total: int
    min_order_qty: int
    available: int
    photo: str = ""  # thumbnail URL, "" when the product has none
    problem: str | None = None  # below minimum, over stock, cooperative suspended, removed


class CartGroupOut(BaseModel):
    cooperative_id: int
    cooperative_name: str
    cooperative_slug: str
    province: str
    lines: list[CartLineOut]
    subtotal: int


class CartOut(BaseModel):
    id: int | None = None
    groups: list[CartGroupOut] = []
    total: int = 0
    count: int = 0  # number of lines
    problems: list[str] = []


class CartLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_id: StrictId
    quantity: StrictInt


# ------------------------------------------------------------------------------------- checkout
class DeliveryChoiceOut(BaseModel):
    option: str  # pickup | delivery
    fee: int
    available: bool = True


class QuoteGroupOut(BaseModel):
    cooperative_id: int
    cooperative_name: str
    cooperative_slug: str
    province: str
    lines: list[CartLineOut]
    goods_total: int
    delivery: str  # the chosen option
    delivery_fee: int
    total: int
    options: list[DeliveryChoiceOut]  # what this cooperative offers for the address' province


class QuoteOut(BaseModel):
    groups: list[QuoteGroupOut]
    grand_total: int
    problems: list[str] = []


WalletAmount = Annotated[StrictInt, Field(ge=0, le=10**12)] | Literal["all"]


class CheckoutIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    address: AddressIn
    delivery: dict[Id, str] = {}  # by cooperative id
    buy_for_cooperative: bool = False
    success_url: str | None = None
    failure_url: str | None = None
    wallet_amount: WalletAmount | None = Field(
        None,
        description="Pay this much of the total from the buyer's own wallet (saldo dompet), whole rupiah, or"
        ' `"all"`: the balance up to the total. Equal to the total, the order is paid at once and no invoice is'
        " opened; less, the part is taken now (held for the order) and the rest is invoiced, the part coming"
        " back to the wallet if that invoice expires or the order is cancelled. Needs `pin`."
        " Not for a purchase for a cooperative (`buy_for_cooperative`).",
    )
    pin: Annotated[str, Field(min_length=1, max_length=12)] | None = Field(
        None,
        description="The buyer's wallet PIN (6 digits), required with `wallet_amount`. Wrong: 403"
        " `payments.pin_wrong` (`attempts_left`); too many wrong: 429 `payments.pin_locked` (`retry_after_s`);"
        " none set yet: 409 `payments.pin_not_set`. Never stored with the idempotency key's request.",
    )


class WalletPreviewOut(BaseModel):
    """How a checkout would be paid with the wallet choice made so far (the checkout page's summary)."""

    balance: int
    wallet_amount: int  # from the wallet
    invoice_amount: int  # the rest, by the Xendit invoice (0: paid wholly from the wallet)
    problem: str | None = None  # why the choice cannot be placed as it is


# ---------------------------------------------------------------------------------------- orders
class MoneyOut(BaseModel):
    """One movement of an order's money (orders.service.money lists the kinds), with the ids that
    link it: the payment, the refund, the wallet movement, the journal entry."""

    kind: str
    amount: int
    at: datetime
    timezone: str  # the clock to read ``at`` on: the sub-order's cooperative's, else the buyer's own
    suborder_id: int | None = None
    cooperative_id: int | None = None
    member_id: int | None = None  # supplier_credit: the member credited
    member_name: str = ""
    payment_id: int | None = None
    refund_id: int | None = None
    wallet_movement_id: int | None = None
    journal_entry_id: int | None = None
    status: str = ""  # refund_invoice: pending, succeeded, failed


class OrderLineOut(BaseModel):
    id: int
    product_id: int
    name: str
    unit: str
    quantity: int
    unit_price: int
    line_total: int


class TransitionOut(BaseModel):
    from_state: str | None
    state: str
    at: datetime
    by: int | None  # user id
    by_name: str = ""
    note: str = ""


class SubOrderOut(BaseModel):
    id: int
    order_id: int
    cooperative_id: int
    cooperative_name: str = ""
    cooperative_slug: str = ""
    state: str
    goods_total: int
    delivery: str
    delivery_fee: int
    platform_fee: int
    total: int  # goods_total + delivery_fee: what the buyer paid for this part
    wallet_amount: int = 0  # of which from the buyer's wallet (its share of the order's wallet part)
    courier: str = ""
    tracking_number: str = ""
    buyer_name: str = ""
    buyer_user_id: int | None = None
    buy_for_cooperative_id: int | None = None
    address: AddressOut | None = None
    lines: list[OrderLineOut] = []
    history: list[TransitionOut] = []
    created_at: datetime
    paid_at: datetime | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    completed_at: datetime | None = None
    received: bool = False  # B2B: taken into the buying cooperative's catalog
    money: list[MoneyOut] = []  # its money's movements (one sub-order as its staff read it)


class OrderPaymentOut(BaseModel):
    """Where the order's payment stands, in the terms its page explains to the buyer."""

    status: str  # the payment's own: pending, paid, failed, expired
    # Paid (or the buyer is back from the invoice page) while the order is not yet marked paid:
    # the page says so instead of offering to cancel.
    confirming: bool = False
    late_amount: int = 0  # paid after the order was cancelled or expired: returned to the buyer
    returned_to: str | None = None  # where that went: "wallet" (the buyer's) or "cooperative_balance" (B2B)


class OrderOut(BaseModel):
    id: int
    buyer_user_id: int
    buyer_name: str = ""
    buy_for_cooperative_id: int | None = None
    state: str  # summary: awaiting_payment while unpaid, else derived from the sub-orders
    goods_total: int
    delivery_total: int
    total: int
    wallet_amount: int = 0  # paid from the buyer's wallet; the rest (total − this) by the invoice
    address: AddressOut
    payment_id: int | None = None
    invoice_url: str | None = None
    suborders: list[SubOrderOut] = []
    created_at: datetime
    # Why it did not go ahead: "cancelled_by_buyer", "cancelled" (by someone else), "expired".
    ended: str | None = None
    payment: OrderPaymentOut | None = None  # on the order itself (get_order), not in lists
    money: list[MoneyOut] = []  # every movement of its money (get_order), not in lists


class ShipIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    courier: Annotated[str, Field(min_length=2, max_length=60)]
    tracking_number: Annotated[str, Field(min_length=3, max_length=80)]


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    reason: Annotated[str, Field(min_length=3, max_length=300)]


class ReceiveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    product_id: StrictId | None = None


class ReceiptOut(BaseModel):
    """B2B goods received into the buying cooperative's catalog, one product per line."""

    suborder_id: int
    products: list[int]  # product ids in the buying cooperative's catalog, by line
    cost_basis: list[int]  # per unit, by line


class DeliveryRatesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rates: dict[str, Annotated[StrictInt, Field(ge=0, le=10**9)]]
