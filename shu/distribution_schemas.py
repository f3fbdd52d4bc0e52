"""Response models of the SHU distribution (other packages import these, never shu.models)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

Method = Literal["wallet", "sukarela", "cash"]
CreditStatus = Literal["credited", "unpaid", "paid"]


class FundBalance(BaseModel):
    """A fund of the proposal, the account it was booked to, and that account's balance now."""

    code: str
    name: str
    account_number: str
    amount: int  # what the distribution put into it
    balance: int  # what is left (spent through the journal)


class CreditOut(BaseModel):
    id: int
    fiscal_year: int = 0
    member_id: int
    member_number: str = ""
    name: str = ""
    jasa_usaha: int = 0
    jasa_modal: int = 0
    amount: int
    method: Method
    reference: str
    credited_at: datetime | None = None
    paid_at: datetime | None = None
    paid_by_user_id: int | None = None
    status: CreditStatus


class DistributionOut(BaseModel):
    """Where a year's distribution stands: ``not_started``, ``running`` (a run stopped half-way
    resumes), ``finished``."""

    cooperative_id: int
    fiscal_year: int
    proposal_id: int
    version: int
    proposal_state: str
    distribution_id: int | None = None
    status: Literal["not_started", "running", "finished"]
    method: Method
    shu: int
    members: int  # members with a share above zero
    credited: int  # of them, credited
    amount: int  # their shares together
    credited_amount: int
    cash_unpaid: int = 0
    cash_paid: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    funds: list[FundBalance] = Field(default_factory=list)

    @property
    def progress(self) -> int:
        """Percent of the members credited."""
        return 100 if not self.members else self.credited * 100 // self.members


class HistoryYear(BaseModel):
    """A member's SHU of one fiscal year (the latest version of that year's proposal)."""

    fiscal_year: int
    version: int
    state: str
    jasa_usaha: int
    jasa_modal: int
    total: int
    method: Method | None = None  # None until distributed
    paid: bool | None = None  # cash: paid at the counter yet; wallet/sukarela: True once credited
    paid_at: datetime | None = None
    credit_id: int | None = None
