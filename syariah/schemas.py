"""Request and response models of the syariah business (other packages import these, never
syariah.models). Amounts are whole rupiah; the nisbah is basis points of the pool's income that
goes to the savers; a month is ``YYYY-MM`` in the cooperative's own time zone."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints

Amount = Annotated[StrictInt, Field(ge=1, le=10**12)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
RunKind = Literal["bagi_hasil", "bonus_wadiah"]


class ProductIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    nisbah_bps: Annotated[StrictInt, Field(ge=1, le=9999, description="Bagian penabung dari pendapatan, bp")]
    income_codes: list[Code] = Field(default_factory=lambda: ["jasa_pinjaman_anggota"], min_length=1, max_length=20)
    cost_codes: list[Code] = Field(default_factory=list, max_length=20)


class ProductOut(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int
    cooperative_id: int
    name: str
    nisbah_bps: int
    income_codes: list[str]
    cost_codes: list[str]
    active: bool

    @property
    def nisbah(self) -> str:
        """ "40:60" (savers : cooperative)."""
        return f"{self.nisbah_bps / 100:g}:{(10_000 - self.nisbah_bps) / 100:g}"


class MovementIn(BaseModel):
    """A deposit to, or a withdrawal from, a member's tabungan mudharabah, in cash at the counter."""

    model_config = ConfigDict(extra="forbid")

    member_id: StrictInt
    product_id: StrictInt
    amount: Amount
    note: Note = ""


class BalanceOut(BaseModel):
    member_id: int
    member_number: str
    member_name: str
    product_id: int
    product_name: str
    balance: int


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    month: Month


class BonusIn(BaseModel):
    """A wadiah bonus the cooperative chooses to give for a month (nothing is promised)."""

    model_config = ConfigDict(extra="forbid")

    month: Month
    amount: Amount


class ShareOut(BaseModel):
    member_id: int
    member_number: str
    member_name: str
    balance_days: int  # Σ of the member's end-of-day balances over the month
    average_balance: int  # balance_days / days, rounded down (shown; the split uses balance_days)
    amount: int


class RunOut(BaseModel):
    id: int
    cooperative_id: int
    kind: RunKind
    product_id: int | None
    product_name: str
    month: str
    days: int
    income: int
    costs: int
    nisbah_bps: int
    pool: int  # income − costs (what the nisbah applies to)
    savers_part: int
    balance_days: int
    total_average_balance: int
    booked_on: date
    reference: str
    shares: list[ShareOut]


class MemberShareOut(BaseModel):
    """One month of a member's bagi hasil (or wadiah bonus) with every input of the formula."""

    kind: RunKind
    product_name: str
    month: str
    days: int
    pool: int
    nisbah_bps: int
    savers_part: int
    balance_days: int
    average_balance: int
    total_balance_days: int
    total_average_balance: int
    amount: int
    booked_on: date


class ZisLine(BaseModel):
    booked_on: date
    description: str
    amount: int


class FundReport(BaseModel):
    """Sources and uses of a fund over a period (laporan sumber dan penggunaan dana)."""

    cooperative_id: int
    fund: Literal["zakat", "kebajikan"]
    title: str
    date_from: date
    date_to: date
    opening: int
    sources: list[ZisLine]
    uses: list[ZisLine]
    closing: int
