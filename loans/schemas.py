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
# A murabahah of the catalog's goods is "disbursed" as the goods themselves, out of stock.
DisburseChannel = Literal["wallet", "cash", "goods"]
PaidBy = Literal["wallet", "cash", "xendit"]  # how a payment came in (a Xendit invoice too)
StatusName = Literal["applied", "approved", "rejected", "cancelled", "active", "paid"]
AkadName = Literal["konvensional", "murabahah", "qard"]
EarlyRule = Literal["pro_rata", "running_month", "full"]
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
    akad: AkadName = "konvensional"
    early_rule: EarlyRule = Field(
        "pro_rata",
        description="what an early repayment charges of the jasa not yet due: the running month's by the days"
        " elapsed (pro_rata), the running month's whole (running_month), or every remaining month's (full)",
    )


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
    akad: AkadName = "konvensional"
    early_rule: EarlyRule = "pro_rata"
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
    credit_line_id: StrictInt | None = None  # lent on from this bank credit line (staff only)
    # A murabahah of the cooperative's own goods (a catalog product and how many units): the cost
    # (its cost price × units) is the principal, whatever ``principal`` says.
    goods_product_id: StrictInt | None = None
    goods_quantity: Annotated[StrictInt, Field(ge=1, le=100_000)] | None = None


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: StrictBool
    reason: Text = ""


class DisburseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: DisburseChannel


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
    channel: PaidBy
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
    early_rule: EarlyRule = "pro_rata"
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
    channel: DisburseChannel | None
    disbursed_on: date | None
    closed_on: date | None
    outstanding: int
    credit_line_id: int | None
    goods_product_id: int | None = None
    goods_quantity: int | None = None


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


class ReportBand(BaseModel):
    model_config = ConfigDict(frozen=True)

    band: Band
    loans: int
    outstanding: int


class ReportRow(BaseModel):
    """A loan outstanding at the month's end."""

    model_config = ConfigDict(frozen=True)

    loan_id: int
    member_number: str
    member_name: str
    disbursed_on: date
    principal: int
    outstanding: int
    overdue: int
    days_past_due: int
    band: Band


class MonthlyReport(BaseModel):
    """The month's loan report (koperasi.md §6): what is outstanding at its last day by
    collectibility, what was disbursed and repaid in it, the arrears at its last day. Days are
    the cooperative's own (its time zone)."""

    model_config = ConfigDict(frozen=True)

    cooperative_id: int
    cooperative_name: str
    syariah: bool = False  # a syariah cooperative's report is of pembiayaan, in its own words (market.terms)
    month: str  # YYYY-MM
    date_from: date
    date_to: date
    as_of: date  # the month's last day, or today while the month runs: the day of the balances
    outstanding: int  # principal owed at as_of, all running loans
    loans: int
    by_band: list[ReportBand]
    disbursed_loans: int
    disbursed: int  # principal disbursed in the month
    admin_fees: int
    repaid_principal: int
    repaid_jasa: int
    late_charges: int
    repayments: int  # the number of payments
    arrears_loans: int
    arrears: int  # principal + jasa of the instalments past due and unpaid at the month's end
    arrears_principal: int
    provision_required: int
    rows: list[ReportRow]


MoneyAccount = Literal["kas", "bank"]


class CreditLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    bank_name: Name
    limit: Amount
    rate_bps_year: Annotated[StrictInt, Field(ge=0, le=10_000)]  # a year: 600 = 6 % p.a.
    term_months: Annotated[StrictInt, Field(ge=1, le=360)]


class DrawIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Amount
    account: MoneyAccount = "bank"


class BankRepayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    principal: Annotated[StrictInt, Field(ge=0, le=10**12)]
    interest: Annotated[StrictInt, Field(ge=0, le=10**12)]
    account: MoneyAccount = "bank"


class CreditMovementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    line_id: int
    kind: Literal["draw", "repay"]
    principal: int
    interest: int
    account: MoneyAccount
    booked_on: date
    reference: str


class BankInstalmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    seq: int
    due_on: date
    principal: int
    jasa: int = Field(description="the bank's interest (bunga) of the month")
    total: int
    overdue: bool = False  # its due day has passed (the cooperative's today)


class CreditLineOut(BaseModel):
    """A bank credit line and the position at a glance: what the cooperative owes the bank
    against what members owe it on the loans that line funds."""

    model_config = ConfigDict(frozen=True)

    id: int
    cooperative_id: int
    bank_name: str
    limit: int
    rate_bps_year: int
    term_months: int
    opened_on: date
    drawn: int  # principal drawn, in all
    available: int  # limit − drawn
    owed_to_bank: int  # principal still owed to the bank
    interest_paid: int  # interest paid to the bank (beban bunga bank)
    loans: int  # running member loans funded by the line
    members_owe: int  # their outstanding principal
    lent: int  # principal lent on to members, in all
    jasa_earned: int  # jasa the members paid on those loans
    margin: int  # jasa_earned − interest_paid
    movements: list[CreditMovementOut]
    # The instalments still to pay the bank (loans.schedule.bank_schedule): ``jasa`` is the interest.
    schedule: list[BankInstalmentOut] = []
