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
NUMBER_WIDTH = 23
LINE_HEIGHT = 5.5
WRAPPED_LINE = 3.6  # each further line of a wrapped cell
SIGNERS = ("Ketua", "Bendahara", "Manajer")


def latin1(text: str) -> str:
    return text.replace("\u2013", "-").replace("\u2014", "-").encode("latin-1", "replace").decode("latin-1")


def amount(value: int) -> str:
    """``1.388.000``; a negative amount in parentheses, as statements print it."""
    text = f"{abs(value):,}".replace(",", ".")
    return f"({text})" if value < 0 else text


class _Pdf(FPDF):
    # The table's header row, repeated at the top of every page the table runs onto.
    columns: tuple[list[Cell], list[float], list[str]] | None = None

    def header(self) -> None:
        if self.columns is not None and self.page_no() > 1:
            _header(self, *self.columns)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 7)
        self.cell(0, 5, f"Halaman {self.page_no()}/{{nb}}", align="R")


def _numeric(t: Table) -> set[int]:
    return {i for i in range(len(t.columns)) if any(isinstance(r.cells[i], int) for r in t.rows if len(r.cells) > i)}


def _widths(t: Table) -> list[float]:
    """Numbers get a fixed width; the text columns share what is left (the first ones narrow)."""
    numeric = _numeric(t)
    text = [i for i in range(len(t.columns)) if i not in numeric]
    widths = [float(NUMBER_WIDTH)] * len(t.columns)
    rest = WIDTH - NUMBER_WIDTH * len(numeric)
    narrow = text[:-1]
    for i in narrow:
        widths[i] = 22.0 if i == 0 else 38.0
    widths[text[-1]] = rest - sum(widths[i] for i in narrow)
    return widths


def _lines(pdf: FPDF, text: str, width: float) -> list[str]:
    """*text* broken at spaces into lines that fit *width*; a word longer than the width (a
    reference) is broken where it must."""
    room = width - 2
    lines: list[str] = []
    line = ""
    for word in latin1(text).split():
        candidate = f"{line} {word}" if line else word
        if pdf.get_string_width(candidate) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while len(line) > 1 and pdf.get_string_width(line) > room:
            cut = len(line) - 1
            while cut > 1 and pdf.get_string_width(line[:cut]) > room:
                cut -= 1
            at = max(line.rfind(sep, 0, cut) for sep in ":_-/")  # a reference breaks after its parts
            cut = at + 1 if at >= cut // 2 else cut
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line] if line or not lines else lines


def _row(pdf: FPDF, cells: list[Cell], widths: list[float], aligns: list[str], style: str) -> None:
    """One row, its text wrapped inside its column (the row as tall as its longest cell); a row
    that does not fit the page starts the next one."""
    pdf.set_font("Helvetica", "B" if style in ("head", "total", "columns") else "", 8)
    padded = cells + [None] * (len(widths) - len(cells))
    texts = [
        [amount(v)] if isinstance(v, int) else _lines(pdf, v or "", w) for v, w in zip(padded, widths, strict=True)
    ]
    height = LINE_HEIGHT + (max(len(t) for t in texts) - 1) * WRAPPED_LINE
    if style != "columns" and pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    x, y = float(MARGIN), pdf.get_y()
    for lines, width, align in zip(texts, widths, aligns, strict=True):
        for k, line in enumerate(lines):
            pdf.set_xy(x, y + k * WRAPPED_LINE)
            pdf.cell(width, LINE_HEIGHT, line, align=align)
        x += width
    pdf.set_xy(MARGIN, y + height)
    if style in ("total", "columns"):
        pdf.line(MARGIN, pdf.get_y(), MARGIN + WIDTH, pdf.get_y())


def _header(pdf: FPDF, columns: list[Cell], widths: list[float], aligns: list[str]) -> None:
    _row(pdf, columns, widths, aligns, "columns")


SIGNATURES_HEIGHT = 8 + 5 + 2 + 5 + 26 + 5


def _signatures(pdf: _Pdf, place_date: str) -> None:
    pdf.columns = None  # a page the signatures move to has no table header
    if pdf.get_y() + SIGNATURES_HEIGHT > pdf.page_break_trigger:
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
    return tables_to_pdf([t], printed_on=printed_on, title=f"{t.title} - {t.cooperative}")


def tables_to_pdf(tables: list[Table], *, printed_on: date, title: str) -> bytes:
    """Several statements in one A4 document, each from a new page with its signatures (the RAT's)."""
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(latin1(title))
    pdf.set_author(latin1(tables[0].cooperative if tables else ""))
    for t in tables:
        _page(pdf, t, printed_on)
    return bytes(pdf.output())


def _page(pdf: _Pdf, t: Table, printed_on: date) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(WIDTH, 7, latin1(t.cooperative), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(WIDTH, 6, latin1(t.title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 9)
    period = f"Per {t.period[4:]}" if t.period.startswith("per ") else f"Periode {t.period}"  # a neraca is at a day
    pdf.cell(WIDTH, 5, latin1(f"{period} (dalam rupiah)"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    widths = _widths(t)
    aligns = ["R" if i in _numeric(t) else "L" for i in range(len(t.columns))]
    pdf.columns = (list(t.columns), widths, aligns)
    _header(pdf, *pdf.columns)
    for r in t.rows:
        _row(pdf, r.cells, widths, aligns, r.style)
    _signatures(pdf, f"Dicetak {printed_on:%d-%m-%Y}")
