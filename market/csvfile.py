"""The one way the app writes a CSV file for people to open in a spreadsheet.

Every text cell is neutralised against CSV (formula) injection as OWASP advises: a cell that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by Excel,
LibreOffice or Google Sheets as a formula (``=HYPERLINK(…)``, ``=cmd|…``), so it gets a single
quote in front and is read as text. Numbers stay numbers: an ``int`` is a value the app computed
(a negative margin, a refund) and cannot carry a formula, so ``-5000`` is written as it is and
still adds up in the spreadsheet. Text that merely looks like a number (``"-5000"``) is text and
is quoted like any other.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """One cell as written: numbers and dates as they are, None empty, any text neutralised."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: Iterable[Iterable[Any]], *, header: Iterable[str] | None = None, delimiter: str = ",") -> str:
    """The rows (after an optional header) as CSV text, every cell through ``cell``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    if header is not None:
        writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return out.getvalue()
