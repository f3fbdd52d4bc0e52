"""Request and response models of loans (other packages import these, never loans.models).

Amounts are whole rupiah; rates are basis points; the jasa rate is per month. Dates are the
cooperative's own (its time zone).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

Amount = Annotated[StrictInt, Field(ge=1, le=10**12)]
Bps = Annotated[StrictInt, Field(ge=0, le=100_000)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Pin = Annotated[str, StringConstraints(min_length=1, max_length=12)]
MethodName = Literal["flat", "declining"]
ChannelName = Literal["wallet", "cash"]
StatusName = Literal["applied", "approved", "rejected", "cancelled", "active", "paid"]
Band = Literal["lancar", "kurang_lancar", "diragukan", "macet"]
BANDS: tuple[Band, ...] = ("lancar", "kurang_lancar", "diragukan", "macet")


class ProductIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    max_amount: Amount
    savings_multiple_bps: Bps = 0  # 0: no ceiling relative to savings; 30000 = 3 × savings
    max_term_months: Annotated[StrictInt, Field(ge=1, le=120)]
    rate_bps_month: Annotated[StrictInt, Field(ge=0, le=1000)]  # ≤ 10 % a month
    method: MethodName
    admin_fee_bps: Annotated[StrictInt, Field(ge=0, le=1000)] = 0
    needs_guarantor: StrictBool = False
    needs_collateral: StrictBool = False
    late_charge_bps: Annotated[StrictInt, Field(ge=0, le=1000)] = 0


class ProductOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    cooperative_id: int
    name: str
    max_amount: int
    savings_multiple_bps: int
    max_term_months: int
    rate_bps_month: int
    method: MethodName
    admin_fee_bps: int
    needs_guarantor: bool
    needs_collateral: bool
    late_charge_bps: int
    active: bool


class PolicyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    second_approval_above: Annotated[StrictInt, Field(ge=0, le=10**12)]
    bands: Annotated[list[Annotated[StrictInt, Field(ge=0, le=10_000)]], Field(min_length=3, max_length=3)]
    provisions: Annotated[list[Bps], Field(min_length=4, max_length=4)]


class PolicyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    cooperative_id: int
    second_approval_above: int
    bands: list[int]  # upper day bounds of lancar, kurang lancar, diragukan (macet beyond)
    provisions: list[int]  # bp of outstanding principal per band


class ApplicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_id: StrictInt
    principal: Amount
    term_months: Annotated[StrictInt, Field(ge=1, le=120)]
    purpose: Text = ""
    guarantor: Text = ""
    collateral: Text = ""
    member_id: StrictInt | None = None  # staff applying for a member at the counter


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: StrictBool
    reason: Text = ""


class DisburseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: ChannelName


class PayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: ChannelName
    seq: StrictInt | None = None  # the instalment; None: settle the whole rest (early repayment)
    pin: Pin | None = None  # the member's wallet PIN, for a payment from the wallet


class LineOut(BaseModel):
    model_config = ConfigDict(frozen=True)

    seq: int
    due_on: date
    principal: int
    jasa: int
    total: int
    paid: bool
    paid_on: date | None


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    loan_id: int
    reference: str
    kind: str
    seq: int | None
    amount: int
    principal: int
    jasa: int
    late_charge: int
    channel: ChannelName
    paid_on: date
    created_at: datetime


class LoanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    cooperative_id: int
    member_id: int
    product_id: int
    status: StatusName
    principal: int
    term_months: int
    rate_bps_month: int
    method: MethodName
    admin_fee: int
    late_charge_bps: int
    purpose: str
    guarantor: str
    collateral: str
    applied_by: int
    applied_at: datetime
    approved_by: int | None
    second_approved_by: int | None
    needs_second: bool
    rejected_by: int | None
    reason: str
    channel: ChannelName | None
    disbursed_on: date | None
    closed_on: date | None
    outstanding: int


class LoanDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    loan: LoanOut
    member_name: str
    member_number: str
    product_name: str
    schedule: list[LineOut]
    payments: list[PaymentOut]
    days_past_due: int
    band: Band
    due_now: int  # what is due as of today (instalments past their date, unpaid)
    next_line: LineOut | None
    settlement: int  # what an early repayment would take today (principal + jasa to date)


class ArrearsRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    loan_id: int
    member_id: int
    member_name: str
    outstanding: int
    overdue: int  # principal + jasa of the instalments past due
    days_past_due: int
    band: Band
    provision: int


class Portfolio(BaseModel):
    """The loan figures the health indicators read (koperasi.md §6, kualitas aktiva produktif).

    ``at_risk`` is the outstanding of loans with any instalment past due (pinjaman berisiko);
    ``non_performing`` that of kurang lancar, diragukan and macet (pinjaman bermasalah);
    ``rpm`` = 50 % kurang lancar + 75 % diragukan + 100 % macet (risiko pinjaman bermasalah)."""

    model_config = ConfigDict(frozen=True)

    cooperative_id: int
    as_of: date
    loans: int
    outstanding: int
    at_risk: int
    non_performing: int
    by_band: dict[str, int]
    rpm: int
    provision_required: int
    provision_booked: int
