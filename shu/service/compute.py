"""The arithmetic of the close: the year's figures from the book, the funds and every member's
share, each split by largest remainder (``allocate``) so the parts add up exactly.

The figures are the live SHU's (``market.service.shu``: the PHU of 1 January .. 31 December and
its member / non-member split). A member's jasa-usaha weight is their tagged business of the year
(per line when the policy weighs the lines); their jasa-modal weight is their capital (the policy's
kinds) on 31 December, or the sum of the twelve month-end balances (proportional to their average).
A pool nobody has a weight for (no business tagged, no capital) cannot be split fairly: it goes to
cadangan and ``detail`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from market import db
from market.money import allocate, apply_bps
from market.service import shu as live
from shu.schemas import PolicyIn

CAPITAL_CODES = {"pokok": "simpanan_pokok", "wajib": "simpanan_wajib", "sukarela": "simpanan_sukarela"}


@dataclass
class Figures:
    income: int
    expenses: int
    tax: int
    shu_before_tax: int
    shu_after_tax: int
    member_shu: int
    non_member_shu: int


@dataclass
class MemberRow:
    member_id: int
    weights: dict[str, int] = field(default_factory=dict)
    capital: int = 0
    capital_weight: int = 0
    jasa_usaha: int = 0
    jasa_modal: int = 0


async def figures(coop_id: int, year: int) -> Figures:
    r = await live.book_results(coop_id, date(year, 1, 1), date(year, 12, 31))
    before = r["income"] - r["expenses"]
    after = before - r["tax"]
    member, non_member = live.split_non_member(after, r["member_gross"], r["non_member_gross"])
    return Figures(r["income"], r["expenses"], r["tax"], before, after, member, non_member)


def split_funds(fig: Figures, policy: PolicyIn) -> tuple[dict[str, int], dict[str, Any]]:
    """Fund code -> amount, summing to the SHU after tax (all 0 in a loss year).

    Zakat on the SHU before tax (a syariah policy's choice) comes off the top — its rate on that
    base, at most the SHU after tax — and the other funds split what is left in their proportions."""
    codes = list(policy.funds)
    if fig.shu_after_tax <= 0:
        return dict.fromkeys(codes, 0), {"loss": fig.shu_after_tax < 0}
    extra: dict[str, Any] = {}
    if policy.funds.get("zakat") and policy.zakat_base == "shu_sebelum_pajak":
        zakat = min(apply_bps(fig.shu_before_tax, policy.funds["zakat"]), fig.shu_after_tax)
        others = [c for c in codes if c != "zakat"]
        amounts = dict(zip(others, allocate(fig.shu_after_tax - zakat, [policy.funds[c] for c in others]), strict=True))
        amounts["zakat"] = zakat
        extra["zakat"] = {"base": "shu_sebelum_pajak", "base_amount": fig.shu_before_tax, "bps": policy.funds["zakat"]}
    else:
        amounts = dict(zip(codes, allocate(fig.shu_after_tax, [policy.funds[c] for c in codes]), strict=True))
    moved = 0
    if policy.non_member_to_reserve and fig.non_member_shu > 0:
        moved = min(apply_bps(fig.non_member_shu, policy.funds.get("jasa_usaha", 0)), amounts.get("jasa_usaha", 0))
        amounts["jasa_usaha"] -= moved
        amounts["cadangan"] = amounts.get("cadangan", 0) + moved
    return {c: amounts[c] for c in codes}, {"non_member_jasa_usaha_to_cadangan": moved, **extra}


async def eligible_members(coop_id: int, year: int, exited_share: bool) -> list[dict]:
    """The cooperative's members, id order; those who left only if the policy says. (One who joined
    later has neither business nor capital in the year: their share is 0 and no row is kept.)"""
    rows = await db.execute(
        "SELECT id, member_number, name, status FROM member WHERE cooperative_id = ? ORDER BY id", coop_id
    )
    return [r for r in rows if exited_share or r["status"] != "exited"]


def month_ends(year: int) -> list[date]:
    return [(date(year, m, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1) for m in range(1, 13)]


async def capital(coop_id: int, year: int, policy: PolicyIn) -> dict[int, tuple[int, int]]:
    """Member -> (capital shown, capital weight): the 31 December balance (both), or the average of
    the twelve month-end balances (shown, rounded) with their sum as the weight (exact)."""
    codes = [CAPITAL_CODES[k] for k in policy.capital_kinds]
    if not codes:
        return {}
    ends = month_ends(year) if policy.capital_basis == "average_monthly" else [date(year, 12, 31)]
    natural = live.NATURAL_SIGN
    cols = ", ".join(f"SUM(CASE WHEN p.booked_on <= ? THEN {natural} ELSE 0 END) AS m{i}" for i in range(len(ends)))
    rows = await db.execute(
        f"SELECT a.member_id AS member_id, {cols} FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id"
        f" WHERE a.cooperative_id = ? AND a.member_id IS NOT NULL AND a.code IN ({', '.join('?' * len(codes))})"
        " AND p.book = ? AND p.booked_on <= ? GROUP BY a.member_id",
        *ends,
        coop_id,
        *codes,
        coop_id,
        date(year, 12, 31),
    )
    out: dict[int, tuple[int, int]] = {}
    for r in rows:
        balances = [max(int(r[f"m{i}"] or 0), 0) for i in range(len(ends))]
        total = sum(balances)
        out[int(r["member_id"])] = ((total * 2 + len(ends)) // (2 * len(ends)), total)
    return out


def _split(pool: int, weights: list[int]) -> list[int] | None:
    """The pool split by the weights, or None when nobody has a weight."""
    if pool == 0:
        return [0] * len(weights)
    return allocate(pool, weights) if sum(weights) else None


def split_members(rows: list[MemberRow], pool_ju: int, pool_jm: int, policy: PolicyIn) -> int:
    """Set each member's jasa usaha and jasa modal; return what nobody could take (to cadangan)."""
    undistributed = 0
    lines = policy.line_weights
    if lines:
        names = list(lines)
        for name, line_pool in zip(names, allocate(pool_ju, [lines[n] for n in names]), strict=True):
            parts = _split(line_pool, [max(r.weights.get(name, 0), 0) for r in rows])
            if parts is None:
                undistributed += line_pool
                continue
            for r, part in zip(rows, parts, strict=True):
                r.jasa_usaha += part
    else:
        parts = _split(pool_ju, [max(sum(r.weights.values()), 0) for r in rows])
        if parts is None:
            undistributed += pool_ju
        else:
            for r, part in zip(rows, parts, strict=True):
                r.jasa_usaha = part
    modal = _split(pool_jm, [r.capital_weight for r in rows])
    if modal is None:
        undistributed += pool_jm
    else:
        for r, part in zip(rows, modal, strict=True):
            r.jasa_modal = part
    return undistributed


async def member_rows(coop_id: int, year: int, policy: PolicyIn, members: list[dict]) -> list[MemberRow]:
    weights = await live.member_weights(coop_id, date(year, 1, 1), date(year, 12, 31))
    caps = await capital(coop_id, year, policy)
    rows = []
    for m in members:
        mid = int(m["id"])
        shown, weight = caps.get(mid, (0, 0))
        rows.append(MemberRow(mid, dict(weights.get(mid, {})), shown, weight))
    return rows
