"""The instalment schedule, exactly in int rupiah (no float touches it).

The jasa rate ``r`` is basis points **per month**; the term is ``n`` months; the principal ``P``.

- Principal part, both methods: ``floor(P / n)`` each month; the last instalment takes the
  rounding residue (``P − (n − 1) × floor(P / n)``), so the parts add up to ``P`` exactly.
- **Flat**: total jasa ``J = round_half_up(P × r × n / 10000)``; each month ``floor(J / n)``,
  the last instalment takes the residue, so the jasa adds up to ``J`` exactly.
- **Declining (menurun, sliding)**: jasa of month k = ``round_half_up(B_k × r / 10000)`` where
  ``B_k`` is the principal still owed at the start of month k (no residue: each month is exact).

Instalment k is due on the same day of the month k months after the disbursement (the month's
last day when it is shorter).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from market.money import BPS, apply_bps


@dataclass(frozen=True)
class Line:
    seq: int
    due_on: date
    principal: int
    jasa: int

    @property
    def total(self) -> int:
        return self.principal + self.jasa


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def principal_parts(principal: int, term: int) -> list[int]:
    base = principal // term
    return [base] * (term - 1) + [principal - base * (term - 1)]


def flat_jasa_total(principal: int, rate_bps_month: int, term: int) -> int:
    quotient, remainder = divmod(principal * rate_bps_month * term, BPS)
    return quotient + (1 if remainder * 2 >= BPS else 0)


def compute(principal: int, term: int, rate_bps_month: int, method: str, start: date) -> list[Line]:
    """The schedule of a loan of *principal* disbursed on *start*."""
    if principal <= 0 or term <= 0 or rate_bps_month < 0:
        raise ValueError("principal and term must be positive, the rate not negative")
    parts = principal_parts(principal, term)
    if method == "flat":
        total = flat_jasa_total(principal, rate_bps_month, term)
        jasa = principal_parts(total, term) if total else [0] * term
    elif method == "declining":
        jasa, owed = [], principal
        for part in parts:
            jasa.append(apply_bps(owed, rate_bps_month))
            owed -= part
    else:
        raise ValueError(f"unknown method {method}")
    return [Line(k + 1, add_months(start, k + 1), parts[k], jasa[k]) for k in range(term)]


def prorated(amount: int, elapsed_days: int, period_days: int) -> int:
    """*amount* × elapsed / period, rounded half up, never above *amount* (jasa to date)."""
    if period_days <= 0:
        return amount
    elapsed = max(0, min(elapsed_days, period_days))
    quotient, remainder = divmod(amount * elapsed, period_days)
    return quotient + (1 if remainder * 2 >= period_days else 0)


def bank_schedule(owed: int, rate_bps_year: int, due_dates: list[date]) -> list[Line]:
    """What the cooperative still owes a bank, by the instalments still to pay on *due_dates*:
    the principal *owed* in equal parts (the last takes the residue, as ``principal_parts``) and
    each month's interest on the principal owed at its start at ``rate_bps_year / 12``, rounded
    half up (``round_half_up(B_k × rate / 120000)``)."""
    if owed <= 0 or not due_dates:
        return []
    lines, left = [], owed
    for k, (due_on, part) in enumerate(zip(due_dates, principal_parts(owed, len(due_dates)), strict=True)):
        quotient, remainder = divmod(left * rate_bps_year, 12 * BPS)
        lines.append(Line(k + 1, due_on, part, quotient + (1 if remainder * 2 >= 12 * BPS else 0)))
        left -= part
    return lines
