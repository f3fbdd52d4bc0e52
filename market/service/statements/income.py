"""Laporan perhitungan hasil usaha (PHU), laid out as koperasi.md §2.2, with the same period a
year earlier beside every figure:

    partisipasi bruto anggota − HPP anggota              = partisipasi neto anggota
    penjualan/pendapatan non-anggota − HPP non-anggota   = laba kotor dengan non-anggota
    − beban usaha − beban perkoperasian ± pendapatan/beban lain-lain = SHU sebelum pajak
    − pajak penghasilan                                  = SHU setelah pajak
"""

from __future__ import annotations

from datetime import date

from market import chart, db
from market.models import AccountType
from market.service.statements.base import Book, ChartLine, is_result, open_book, period, sums, year_earlier
from market.statement_schemas import Group, IncomeStatement, Line

# (group key, +1 when the group adds to SHU, −1 when it takes from it), in the order printed.
GROUPS: tuple[tuple[str, int], ...] = (
    ("pendapatan_anggota", 1),
    ("hpp_anggota", -1),
    ("pendapatan_non_anggota", 1),
    ("hpp_non_anggota", -1),
    ("beban_usaha", -1),
    ("beban_perkoperasian", -1),
    ("pendapatan_lain", 1),
    ("beban_lain", -1),
    ("pajak", -1),
)
EFFECT = dict(GROUPS)
TITLES = {key: title for _, statement, key, title in chart.SECTIONS if statement == "phu"}


def group_key(line: ChartLine) -> str:
    statement, key, _ = line.section
    if statement == "phu":
        return key
    return "pendapatan_lain" if line.type == AccountType.INCOME else "beban_lain"


def _figures(groups: dict[str, int]) -> tuple[int, int, int, int, int]:
    """(partisipasi neto, laba kotor non-anggota, SHU before tax, tax, SHU after tax)."""
    neto = groups["pendapatan_anggota"] - groups["hpp_anggota"]
    gross = groups["pendapatan_non_anggota"] - groups["hpp_non_anggota"]
    before = (
        neto
        + gross
        - groups["beban_usaha"]
        - groups["beban_perkoperasian"]
        + groups["pendapatan_lain"]
        - groups["beban_lain"]
    )
    return neto, gross, before, groups["pajak"], before - groups["pajak"]


def _groups(book: Book, now: dict[str, int], then: dict[str, int]) -> list[Group]:
    lines: dict[str, list[Line]] = {key: [] for key, _ in GROUPS}
    for line in book.ordered(set(now) | set(then)):
        if not is_result(line):
            continue
        key = group_key(line)
        # An income group reads its credits, an expense group its debits (postings are debit-positive).
        amount, before = (-EFFECT[key] * now.get(line.key, 0), -EFFECT[key] * then.get(line.key, 0))
        if amount or before:
            lines[key].append(
                Line(number=line.number, code=line.code, name=line.name, amount=amount, comparative=before)
            )
    return [
        Group(
            key=key,
            title=TITLES[key],
            lines=lines[key],
            total=sum(x.amount for x in lines[key]),
            comparative_total=sum(x.comparative or 0 for x in lines[key]),
        )
        for key, _ in GROUPS
    ]


@db.read_only
async def income_statement(coop_id: int, start: date | None = None, end: date | None = None) -> IncomeStatement:
    """The PHU of the period (default: this fiscal year to date); ``shu_after_tax`` is income −
    expenses − tax, the change the period brings to SHU tahun berjalan."""
    book = await open_book(coop_id)
    start, end = period(book, start, end)
    back_from, back_to = year_earlier(start), year_earlier(end)
    groups = _groups(book, await sums(book, start, end), await sums(book, back_from, back_to))
    neto, gross, before, tax, after = _figures({g.key: g.total for g in groups})
    c_neto, c_gross, c_before, c_tax, c_after = _figures({g.key: g.comparative_total or 0 for g in groups})
    return IncomeStatement(
        heading=book.heading(start, end),
        comparative_from=back_from,
        comparative_to=back_to,
        groups=groups,
        partisipasi_neto=neto,
        laba_kotor_non_anggota=gross,
        shu_before_tax=before,
        tax=tax,
        shu_after_tax=after,
        comparative_partisipasi_neto=c_neto,
        comparative_laba_kotor_non_anggota=c_gross,
        comparative_shu_before_tax=c_before,
        comparative_tax=c_tax,
        comparative_shu_after_tax=c_after,
    )
