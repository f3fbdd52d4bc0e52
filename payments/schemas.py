"""Request and response models of the payments API, and the values payments.service hands back.

Amounts are strict ints: 10.5, "10" and true are refused. payments.service returns the frozen
``Out`` models read from its rows (``PaymentOut``, ``RefundOut``, ``PayoutOut``, ``MovementOut``,
``WalletInfo``), never the ORM rows themselves.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from payments.gateway import INVOICE_MAX_IDR, PAYOUT_MAX_IDR, PAYOUT_MIN_IDR, RefundReason

Rupiah = Annotated[int, Field(strict=True, gt=0, le=INVOICE_MAX_IDR, description="whole rupiah")]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class PaymentOut(Out):
    id: int
    kind: str
    owner_id: int
    amount: int
    status: str
    provider_id: str | None
    invoice_url: str
    payment_method: str
    payment_channel: str
    failure_code: str
    refunded_amount: int
    created_at: datetime
    paid_at: datetime | None


class TopupIn(BaseModel):
    amount: Rupiah
    return_url: str | None = Field(None, max_length=500)


class WalletOut(BaseModel):
    id: int
    owner_key: str
    balance: int


class WalletInfo(Out):
    """A wallet as other packages see it (its balance is ``wallet_balance``): whose it is and
    its ledger account."""

    id: int
    owner_key: str
    cooperative_id: int | None
    member_id: int | None
    user_id: int | None
    account_id: int


class MovementOut(Out):
    id: int
    amount: int
    kind: str
    description: str
    created_at: datetime
    reference: str = ""  # what it came from: ``wallet:transfer:…``, ``wallet:suborder:…:supplier:…``


class RefundIn(BaseModel):
    amount: Rupiah | None = None
    reason: RefundReason = "REQUESTED_BY_CUSTOMER"


class RefundOut(Out):
    id: int
    payment_id: int
    amount: int
    reason: str
    status: str
    provider_id: str | None
    failure_code: str


class PayoutIn(BaseModel):
    amount: Annotated[int, Field(strict=True, ge=PAYOUT_MIN_IDR, le=PAYOUT_MAX_IDR)]


class PayoutOut(Out):
    id: int
    cooperative_id: int | None  # None: a buyer's wallet cash-out
    amount: int
    status: str
    provider_id: str | None
    channel_code: str
    account_number: str
    failure_code: str
    requested_by_user_id: int | None = None  # who asked for it
    wallet_id: int | None = None  # a wallet's cash-out (its fee on top of the amount)
    fee: int = 0
    created_at: datetime
    updated_at: datetime


class CoopBalanceOut(BaseModel):
    cooperative_id: int
    balance: int


class CallbackOut(BaseModel):
    outcome: str


class ReconcileOut(BaseModel):
    checked: int
    changed: int
    errors: list[str]


# Wallet transfers, cash-outs and the PIN. ------------------------------------------------------

Pin = Annotated[str, Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$", description="the wallet's 6-digit PIN")]


class RecipientIn(BaseModel):
    """Who receives: a member number and their cooperative (its slug or id), or a phone number."""

    model_config = ConfigDict(extra="forbid")

    member_number: str | None = Field(None, max_length=32)
    cooperative: str | None = Field(None, max_length=80, description="the cooperative's slug or id")
    phone: str | None = Field(None, max_length=20)


class TransferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: RecipientIn
    amount: Rupiah
    note: str = Field("", max_length=100)
    pin: Pin


class RecipientOut(Out):
    wallet_id: int
    member_id: int
    cooperative_id: int
    cooperative_name: str
    member_number: str
    name: str


class TransferOut(Out):
    id: int
    from_wallet_id: int
    to_wallet_id: int
    amount: int
    note: str
    sender_name: str
    recipient_name: str
    created_at: datetime


class WithdrawalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Annotated[int, Field(strict=True, ge=PAYOUT_MIN_IDR, le=PAYOUT_MAX_IDR)]
    channel_code: str = Field(max_length=30, description="ID_BCA, ID_BRI, … or an e-wallet: ID_OVO, ID_DANA, …")
    account_number: str = Field(min_length=5, max_length=40)
    account_holder_name: str = Field(min_length=2, max_length=200)
    pin: Pin


class PinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    new_pin: Pin
    current_pin: Pin | None = None


class PinOut(BaseModel):
    has_pin: bool
