"""What oversight answers: the operator's view of the network and a cooperative's health."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ProvinceFigures(_Frozen):
    """One province's figures (``province`` is ``""`` for the network's total)."""

    province: str
    registered: int  # cooperatives of any status
    online: int  # active (verified and not suspended)
    members: int  # active members of its cooperatives
    orders: int  # sub-orders paid in the month
    gmv: int  # their goods and delivery, rupiah
    ppob_count: int  # successful PPOB transactions settled in the month
    ppob_volume: int  # what their customers paid, rupiah
    payouts_pending: int  # cooperative payouts not finished
    payouts_amount: int


class CategoryFigure(_Frozen):
    category: str
    name: str
    gmv: int  # goods of the lines paid in the month, rupiah


AlertKind = Literal["rat_overdue", "cash_negative", "payment_stuck", "biller_deposit_low"]


class Alert(_Frozen):
    kind: AlertKind
    cooperative_id: int | None
    cooperative_name: str
    province: str
    message: str
    amount: int | None = None


class Network(_Frozen):
    as_of: date
    month_from: datetime  # the month of ``as_of`` on the WIB calendar, [from, to)
    month_to: datetime
    province_scope: str | None  # a provincial office's province; None: the whole network
    provinces: list[ProvinceFigures]
    total: ProvinceFigures
    categories: list[CategoryFigure]
    alerts: list[Alert]
    biller_deposit: int | None  # None: not asked (a provincial office) or the biller did not answer
    stuck_after_hours: int
    low_deposit: int


Band = Literal["sehat", "cukup_sehat", "dalam_pengawasan", "dalam_pengawasan_khusus"]


class Input(_Frozen):
    label: str
    amount: int


class Indicator(_Frozen):
    """One indicator: its figure (basis points for a ratio; 1/0 for a yes/no), how it is computed
    from which inputs, and a band only where koperasi.md gives thresholds (``band_note`` says why not)."""

    key: str
    aspect: str
    name: str
    formula: str
    inputs: list[Input]
    value_bps: int | None  # None: not computable (a zero denominator)
    kind: Literal["ratio", "yes_no"] = "ratio"
    band: Band | None = None
    band_note: str = ""


class HealthYear(_Frozen):
    cooperative_id: int
    cooperative_name: str
    province: str
    year: int
    period_to: date  # the neraca's date and the PHU's end (31 December, or today in the running year)
    indicators: list[Indicator]
    prerequisites_met: bool  # Permenkop 9/2020: ≥ 1 fiscal year, RAT held, statements closed
    score: int | None  # a score out of 100 (koperasi.md §6) needs aspects the books cannot answer
    band: Band | None
    band_note: str


class Health(_Frozen):
    current: HealthYear
    history: list[HealthYear]  # the earlier years, newest first
    loans_note: str  # the loan indicators are today's position: computed for the running year only
    ratio_note: str  # why no ratio has a band of its own (said once, not under every indicator)


class HealthRow(_Frozen):
    cooperative_id: int
    cooperative_name: str
    province: str
    year: int
    band: Band | None
    permodalan_bps: int | None
    likuiditas_bps: int | None
    rat_on_time: bool
    statements_closed: bool
