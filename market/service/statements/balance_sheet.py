"""Laporan posisi keuangan (neraca) at a date.

Income and expense lines are not on the neraca: what they hold is SHU. The part booked in the
fiscal year of the date (1 January to the date, in the cooperative's time zone) is "SHU tahun
berjalan"; what earlier years left in them, not yet closed, is "SHU tahun lalu belum dibagi",
together with what is booked on that line itself. Anything booked on the SHU tahun berjalan line
(a year-end close moving the result there) goes with the year it was booked in.
"""

from __future__ import annotations

from datetime import date

from market import chart, db
from market.models import AccountType
from market.service.statements.base import Book, ChartLine, fiscal_start, is_result, open_book, split_sums
from market.statement_schemas import BalanceSheet, Group, Line

ASSET_GROUPS = ("aset_lancar", "aset_tetap", "aset_lain")
LIABILITY_GROUPS = ("kewajiban_pendek", "kewajiban_panjang")
ALWAYS = {"aset_lancar", "aset_tetap", "kewajiban_pendek", "kewajiban_panjang"}
TITLES = {key: title for _, statement, key, title in chart.SECTIONS if statement == "neraca"}
FALLBACK = {AccountType.ASSET: "aset_lain", AccountType.LIABILITY: "kewajiban_pendek", AccountType.EQUITY: "ekuitas"}
SHU_NOW, SHU_BEFORE = chart.BY_CODE["shu_tahun_berjalan"], chart.BY_CODE["shu_belum_dibagi"]


def group_key(line: ChartLine) -> str:
    """Where a balance-sheet line goes: its number's section, or by its type when that does not fit."""
    _, key, _ = line.section
    allowed = {AccountType.ASSET: ASSET_GROUPS, AccountType.LIABILITY: LIABILITY_GROUPS}.get(line.type, ("ekuitas",))
    return key if key in allowed else FALLBACK[line.type]


def shu_split(book: Book, found: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(SHU tahun berjalan, SHU tahun lalu belum dibagi) from (earlier, this year) sums per line."""
    current = prior = 0
    for key, (earlier, recent) in found.items():
        line = book.lines[key]
        if is_result(line) or line.code == SHU_NOW.code:
            current -= recent
            prior -= earlier
        elif line.code == SHU_BEFORE.code:
            prior -= earlier + recent
    return current, prior


def _group(key: str, lines: list[Line]) -> Group:
    return Group(key=key, title=TITLES.get(key, key), lines=lines, total=sum(x.amount for x in lines))


def _line(line: ChartLine, amount: int) -> Line:
    return Line(number=line.number, code=line.code, name=line.name, amount=amount)


@db.read_only
async def balance_sheet(coop_id: int, at: date | None = None) -> BalanceSheet:
    """The neraca at the end of *at* (default today in the cooperative's time zone); it balances:
    ``total_assets == total_liabilities + total_equity``."""
    book = await open_book(coop_id)
    at = at or book.today()
    found = await split_sums(book, fiscal_start(at), at)
    current, prior = shu_split(book, found)
    grouped: dict[str, list[Line]] = {}
    for line in book.ordered(found):
        if is_result(line) or line.code in (SHU_NOW.code, SHU_BEFORE.code):
            continue
        amount = sum(found[line.key]) * line.sign
        if amount:
            grouped.setdefault(group_key(line), []).append(_line(line, amount))
    equity_lines = grouped.pop("ekuitas", [])
    if prior:
        equity_lines.append(Line(number=SHU_BEFORE.number, code=SHU_BEFORE.code, name=SHU_BEFORE.name, amount=prior))
    equity_lines.append(Line(number=SHU_NOW.number, code=SHU_NOW.code, name=SHU_NOW.name, amount=current))
    assets = [_group(k, grouped.get(k, [])) for k in ASSET_GROUPS if k in ALWAYS or grouped.get(k)]
    liabilities = [_group(k, grouped.get(k, [])) for k in LIABILITY_GROUPS]
    equity = _group("ekuitas", equity_lines)
    return BalanceSheet(
        heading=book.heading(fiscal_start(at), at),
        at=at,
        assets=assets,
        liabilities=liabilities,
        equity=equity,
        total_assets=sum(g.total for g in assets),
        total_liabilities=sum(g.total for g in liabilities),
        total_equity=equity.total,
        shu_current_year=current,
        shu_prior_years=prior,
    )
