"""Quantities in the product's unit, kept exactly as integer milli-units, and the rupiah of them."""

from __future__ import annotations

from decimal import Decimal

from retail.errors import InvalidSale

# Units sold by measure: a quantity may have up to 3 decimals (1.25 kg); the rest are whole units.
DECIMAL_UNITS = frozenset({"kg", "liter", "ons", "ton", "meter"})
MILLI = 1000


def decimals_of(unit: str) -> int:
    return 3 if unit.lower() in DECIMAL_UNITS else 0


def to_milli(quantity: Decimal | int | str, unit: str, *, line: int | None = None) -> int:
    """*quantity* of *unit* as milli-units; refused when the unit takes no such fraction."""
    where = f"Baris {line}: " if line else ""
    try:
        q = Decimal(str(quantity))
    except ArithmeticError:
        raise InvalidSale(f"{where}jumlah tidak valid", field="quantity") from None
    milli = q * MILLI
    if q <= 0 or milli != milli.to_integral_value():
        raise InvalidSale(f"{where}jumlah harus lebih dari 0, paling banyak 3 angka desimal", field="quantity")
    if not decimals_of(unit) and q != q.to_integral_value():
        raise InvalidSale(f"{where}jumlah dalam {unit} harus bilangan bulat", field="quantity")
    return int(milli)


def from_milli(milli: int) -> Decimal:
    return (Decimal(milli) / MILLI).normalize() if milli else Decimal(0)


def shown(milli: int, unit: str) -> str:
    """1250 kg → '1,25 kg' (Indonesian decimal comma)."""
    text = format(from_milli(milli), "f")
    return f"{text.replace('.', ',')} {unit}"


def of_milli(milli: int, per_unit: int) -> int:
    """Rupiah of *milli* milli-units at *per_unit* a unit, rounded half up."""
    return (milli * per_unit * 2 + MILLI) // (2 * MILLI)


def share(total: int, part: int, whole: int) -> int:
    """Rupiah of *part* of *whole* milli-units of a line worth *total*, rounded half up (a
    cumulative difference of two shares gives parts that add up to the line exactly)."""
    return (total * part * 2 + whole) // (2 * whole)
