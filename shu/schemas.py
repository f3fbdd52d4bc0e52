"""Request and response models of the SHU close (other packages import these, never shu.models)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# The funds every cooperative may use; zakat only a syariah one. A cooperative may name more.
STANDARD_FUNDS = (
    "cadangan",
    "jasa_usaha",
    "jasa_modal",
    "pengurus",
    "karyawan",
    "pendidikan",
    "sosial",
    "pdk",
    "zakat",
)
# The lines of member business the ledger tags (market.service.shu reads each tagged posting as a weight).
LINES = ("purchase", "supply", "ppob", "loan")
CapitalKind = Literal["pokok", "wajib", "sukarela"]
ProposalStateName = Literal["proposed", "approved", "distributed", "rejected", "superseded"]


class PolicyIn(BaseModel):
    """A year's SHU policy. ``funds``: fund code -> basis points (sum 10000); ``fund_names``: names
    of the funds the cooperative adds; ``line_weights``: business line -> bps of the jasa-usaha
    pool (sum 10000) or empty for one pool over all business."""

    model_config = ConfigDict(extra="forbid")

    funds: dict[str, int]
    fund_names: dict[str, str] = Field(default_factory=dict)
    line_weights: dict[str, int] = Field(default_factory=dict)
    capital_kinds: list[CapitalKind] = Field(default_factory=lambda: list[CapitalKind](["pokok", "wajib"]))
    capital_basis: Literal["year_end", "average_monthly"] = "year_end"
    exited_members_share: bool = False
    non_member_to_reserve: bool = True
    loss_carry: Literal["cadangan", "carried_forward"] = "carried_forward"
    payout: Literal["wallet", "sukarela", "cash"] = "wallet"
    # A syariah cooperative's zakat (its ``zakat`` fund's bp) is taken on this base, off the top;
    # the other funds share the rest in their proportions (koperasi.md §5: commonly 2.5 % of the
    # SHU before tax). On the SHU after tax it is simply one fund among the others.
    zakat_base: Literal["shu_setelah_pajak", "shu_sebelum_pajak"] = "shu_setelah_pajak"


class PolicyOut(PolicyIn):
    model_config = ConfigDict(extra="ignore")

    cooperative_id: int
    fiscal_year: int
    frozen: bool = False
    frozen_at: datetime | None = None
    stored: bool = False  # False: the defaults from the cooperative's settings, not saved yet


class FundOut(BaseModel):
    code: str
    name: str
    bps: int
    amount: int


class MemberShareOut(BaseModel):
    member_id: int
    member_number: str = ""
    name: str = ""
    weights: dict[str, int] = Field(default_factory=dict)  # business line -> rupiah of business
    capital: int = 0
    jasa_usaha: int = 0
    jasa_modal: int = 0
    total: int = 0


class ProposalOut(BaseModel):
    """One version of a year's SHU proposal. The members' pools are the funds ``jasa_usaha`` and
    ``jasa_modal``; ``members`` add up to them exactly."""

    id: int
    cooperative_id: int
    fiscal_year: int
    version: int
    state: ProposalStateName
    income: int
    expenses: int
    shu_before_tax: int
    tax: int
    shu_after_tax: int
    shu: int  # = shu_after_tax
    member_shu: int
    non_member_shu: int
    funds: list[FundOut] = Field(default_factory=list)
    members: list[MemberShareOut] = Field(default_factory=list)
    policy: dict[str, Any] = Field(default_factory=dict)
    detail: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime | None = None
    decided_at: datetime | None = None
    decided_by_item_id: int | None = None

    @property
    def is_loss(self) -> bool:
        return self.shu_after_tax <= 0

    def fund(self, code: str) -> FundOut | None:
        return next((f for f in self.funds if f.code == code), None)

    def share_of(self, member_id: int) -> MemberShareOut | None:
        return next((m for m in self.members if m.member_id == member_id), None)


class CloseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    revise: bool = False
