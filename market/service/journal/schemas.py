"""What the journal service takes and answers: lines of a manual entry, entries, chart accounts."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from market.types import INT64_MAX

MIN_DESCRIPTION = 5
MAX_LINES = 50


class LineIn(BaseModel):
    """One line of a manual entry: an account of the cooperative's chart by its number, and a
    debit or a credit (exactly one of them above zero)."""

    account: str = Field(min_length=1, max_length=10, description="nomor akun, mis. 6103")
    debit: int = Field(0, ge=0, le=INT64_MAX // 4)
    credit: int = Field(0, ge=0, le=INT64_MAX // 4)


class ManualEntryIn(BaseModel):
    booked_on: date
    description: str = Field(min_length=MIN_DESCRIPTION, max_length=300)
    lines: list[LineIn] = Field(min_length=2, max_length=MAX_LINES)


class ReversalIn(BaseModel):
    reason: str = Field(min_length=MIN_DESCRIPTION, max_length=250)


class CloseMonthIn(BaseModel):
    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)


class AccountIn(BaseModel):
    number: str = Field(min_length=4, max_length=4, pattern=r"^[1-8][0-9]{3}$")
    name: str = Field(min_length=3, max_length=200)


class LineOut(BaseModel):
    account_id: int
    number: str
    name: str
    debit: int
    credit: int
    member_id: int | None = None
    kind: str | None = None


class EntryOut(BaseModel):
    id: int
    reference: str
    booked_on: date | None
    description: str
    source: str
    actor_user_id: int | None
    reverses_id: int | None
    reversed_by_id: int | None = None
    attachment: str
    created_at: datetime
    total: int
    lines: list[LineOut] = []


class ChartAccountOut(BaseModel):
    id: int
    code: str
    number: str
    name: str
    type: str
    statement: str
    group: str
    group_title: str
    balance: int
    per_member: bool
    custom: bool


class PeriodsOut(BaseModel):
    locked_through: date | None
    closable: list[str]  # "YYYY-MM" of ended months still open, oldest first (at most 24)
