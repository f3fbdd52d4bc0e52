"""A statement as an A4 PDF ready to sign: the cooperative's name, the statement's title and
period, the table, and signature blocks for the Ketua, the Bendahara and the Manajer.

fpdf2's core font (Helvetica) writes Latin-1 text; anything outside it is replaced, so a name
with another script still prints (as ``?``) rather than failing the download.
"""

from __future__ import annotations

from datetime import date

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from market.statement_tables import Cell, Table

MARGIN = 15
WIDTH = 210 - 2 * MARGIN
NUMBER_WIDTH = 26
LINE_HEIGHT = 5.5
SIGNERS = ("Ketua", "Bendahara", "Manajer")


def latin1(text: str) -> str:
    return text.replace("\u2013", "-").replace("\u2014", "-").encode("latin-1", "replace").decode("latin-1")


def amount(value: int) -> str:
    """``1.388.000``; a negative amount in parentheses, as statements print it."""
    text = f"{abs(value):,}".replace(",", ".")
    return f"({text})" if value < 0 else text


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 7)
        self.cell(0, 5, f"Halaman {self.page_no()}/{{nb}}", align="R")


def _widths(t: Table) -> list[float]:
    """Numbers get a fixed width; the text columns share what is left (the first ones narrow)."""
    numeric = [
        i for i, c in enumerate(t.columns) if any(isinstance(r.cells[i], int) for r in t.rows if len(r.cells) > i)
    ]
    text = [i for i in range(len(t.columns)) if i not in numeric]
    widths = [float(NUMBER_WIDTH)] * len(t.columns)
    rest = WIDTH - NUMBER_WIDTH * len(numeric)
    narrow = text[:-1]
    for i in narrow:
        widths[i] = 22.0 if i == 0 else 34.0
    widths[text[-1]] = rest - sum(widths[i] for i in narrow)
    return widths


def _fit(pdf: FPDF, text: str, width: float) -> str:
    text = latin1(text)
    while text and pdf.get_string_width(text) > width - 2:
        text = text[:-1]
    return text


def _row(pdf: FPDF, cells: list[Cell], widths: list[float], style: str) -> None:
    pdf.set_font("Helvetica", "B" if style in ("head", "total") else "", 8)
    padded = cells + [None] * (len(widths) - len(cells))
    for value, width in zip(padded, widths, strict=True):
        if isinstance(value, int):
            pdf.cell(width, LINE_HEIGHT, amount(value), align="R", new_x=XPos.RIGHT, new_y=YPos.TOP)
        else:
            pdf.cell(width, LINE_HEIGHT, _fit(pdf, value or "", width), new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.ln(LINE_HEIGHT)
    if style == "total":
        pdf.line(MARGIN, pdf.get_y(), MARGIN + WIDTH, pdf.get_y())


def _signatures(pdf: FPDF, place_date: str) -> None:
    if pdf.get_y() > 297 - 60:
        pdf.add_page()
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(WIDTH, 5, latin1(place_date), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    third = WIDTH / len(SIGNERS)
    for title in SIGNERS:
        pdf.cell(third, 5, title, align="C", new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.ln(26)
    for _ in SIGNERS:
        pdf.cell(third, 5, "(______________________)", align="C", new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.ln(5)


def to_pdf(t: Table, *, printed_on: date) -> bytes:
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(latin1(f"{t.title} - {t.cooperative}"))
    pdf.set_author(latin1(t.cooperative))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(WIDTH, 7, latin1(t.cooperative), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(WIDTH, 6, latin1(t.title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(WIDTH, 5, latin1(f"Periode {t.period} (dalam rupiah)"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    widths = _widths(t)
    _row(pdf, list(t.columns), widths, "head")
    pdf.line(MARGIN, pdf.get_y(), MARGIN + WIDTH, pdf.get_y())
    for r in t.rows:
        _row(pdf, r.cells, widths, r.style)
    _signatures(pdf, f"Dicetak {printed_on:%d-%m-%Y}")
    return bytes(pdf.output())
