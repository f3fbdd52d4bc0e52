"""Each statement as one plain table (title, columns, rows), the shape the CSV file and the PDF
are written from, so both say exactly what the JSON says."""

from __future__ import annotations

from dataclasses import dataclass, field

from market.statement_schemas import (
    BalanceSheet,
    CashFlow,
    EquityStatement,
    GeneralLedger,
    Group,
    IncomeStatement,
    TrialBalance,
)

Cell = str | int | None
Statement = TrialBalance | BalanceSheet | IncomeStatement | EquityStatement | CashFlow | GeneralLedger


@dataclass
class Row:
    cells: list[Cell]
    style: str = "line"  # "line", "head" (a group title) or "total"


@dataclass
class Table:
    title: str
    cooperative: str
    period: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    def add(self, *cells: Cell, style: str = "line") -> None:
        self.rows.append(Row(list(cells), style))


def _period(s: Statement) -> str:
    h = s.heading
    return f"{h.date_from:%d-%m-%Y} s.d. {h.date_to:%d-%m-%Y}"


def _table(s: Statement, title: str, columns: list[str], period: str | None = None) -> Table:
    return Table(title, s.heading.cooperative_name, period or _period(s), columns)


def trial_balance_table(s: TrialBalance) -> Table:
    t = _table(s, "Neraca Saldo", ["Nomor", "Akun", "Saldo awal", "Debit", "Kredit", "Saldo akhir"])
    for r in s.rows:
        t.add(r.number, r.name, r.opening, r.debit, r.credit, r.closing)
    t.add("", "Jumlah", None, s.total_debit, s.total_credit, None, style="total")
    return t


def _groups(t: Table, groups: list[Group], comparative: bool = False) -> None:
    for g in groups:
        t.add("", g.title, style="head")
        for x in g.lines:
            t.add(x.number, x.name, x.amount, *([x.comparative] if comparative else []))
        t.add("", f"Jumlah {g.title.lower()}", g.total, *([g.comparative_total] if comparative else []), style="total")


def balance_sheet_table(s: BalanceSheet) -> Table:
    t = _table(s, "Laporan Posisi Keuangan (Neraca)", ["Nomor", "Akun", "Jumlah"], f"per {s.at:%d-%m-%Y}")
    _groups(t, s.assets)
    t.add("", "JUMLAH ASET", s.total_assets, style="total")
    _groups(t, s.liabilities)
    t.add("", "JUMLAH KEWAJIBAN", s.total_liabilities, style="total")
    _groups(t, [s.equity])
    t.add("", "JUMLAH KEWAJIBAN DAN EKUITAS", s.total_liabilities + s.total_equity, style="total")
    return t


def income_table(s: IncomeStatement) -> Table:
    compare = f"{s.comparative_from:%d-%m-%Y} s.d. {s.comparative_to:%d-%m-%Y}"
    t = _table(s, "Laporan Perhitungan Hasil Usaha", ["Nomor", "Uraian", "Periode ini", compare])
    by_key = {g.key: g for g in s.groups}
    subtotals = {
        "hpp_anggota": ("Partisipasi neto anggota", s.partisipasi_neto, s.comparative_partisipasi_neto),
        "hpp_non_anggota": (
            "Laba kotor dengan non-anggota",
            s.laba_kotor_non_anggota,
            s.comparative_laba_kotor_non_anggota,
        ),
        "beban_lain": ("SHU sebelum pajak", s.shu_before_tax, s.comparative_shu_before_tax),
        "pajak": ("SHU setelah pajak", s.shu_after_tax, s.comparative_shu_after_tax),
    }
    for key, group in by_key.items():
        _groups(t, [group], comparative=True)
        if key in subtotals:
            label, now, then = subtotals[key]
            t.add("", label.upper(), now, then, style="total")
    return t


def equity_table(s: EquityStatement) -> Table:
    t = _table(
        s, "Laporan Perubahan Ekuitas", ["Nomor", "Ekuitas", "Saldo awal", "Penambahan", "Pengurangan", "Saldo akhir"]
    )
    for r in s.rows:
        t.add(r.number, r.name, r.opening, r.increase, r.decrease, r.closing)
    t.add("", "Jumlah", s.total_opening, None, None, s.total_closing, style="total")
    t.add("", "SHU periode ini", None, None, None, s.shu_period)
    return t


def cash_flow_table(s: CashFlow) -> Table:
    t = _table(s, "Laporan Arus Kas (metode tidak langsung)", ["Nomor", "Uraian", "Jumlah"])
    for section in s.sections:
        t.add("", section.title, style="head")
        for x in section.lines:
            t.add(x.number, x.label, x.amount)
        t.add("", f"Kas bersih {section.title.lower().removeprefix('arus kas ')}", section.total, style="total")
    t.add("", "Kenaikan (penurunan) kas dan bank", s.net_change, style="total")
    t.add("", "Kas dan bank awal periode", s.cash_opening)
    t.add("", "Kas dan bank akhir periode", s.cash_closing, style="total")
    return t


def ledger_table(s: GeneralLedger) -> Table:
    t = _table(s, f"Buku Besar {s.number} {s.name}", ["Tanggal", "Referensi", "Keterangan", "Debit", "Kredit", "Saldo"])
    t.add("", "", "Saldo awal", None, None, s.opening)
    for r in s.rows:
        t.add(f"{r.booked_on:%d-%m-%Y}", r.reference, r.description, r.debit, r.credit, r.balance)
    t.add("", "", "Jumlah / saldo akhir", s.total_debit, s.total_credit, s.closing, style="total")
    return t


def table_of(s: Statement) -> Table:
    match s:
        case TrialBalance():
            return trial_balance_table(s)
        case BalanceSheet():
            return balance_sheet_table(s)
        case IncomeStatement():
            return income_table(s)
        case EquityStatement():
            return equity_table(s)
        case CashFlow():
            return cash_flow_table(s)
        case GeneralLedger():
            return ledger_table(s)
    raise TypeError(type(s))


def csv_rows(t: Table) -> list[list[Cell]]:
    """The table for a spreadsheet: the heading lines, then the header and every row."""
    header: list[Cell] = list(t.columns)
    return [[t.title], [t.cooperative], [t.period], [], header, *[r.cells for r in t.rows]]
