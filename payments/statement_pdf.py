"""A wallet's monthly statement (mutasi) as an A4 PDF: whose wallet, the month, the opening
balance, one row per movement (time in the owner's zone, labelled), the month's totals and the
closing balance. fpdf2's core font writes Latin-1 (market.statement_pdf.latin1)."""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from market.statement_pdf import amount, latin1
from payments.service.statement import KIND_LABELS, Statement

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")  # fmt: skip
WIDTHS = (30, 84, 22, 22, 22)  # 180 mm: time, description, in, out, balance
ROW = 5.5


def month_name(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def _row(pdf: FPDF, cells: tuple[str, str, str, str, str], style: str = "") -> None:
    pdf.set_font("Helvetica", style, 8)
    for i, (text, width) in enumerate(zip(cells, WIDTHS, strict=True)):
        pdf.cell(width, ROW, latin1(text)[:70], border="B", align="R" if i >= 2 else "L")
    pdf.ln(ROW)


def statement_pdf(s: Statement, *, owner: str, cooperative: str, zone_label: str, printed_at: datetime) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(latin1(f"Mutasi dompet {owner} {month_name(s.year, s.month)}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(180, 7, "Mutasi Dompet - Pasar Koperasi", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 9)
    for line in (
        f"Pemilik: {owner}" + (f" - {cooperative}" if cooperative else ""),
        f"Periode: {month_name(s.year, s.month)} (waktu {zone_label}, dalam rupiah)",
        f"Dicetak {printed_at:%d-%m-%Y %H:%M} {zone_label}",
    ):
        pdf.cell(180, 5, latin1(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    _row(pdf, ("Waktu", "Keterangan", "Masuk", "Keluar", "Saldo"), "B")
    _row(pdf, ("", "Saldo awal", "", "", amount(s.opening)))
    for x in s.lines:
        label = KIND_LABELS.get(x.kind, x.kind)
        text = f"{label}: {x.description}" if x.description and x.description != label else label
        money_in = amount(x.amount) if x.amount > 0 else ""
        money_out = amount(-x.amount) if x.amount < 0 else ""
        _row(pdf, (f"{x.at:%d-%m-%Y %H:%M}", text, money_in, money_out, amount(x.balance)))
    _row(pdf, ("", "Jumlah bulan ini", amount(s.money_in), amount(s.money_out), ""), "B")
    _row(pdf, ("", "Saldo akhir", "", "", amount(s.closing)), "B")
    return bytes(pdf.output())
