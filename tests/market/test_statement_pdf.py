"""The signed A4 PDF of a statement: long text wraps instead of being cut, the table's header row
comes back on every page it runs onto, and the signature block is never split across pages."""

from __future__ import annotations

import re
import zlib
from datetime import date

from market.statement_pdf import to_pdf
from market.statement_tables import Table

PERIOD = "01-01-2025 s.d. 31-12-2025"


def _pages(body: bytes) -> list[str]:
    """The text of each page's content stream (fpdf2 writes one per page and compresses it)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
    return [zlib.decompress(s).decode("latin-1") for s in streams]


def _shown(page: str) -> str:
    """The strings a page shows, joined by spaces (``(text) Tj`` operators)."""
    shown = " ".join(re.findall(r"\((.*?)\) Tj", page))
    return shown.replace("\\(", "(").replace("\\)", ")")


def _ledger(rows: int) -> Table:
    t = Table(
        "Buku Besar 1102 Bank",
        "Koperasi Uji",
        PERIOD,
        ["Tanggal", "Referensi", "Keterangan", "Debit", "Kredit", "Saldo"],
    )
    t.add("", "", "Saldo awal", None, None, 0)
    for n in range(rows):
        description = f"Pencairan #{n} diterima di rekening bank koperasi setelah dicek bendahara"
        t.add("24-01-2026", f"demo:beban_listrik_dan_telepon:1:2026-{n}", description, 1000 + n, 0, 1000 + n)
    t.add("", "", "Jumlah / saldo akhir", 1, 0, 1, style="total")
    return t


def test_long_text_wraps_whole_and_every_page_of_the_table_repeats_its_header():
    pages = [_shown(p) for p in _pages(to_pdf(_ledger(70), printed_on=date(2026, 1, 31)))]

    assert len(pages) >= 3
    table_pages = [p for p in pages if "Pencairan" in p]
    assert len(table_pages) >= 2
    assert all("Keterangan" in p and "Saldo" in p for p in table_pages)
    text = " ".join(pages)
    # every row's description and reference printed in full (over several lines), none cut short
    for n in (0, 35, 69):
        assert f"Pencairan #{n} diterima" in text
        assert re.search(rf"2026-\s?{n}\b", text.replace("- ", "-"))
    assert text.count("setelah dicek bendahara") == 70


def test_the_signature_block_stays_on_one_page_and_the_comparative_header_is_not_cut():
    for rows in range(30, 48):  # table ends at every height near the bottom of the first page
        pages = [_shown(p) for p in _pages(to_pdf(_ledger(rows), printed_on=date(2026, 1, 31)))]
        signed = [p for p in pages if "Bendahara" in p]
        assert len(signed) == 1, rows
        assert "Ketua" in signed[0] and "Manajer" in signed[0] and signed[0].count("(____") == 3, rows
        assert "Dicetak 31-01-2026" in signed[0], rows

    phu = Table("Laporan Perhitungan Hasil Usaha", "Koperasi Uji", PERIOD, ["Nomor", "Uraian", "Periode ini", PERIOD])
    phu.add("4101", "Penjualan kepada anggota (partisipasi bruto)", 10_867_000, 14_061_500)
    text = _shown(_pages(to_pdf(phu, printed_on=date(2026, 1, 31)))[0])
    assert "01-01-2025 s.d." in text and "31-12-2025" in text
    assert "10.867.000" in text and "14.061.500" in text


def test_a_balance_sheet_is_headed_at_its_day_not_as_a_period():
    neraca = Table("Laporan Posisi Keuangan (Neraca)", "Koperasi Uji", "per 31-12-2025", ["Nomor", "Akun", "Jumlah"])
    neraca.add("1101", "Kas", 7_141_975)
    text = _shown(_pages(to_pdf(neraca, printed_on=date(2026, 1, 31)))[0])
    assert "Per 31-12-2025 (dalam rupiah)" in text and "Periode" not in text
