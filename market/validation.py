"""Pydantic's validation errors in Bahasa Indonesia.

Pydantic speaks English ("Input should be greater than 0"); every place where one of its errors
becomes a message a person reads — a form field, a CSV import row, an API problem's ``errors`` —
says it through ``describe`` instead. The texts are message ids: the pages show them in English
under the language switch (web/i18n.py reads the values back out of a filled-in text). Our own
validators already speak Indonesian and keep their words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REQUIRED = "Wajib diisi"
# Each pydantic error type's text; %(name)s is filled from the error's context (its limit).
MESSAGES: dict[str, str] = {
    "missing": REQUIRED,
    "string_too_short": "Minimal %(min_length)s karakter",
    "string_too_long": "Paling banyak %(max_length)s karakter",
    "too_short": "Minimal %(min_length)s isian",
    "too_long": "Paling banyak %(max_length)s isian",
    "string_pattern_mismatch": "Format tidak valid",
    "string_type": "Harus berupa teks",
    "greater_than": "Harus lebih dari %(gt)s",
    "greater_than_equal": "Paling kecil %(ge)s",
    "less_than": "Harus kurang dari %(lt)s",
    "less_than_equal": "Paling besar %(le)s",
    "multiple_of": "Harus kelipatan %(multiple_of)s",
    "int_parsing": "Harus bilangan bulat",
    "int_type": "Harus bilangan bulat",
    "int_from_float": "Harus bilangan bulat",
    "float_parsing": "Harus berupa angka",
    "float_type": "Harus berupa angka",
    "decimal_parsing": "Harus berupa angka",
    "bool_parsing": "Harus ya atau tidak",
    "bool_type": "Harus ya atau tidak",
    "enum": "Pilihan tidak valid; pilih salah satu: %(expected)s",
    "literal_error": "Pilihan tidak valid; pilih salah satu: %(expected)s",
    "extra_forbidden": "Isian tidak dikenal",
    "list_type": "Harus berupa daftar",
    "dict_type": "Format data tidak valid",
    "model_type": "Format data tidak valid",
    "model_attributes_type": "Format data tidak valid",
    "json_invalid": "JSON tidak valid",
    "url_parsing": "Alamat tidak valid",
    "url_type": "Alamat tidak valid",
    "uuid_parsing": "Format tidak valid",
}
DATE = "Tanggal tidak valid"
OTHER = "Isian tidak valid"
# Said instead of "harus lebih dari 0": no number to read, the same words as the forms always used.
POSITIVE = "Harus lebih dari nol"
NOT_NEGATIVE = "Tidak boleh negatif"


def _number(value: Any) -> str:
    """A limit as people write it here: 1.000.000 (Indonesian thousands separator)."""
    return f"{value:,}".replace(",", ".") if isinstance(value, int) and not isinstance(value, bool) else str(value)


def describe(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) as an Indonesian message."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        return str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "missing" or (error.get("input") in ("", None) and kind in ("string_too_short", "string_type")):
        return REQUIRED
    if kind.startswith(("date", "datetime", "time")):
        return DATE
    if kind == "greater_than" and ctx.get("gt") == 0:
        return POSITIVE
    if kind == "greater_than_equal" and ctx.get("ge") == 0:
        return NOT_NEGATIVE
    template = MESSAGES.get(kind, OTHER)
    try:
        return template % {name: _number(value) for name, value in ctx.items()} if "%(" in template else template
    except (KeyError, TypeError, ValueError):
        return OTHER


def field_messages(errors: list[Any], names: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """Each error as ``{"field": "a.b", "message": …}``; *names* renames top-level fields (a CSV
    import's column names)."""
    out = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        if loc and names:
            loc[0] = names.get(loc[0], loc[0])
        out.append({"field": ".".join(loc), "message": describe(err)})
    return out


def joined(errors: list[dict[str, str]]) -> str:
    """``field: message; field: message`` — one line for a whole record."""
    return "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
