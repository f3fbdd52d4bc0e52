"""What the cooperative's financial statements answer (``market.service.statements``): whole
rupiah everywhere, one line per chart line (a per-member account such as simpanan wajib is the
sum of every member's), each statement headed by its cooperative and period.

Signs: a trial balance's ``opening`` and ``closing`` are debit-positive (credit balances are
negative), its ``debit``/``credit`` are the period's movements, both positive. Every other figure
is the line's natural amount (an asset, a liability, income as the statement reads it); a contra
line (akumulasi penyusutan) or a loss is negative.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Heading(_Frozen):
    cooperative_id: int
    cooperative_name: str
    date_from: date
    date_to: date


class TrialBalanceRow(_Frozen):
    number: str
    code: str
    name: str
    type: str
    opening: int
    debit: int
    credit: int
    closing: int


class TrialBalance(_Frozen):
    heading: Heading
    rows: list[TrialBalanceRow]
    total_debit: int
    total_credit: int
    closing_debit: int
    closing_credit: int


class Line(_Frozen):
    number: str
    code: str
    name: str
    amount: int
    comparative: int | None = None


class Group(_Frozen):
    key: str
    title: str
    lines: list[Line]
    total: int
    comparative_total: int | None = None


class BalanceSheet(_Frozen):
    heading: Heading
    at: date
    assets: list[Group]
    liabilities: list[Group]
    equity: Group
    total_assets: int
    total_liabilities: int
    total_equity: int
    shu_current_year: int
    shu_prior_years: int


class IncomeStatement(_Frozen):
    """koperasi.md §2.2: partisipasi neto anggota, laba kotor non-anggota, beban, lain-lain, pajak;
    every figure beside the same period a year earlier (``comparative_*``, ``Line.comparative``)."""

    heading: Heading
    comparative_from: date
    comparative_to: date
    groups: list[Group]
    partisipasi_neto: int
    laba_kotor_non_anggota: int
    shu_before_tax: int
    tax: int
    shu_after_tax: int
    comparative_partisipasi_neto: int
    comparative_laba_kotor_non_anggota: int
    comparative_shu_before_tax: int
    comparative_tax: int
    comparative_shu_after_tax: int


class EquityRow(_Frozen):
    number: str
    code: str
    name: str
    opening: int
    increase: int
    decrease: int
    closing: int


class EquityStatement(_Frozen):
    heading: Heading
    rows: list[EquityRow]
    shu_period: int
    total_opening: int
    total_closing: int


class CashFlowLine(_Frozen):
    label: str
    number: str
    amount: int


class CashFlowSection(_Frozen):
    key: str
    title: str
    lines: list[CashFlowLine]
    total: int


class CashFlow(_Frozen):
    heading: Heading
    shu_period: int
    sections: list[CashFlowSection]
    net_change: int
    cash_opening: int
    cash_closing: int


class LedgerRow(_Frozen):
    booked_on: date
    entry_id: int
    reference: str
    description: str
    member_id: int | None
    debit: int
    credit: int
    balance: int


class GeneralLedger(_Frozen):
    """One chart line (all its members' sub-accounts, or one member's): ``balance`` in the line's
    natural sign, running from ``opening``."""

    heading: Heading
    number: str
    name: str
    type: str
    member_id: int | None
    opening: int
    rows: list[LedgerRow]
    total_debit: int
    total_credit: int
    closing: int
    truncated: bool
