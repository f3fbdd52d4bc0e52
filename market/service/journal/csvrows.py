"""Reading the opening-balance CSV files: UTF-8 (with or without BOM), comma or semicolon,
the template's column names in the header, rows numbered as a spreadsheet shows them (the
header is row 1). Every problem is collected as (file, row, column, message), in Indonesian."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000


@dataclass
class Problems:
    items: list[dict] = field(default_factory=list)

    def add(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.items.append({"file": file, "row": row, "column": column, "message": message})

    def __bool__(self) -> bool:
        return bool(self.items)


def read(content: bytes, file: str, required: tuple[str, ...], known: tuple[str, ...], out: Problems) -> list[dict]:
    """The data rows as dicts (``_row`` the row number); [] with problems noted when unreadable."""
    if len(content) > MAX_BYTES:
        out.add(file, None, None, f"Berkas melebihi {MAX_BYTES // 1024 // 1024} MB")
        return []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.add(file, None, None, f'Berkas bukan teks UTF-8 (posisi {exc.start}); simpan ulang sebagai "CSV UTF-8"')
        return []
    if "\x00" in text:
        out.add(file, None, None, "Berkas berisi karakter nol; bukan CSV teks")
        return []
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if first.count(";") > first.count(",") else ",")
    try:
        names = [h.strip().lower().replace(" ", "_") for h in next(reader)]
    except StopIteration:
        out.add(file, None, None, "Berkas kosong")
        return []
    except csv.Error as exc:
        out.add(file, 1, None, f"CSV rusak: {exc}")
        return []
    missing = [c for c in required if c not in names]
    if missing:
        out.add(file, 1, None, "Kolom wajib tidak ada: " + ", ".join(missing) + ". Unduh templatnya.")
        return []
    rows: list[dict] = []
    try:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                out.add(file, number, None, f"Paling banyak {MAX_ROWS} baris per berkas")
                return []
            row: dict = {n: (values[i].strip() if i < len(values) else "") for i, n in enumerate(names) if n in known}
            row["_row"] = number
            if len(values) > len(names):
                out.add(file, number, None, "Baris memiliki lebih banyak kolom daripada judul")
            rows.append(row)
    except csv.Error as exc:
        out.add(file, None, None, f"CSV rusak: {exc}")
        return []
    return rows


def amount(row: dict, column: str, file: str, out: Problems) -> int | None:
    """A whole rupiah amount ≥ 0 (``12500`` or ``12.500``; empty is 0); None when unreadable."""
    text = str(row.get(column, "")).replace(" ", "")
    text = re.sub(r"^rp\.?", "", text, flags=re.IGNORECASE)
    if not text:
        return 0
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"\d{1,15}", text):
        out.add(file, row["_row"], column, f"Harus rupiah bulat tanpa minus, mis. 12500 atau 12.500: {text[:30]!r}")
        return None
    return int(text)
