"""Request and response models of the e-RAT (other packages import these, never rat.models)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

YES, NO, ABSTAIN = "setuju", "tidak_setuju", "abstain"
STANDARD_CHOICES = (YES, NO, ABSTAIN)
APPROVED, REJECTED, NO_RESULT = "approved", "rejected", "no_result"
ItemKindName = Literal["statements", "accountability", "shu", "workplan", "other"]
ViaName = Literal["online", "counter", "delegate"]
StateName = Literal["draft", "published", "open", "closed"]
Option = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ItemIn(BaseModel):
    """An agenda item. An ``other`` item may carry its own options (2–10); the others are voted
    setuju / tidak setuju / abstain. An ``shu`` item takes the year's latest SHU proposal."""

    model_config = ConfigDict(extra="forbid")

    kind: ItemKindName
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    description: Annotated[str, StringConstraints(max_length=4000)] = ""
    options: list[Option] = Field(default_factory=list, max_length=10)

    @model_validator(mode="after")
    def _options(self) -> ItemIn:
        if self.options and self.kind != "other":
            raise ValueError("hanya agenda 'lainnya' yang boleh punya pilihan sendiri")
        if self.options and (len(self.options) < 2 or len(set(self.options)) != len(self.options)):
            raise ValueError("pilihan harus 2–10 dan tidak boleh sama")
        if ABSTAIN in self.options:
            raise ValueError("'abstain' sudah tersedia sebagai pilihan")
        return self


class MeetingIn(BaseModel):
    """A meeting and its agenda. ``opens_at``/``closes_at`` without a zone are read in the
    cooperative's time zone."""

    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    kind: Literal["rat", "ralb"] = "rat"
    fiscal_year: int = Field(ge=2000, le=2100)
    opens_at: datetime
    closes_at: datetime
    record_date: date
    notice_days: int = Field(14, ge=0, le=90)
    quorum_bps: int = Field(5000, ge=0, le=10000)
    decision_bps: int = Field(5000, ge=0, le=9999)
    delegates_allowed: bool = False
    minutes: Annotated[str, StringConstraints(max_length=4000)] = ""
    items: list[ItemIn] = Field(min_length=1, max_length=30)


class ItemOut(BaseModel):
    id: int
    position: int
    kind: ItemKindName
    title: str
    description: str
    options: list[str]
    choices: list[str]
    shu_proposal_id: int | None
    shu_version: int | None
    result: str | None
    counts: dict[str, Any]


class DocumentOut(BaseModel):
    id: int
    item_id: int | None
    name: str
    content_type: str
    size: int
    created_at: datetime | None


class MeetingOut(BaseModel):
    id: int
    cooperative_id: int
    title: str
    kind: Literal["rat", "ralb"]
    fiscal_year: int
    state: StateName
    notice_days: int
    notice_published_at: datetime | None
    opens_at: datetime
    closes_at: datetime
    record_date: date
    quorum_bps: int
    decision_bps: int
    delegates_allowed: bool
    opened_at: datetime | None
    closed_at: datetime | None
    eligible_count: int | None
    attended_count: int | None
    quorum_met: bool | None
    minutes: str
    needs_dps: bool = False
    dps_signed_by_name: str = ""
    dps_signed_at: datetime | None = None
    dps_note: str = ""
    items: list[ItemOut] = Field(default_factory=list)
    documents: list[DocumentOut] = Field(default_factory=list)


class DpsSignOffIn(BaseModel):
    """The Dewan Pengawas Syariah's sign-off of the RAT documents (its opinion, optional)."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=500)


class AttendIn(BaseModel):
    """Staff record a member's presence at the counter (``member_id``), or a delegate's
    (``via=delegate``, ``delegate_member_id``); a member attends for themselves with ``{}``."""

    model_config = ConfigDict(extra="forbid")

    member_id: int | None = Field(None, ge=1)
    via: ViaName | None = None
    delegate_member_id: int | None = Field(None, ge=1)


class AttendanceOut(BaseModel):
    meeting_id: int
    member_id: int
    via: ViaName
    delegate_member_id: int | None
    recorded_by_user_id: int | None
    at: datetime | None


class VoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_id: int = Field(ge=1)
    choice: Option
    member_id: int | None = Field(None, ge=1, description="staff at the counter, or a delegate: whose vote")


class VoteOut(BaseModel):
    item_id: int
    member_id: int
    choice: str
    via: ViaName
    receipt_code: str
    cast_at: datetime | None


class ReceiptOut(BaseModel):
    """What a receipt code shows: the item and the choice, and whether it is counted (it is,
    unless the meeting closed without its quorum) — not who cast it."""

    receipt_code: str
    meeting_id: int
    meeting_title: str
    item_id: int
    item_title: str
    choice: str
    via: ViaName
    cast_at: datetime | None
    counted: bool


class MyMeetingOut(BaseModel):
    """A member's view of a meeting: whether they may vote, their presence and their votes."""

    meeting: MeetingOut
    eligible: bool
    attendance: AttendanceOut | None
    votes: list[VoteOut]


class DeadlineOut(BaseModel):
    """The RAT deadline for the last fiscal year: ``none`` (held, or not near), ``soft`` (31 March
    nears or passed), ``legal`` (30 June, the six months, nears), ``overdue`` (after 30 June)."""

    level: Literal["none", "soft", "legal", "overdue"]
    fiscal_year: int
    deadline: date | None
    days_left: int | None
    message: str
