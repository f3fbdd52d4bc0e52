"""Customer numbers: phone prefix → operator, PLN meter / customer id, postpaid ids; PLN tokens."""

from __future__ import annotations

import re

from ppob.errors import InvalidCustomerNumber

# Mobile prefixes (four digits after normalising to 08…) by the biller's brand names.
OPERATOR_PREFIXES = {
    "TELKOMSEL": ("0811", "0812", "0813", "0821", "0822", "0823", "0851", "0852", "0853"),
    "INDOSAT": ("0814", "0815", "0816", "0855", "0856", "0857", "0858"),
    "XL": ("0817", "0818", "0819", "0859", "0877", "0878"),
    "AXIS": ("0831", "0832", "0833", "0838"),
    "TRI": ("0895", "0896", "0897", "0898", "0899"),
    "SMARTFREN": ("0881", "0882", "0883", "0884", "0885", "0886", "0887", "0888", "0889"),
}
_PREFIX_TO_OPERATOR = {p: op for op, prefixes in OPERATOR_PREFIXES.items() for p in prefixes}
OPERATOR_NAMES = {"TELKOMSEL": "Telkomsel", "INDOSAT": "Indosat", "XL": "XL", "AXIS": "Axis", "TRI": "Tri",
                  "SMARTFREN": "Smartfren"}
PHONE_CATEGORIES = frozenset({"Pulsa", "Data"})
EMONEY_CATEGORIES = frozenset({"E-Money"})


def _digits(raw: str, field: str = "customer_no") -> str:
    text = re.sub(r"[\s\-.]", "", str(raw or ""))
    if not text:
        raise InvalidCustomerNumber("Nomor pelanggan wajib diisi", field=field)
    return text


def normalize_phone(raw: str) -> str:
    """``+62 812-3456-7890`` / ``62812…`` / ``0812…`` → ``0812…``; 10–13 digits starting 08."""
    text = _digits(raw)
    if text.startswith("+62"):
        text = "0" + text[3:]
    elif text.startswith("62"):
        text = "0" + text[2:]
    if not text.isdigit():
        raise InvalidCustomerNumber("Nomor HP hanya boleh berisi angka", field="customer_no")
    if not text.startswith("08") or not 10 <= len(text) <= 13:
        raise InvalidCustomerNumber("Nomor HP harus diawali 08 dan terdiri dari 10–13 angka", field="customer_no")
    return text


def operator_of(phone: str) -> str | None:
    return _PREFIX_TO_OPERATOR.get(phone[:4])


def validate_customer_no(kind: str, category: str, brand: str, raw: str) -> str:
    """Return the normalised customer number for a product, or raise InvalidCustomerNumber."""
    if kind == "prepaid" and category in PHONE_CATEGORIES:
        phone = normalize_phone(raw)
        operator = operator_of(phone)
        if operator is None:
            raise InvalidCustomerNumber("Prefiks nomor HP tidak dikenal", field="customer_no")
        if operator != brand.upper():
            raise InvalidCustomerNumber(
                f"Nomor ini milik {OPERATOR_NAMES[operator]}, bukan {OPERATOR_NAMES.get(brand.upper(), brand)}", field="customer_no", operator=operator
            )
        return phone
    if kind == "prepaid" and category in EMONEY_CATEGORIES:
        return normalize_phone(raw)
    text = _digits(raw)
    if not text.isdigit():
        raise InvalidCustomerNumber("Nomor pelanggan hanya boleh berisi angka", field="customer_no")
    if brand.upper() == "PLN":
        # Prepaid: 11-digit meter number or 12-digit IDPEL; postpaid: the 12-digit IDPEL.
        allowed = (11, 12) if kind == "prepaid" else (12,)
        if len(text) not in allowed:
            what = "Nomor meter (11 angka) atau ID pelanggan (12 angka)" if kind == "prepaid" else "ID pelanggan PLN (12 angka)"
            raise InvalidCustomerNumber(f"{what} tidak valid", field="customer_no")
        return text
    if not 6 <= len(text) <= 20:
        raise InvalidCustomerNumber("Nomor pelanggan harus 6–20 angka", field="customer_no")
    return text


def parse_pln_token(sn: str) -> str:
    """The 20-digit token from a PLN serial ``TOKEN/NAME/TARIF/DAYA/KWH``, grouped by 4; '' if none."""
    digits = re.sub(r"\D", "", (sn or "").split("/", 1)[0])
    if len(digits) != 20:
        return ""
    return "-".join(digits[i : i + 4] for i in range(0, 20, 4))
