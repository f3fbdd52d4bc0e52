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
    cooperative_id: int
    amount: int
    status: str
    provider_id: str | None
    channel_code: str
    account_number: str
    failure_code: str
    requested_by_user_id: int | None = None  # who asked for it
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
