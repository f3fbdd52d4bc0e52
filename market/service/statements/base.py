"""What every statement reads: a cooperative's book as chart lines, its period, and the posting
sums behind them — each one scan of the posting index (book, booked_on, account_id, amount),
grouped by account in SQL and added up by chart line here.

A chart line is an account number (or, for an account without one, its code): the members'
own accounts of a per-member line (simpanan, dompet) are one line. The fiscal year is the
calendar year in the cooperative's own time zone (koperasi.md §8).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from market import chart, db, terms
from market.errors import InvalidInput, NotFound
from market.models import AccountType
from market.service.ledger import normal_sign
from market.statement_schemas import Heading

CASH_NUMBERS = ("1101", "1102")


@dataclass(frozen=True)
class ChartLine:
    key: str
    number: str
    code: str
    name: str
    type: AccountType

    @property
    def sign(self) -> int:
        """+1 for a debit-normal line (aset, beban), -1 for the others."""
        return normal_sign(self.type)

    @property
    def section(self) -> tuple[str, str, str]:
        return chart.section_of(self.number)


@dataclass(frozen=True)
class Book:
    coop_id: int
    name: str
    zone: ZoneInfo
    lines: dict[str, ChartLine]
    line_of: dict[int, str]

    def today(self) -> date:
        return datetime.now(self.zone).date()

    def heading(self, start: date, end: date) -> Heading:
        return Heading(cooperative_id=self.coop_id, cooperative_name=self.name, date_from=start, date_to=end)

    def ordered(self, keys) -> list[ChartLine]:
        return sorted((self.lines[k] for k in keys), key=lambda line: (line.number or "9999", line.code))


def _line_key(number: str, code: str) -> str:
    return number or code


async def open_book(coop_id: int) -> Book:
    """The cooperative's chart lines and which line each of its accounts adds to."""
    coops = await db.execute("SELECT name, timezone, syariah FROM cooperative WHERE id = ?", coop_id)
    if not coops:
        raise NotFound("Koperasi tidak ditemukan")
    rows = await db.execute(
        "SELECT id, number, code, name, type, member_id FROM ledger_account WHERE cooperative_id = ?", coop_id
    )
    syariah = bool(coops[0]["syariah"])
    lines: dict[str, ChartLine] = {}
    line_of: dict[int, str] = {}
    for r in rows:
        key = _line_key(r["number"], r["code"])
        line_of[r["id"]] = key
        if key not in lines:
            spec = chart.BY_CODE.get(r["code"])
            name = terms.account_name(r["code"], spec.name, syariah=syariah) if spec is not None else r["name"]
            lines[key] = ChartLine(key, r["number"], r["code"], name, AccountType(r["type"]))
    return Book(coop_id, coops[0]["name"], ZoneInfo(coops[0]["timezone"]), lines, line_of)


def fiscal_start(day: date) -> date:
    return date(day.year, 1, 1)


def year_earlier(day: date) -> date:
    """The same day a year before (28 February for a 29th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def period(book: Book, start: date | None, end: date | None) -> tuple[date, date]:
    """The period asked for; by default this fiscal year to date in the cooperative's time zone."""
    end = end or book.today()
    start = start or fiscal_start(end)
    if start > end:
        raise InvalidInput("Tanggal awal harus sebelum tanggal akhir", field="from")
    return start, end


def _by_line(book: Book, rows: list[dict], columns: tuple[str, ...]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(lambda: [0] * len(columns))
    for r in rows:
        key = book.line_of.get(r["account_id"])
        if key is None:
            continue
        sums = out[key]
        for i, column in enumerate(columns):
            sums[i] += int(r[column] or 0)
    return dict(out)


async def sums(book: Book, start: date | None, end: date) -> dict[str, int]:
    """Σ postings (debit-positive) per chart line booked from *start* (None: the beginning) to *end*."""
    where, args = ("booked_on <= ?", [end]) if start is None else ("booked_on BETWEEN ? AND ?", [start, end])
    rows = await db.execute(
        f"SELECT account_id, SUM(amount) AS total FROM ledger_posting WHERE book = ? AND {where} GROUP BY account_id",
        book.coop_id,
        *args,
    )
    return {k: v[0] for k, v in _by_line(book, rows, ("total",)).items()}


async def split_sums(book: Book, split: date, end: date) -> dict[str, tuple[int, int]]:
    """Per chart line, Σ postings before *split* and Σ from *split* to *end*, in one scan."""
    rows = await db.execute(
        "SELECT account_id, SUM(CASE WHEN booked_on < ? THEN amount ELSE 0 END) AS earlier,"
        " SUM(CASE WHEN booked_on >= ? THEN amount ELSE 0 END) AS recent"
        " FROM ledger_posting WHERE book = ? AND booked_on <= ? GROUP BY account_id",
        split,
        split,
        book.coop_id,
        end,
    )
    return {k: (v[0], v[1]) for k, v in _by_line(book, rows, ("earlier", "recent")).items()}


async def movements(book: Book, start: date, end: date) -> dict[str, tuple[int, int, int]]:
    """Per chart line: the balance before *start* (debit-positive) and the debits and credits
    (both positive) booked from *start* to *end*, in one scan."""
    return {k: v[:3] for k, v in (await movements_in_year(book, start, end)).items()}


async def movements_in_year(book: Book, start: date, end: date) -> dict[str, tuple[int, int, int, int]]:
    """``movements`` and, fourth, the part of the opening booked before *start*'s fiscal year
    (for income and expense lines: earlier years' result, not this year's), in the same scan."""
    rows = await db.execute(
        "SELECT account_id, SUM(CASE WHEN booked_on < ? THEN amount ELSE 0 END) AS opening,"
        " SUM(CASE WHEN booked_on >= ? AND amount > 0 THEN amount ELSE 0 END) AS debit,"
        " SUM(CASE WHEN booked_on >= ? AND amount < 0 THEN -amount ELSE 0 END) AS credit,"
        " SUM(CASE WHEN booked_on < ? THEN amount ELSE 0 END) AS earlier_years"
        " FROM ledger_posting WHERE book = ? AND booked_on <= ? GROUP BY account_id",
        start,
        start,
        start,
        fiscal_start(start),
        book.coop_id,
        end,
    )
    cols = ("opening", "debit", "credit", "earlier_years")
    return {k: (v[0], v[1], v[2], v[3]) for k, v in _by_line(book, rows, cols).items()}


def is_result(line: ChartLine) -> bool:
    """An income or expense line: its balance is SHU until the year is closed."""
    return line.type in (AccountType.INCOME, AccountType.EXPENSE)
