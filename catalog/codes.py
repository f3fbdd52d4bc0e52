"""The codes a product is known by besides its SKU: its barcode, a GTIN (EAN-8, UPC-A, EAN-13,
GTIN-14) printed on the goods, which a counter scans."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_ok(code: str) -> bool:
    """*code* is a GTIN: its digits, and its last one the check digit (weights 3 and 1 from the
    right, the total a multiple of ten)."""
    if len(code) not in GTIN_LENGTHS or not code.isascii() or not code.isdigit():
        return False
    body = [int(d) for d in reversed(code[:-1])]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return (10 - total % 10) % 10 == int(code[-1])


def _barcode(value: str) -> str:
    value = value.strip()
    if value and not gtin_ok(value):
        raise ValueError("barcode harus 8, 12, 13 atau 14 angka dengan digit periksa yang benar (EAN/UPC)")
    return value


# A product's barcode as entered: "" (none) or a GTIN, surrounding spaces dropped.
Barcode = Annotated[str, Field(max_length=20), AfterValidator(_barcode)]
