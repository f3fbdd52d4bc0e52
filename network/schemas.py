"""Request and response models of the network counter (other packages import these, never
network.models). Amounts are whole rupiah; times are UTC (pages show them in each cooperative's
own zone)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

from market.types import StrictId

MemberNumber = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=32)]
Pin = Annotated[str, StringConstraints(min_length=1, max_length=12)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=12)]
Amount = Annotated[StrictInt, Field(ge=1, le=10**12)]
KindName = Literal["withdrawal", "deposit"]
StatusName = Literal["pending", "done", "cancelled", "expired"]


class VisitorOut(BaseModel):
    """A member of a network cooperative as a counter sees them: enough to match their KTP."""

    member_id: int
    member_number: str
    name: str
    nik_masked: str
    cooperative_id: int
    cooperative_name: str


class WithdrawalIn(BaseModel):
    """A cash withdrawal at this counter for a member of *home_cooperative_id*. Without ``code``
    the member confirms on their own phone; with it (the member's one-time code) it is paid at
    once, once the cashier has checked the member's KTP (``identity_checked``)."""

    model_config = ConfigDict(extra="forbid")

    home_cooperative_id: StrictId
    member_number: MemberNumber
    amount: Amount
    code: Code | None = None
    identity_checked: StrictBool = False


class DepositIn(BaseModel):
    """A cash deposit at this counter into the wallet of a member of *home_cooperative_id*."""

    model_config = ConfigDict(extra="forbid")

    home_cooperative_id: StrictId
    member_number: MemberNumber
    amount: Amount


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pin: Pin


class CodeIn(BaseModel):
    """A one-time code for a withdrawal of at most *max_amount* at any network counter."""

    model_config = ConfigDict(extra="forbid")

    pin: Pin
    max_amount: Amount


class CodeOut(BaseModel):
    """The code itself appears only in the answer that made it (only its hash is kept)."""

    code: str
    max_amount: int
    expires_at: datetime


class ActiveCodeOut(BaseModel):
    id: int
    max_amount: int
    created_at: datetime
    expires_at: datetime


class CounterOut(BaseModel):
    id: int
    kind: KindName
    status: StatusName
    via: str | None
    amount: int
    counter_cooperative_id: int
    counter_cooperative_name: str
    home_cooperative_id: int
    home_cooperative_name: str
    member_id: int
    member_number: str
    member_name: str
    cashier_user_id: int
    created_at: datetime
    expires_at: datetime
    done_at: datetime | None
    ended_at: datetime | None


class PositionOut(BaseModel):
    """A cooperative's position with the network.

    ``platform_balance`` is what the platform holds for it (its payouts' source, sales included);
    ``network_debt`` what it owes the network (cash its counter took in for others beyond that
    balance, or its members' withdrawals elsewhere beyond it); ``net`` the one less the other.
    The four counter figures count only movements across cooperatives; ``counter_net`` is what
    they made the network owe it (positive) or it owe the network (negative); ``settled`` the
    settlements paid or on their way; ``settleable`` what a settlement would pay now."""

    cooperative_id: int
    cooperative_name: str
    timezone: str
    platform_balance: int
    network_debt: int
    net: int
    paid_out_for_others: int
    received_for_others: int
    members_withdrew_elsewhere: int
    members_deposited_elsewhere: int
    counter_net: int
    settled: int
    settleable: int


class SettlementOut(BaseModel):
    id: int
    cooperative_id: int
    amount: int
    payout_id: int | None
    status: str  # the payout's (pending, accepted, requested, succeeded, failed, …) or refused
    refused: str
    created_at: datetime
