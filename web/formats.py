"""Internal codes as people read them (Jinja filters): a journal entry's reference
(``order:12:wallet`` → "Pesanan #12"), a PLN tariff and power (``R2 /000003500`` → "R2 / 3.500 VA")
and a bill's period (``202612`` → "Desember 2026"). What is not recognised is shown as it is."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from web.i18n import N_, current_locale, gettext

# The first word(s) of a reference, and how the thing it names is called (its id follows).
_REFERENCES = (
    ("wallet:ppob:", N_("PPOB #%(id)s")),
    ("wallet:transfer:", N_("Transfer dompet #%(id)s")),
    ("wallet:withdrawal:", N_("Tarik saldo dompet #%(id)s")),
    ("order:", N_("Pesanan #%(id)s")),
    ("suborder:", N_("Bagian pesanan #%(id)s")),
    ("ppob:", N_("PPOB #%(id)s")),
    ("payment:", N_("Pembayaran #%(id)s")),
    ("payout:", N_("Pencairan #%(id)s")),
    ("refund:", N_("Refund #%(id)s")),
    ("stock:", N_("Stok produk #%(id)s")),
    ("revalue:", N_("Nilai stok produk #%(id)s")),
    ("receipt:", N_("Penerimaan barang #%(id)s")),
)
_ID = re.compile(r"(\d+)")
_TARIFF = re.compile(r"\s*([A-Z0-9-]+)\s*/\s*0*(\d+)\s*(?:VA)?\s*")
_PERIOD = re.compile(r"(\d{4})(\d{2})")


def reference(value: str | None) -> str:
    """An entry's reference in words: ``ppob:51:refund`` → "PPOB #51"."""
    text = value or ""
    for prefix, label in _REFERENCES:
        if text.startswith(prefix):
            found = _ID.match(text, len(prefix))
            if found:
                return gettext(label, id=found.group(1))
    return text


def tariff(value: str | None) -> str:
    """A PLN customer's tariff class and power: ``R2 /000003500`` → "R2 / 3.500 VA"."""
    found = _TARIFF.fullmatch(value or "")
    if not found:
        return value or ""
    power = format_decimal(int(found.group(2)), locale=current_locale.get())
    return f"{found.group(1)} / {power} VA"


def billing_period(value: str | None) -> str:
    """A bill's month: ``202612`` → "Desember 2026" ("December 2026" in English)."""
    found = _PERIOD.fullmatch((value or "").strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        return value or ""
    month = date(int(found.group(1)), int(found.group(2)), 1)
    return format_date(month, format="MMMM yyyy", locale=current_locale.get())
