"""Customer numbers: mobile numbers (``market.phones``) and their operator, PLN meter / customer id,
postpaid ids; PLN tokens."""

from __future__ import annotations

import re

from market.phones import OPERATOR_NAMES as OPERATOR_NAMES
from market.phones import OPERATOR_PREFIXES as OPERATOR_PREFIXES
from market.phones import InvalidPhone, normalize_mobile
from market.phones import operator_of as operator_of
from ppob.errors import InvalidCustomerNumber

PHONE_CATEGORIES = frozenset({"Pulsa", "Data"})
EMONEY_CATEGORIES = frozenset({"E-Money"})


def _digits(raw: str, field: str = "customer_no") -> str:
    text = re.sub(r"[\s\-.]", "", str(raw or ""))
    if not text:
        raise InvalidCustomerNumber("Nomor pelanggan wajib diisi", field=field)
    return text


def normalize_phone(raw: str) -> str:
    """``+62 812-3456-7890`` / ``62812…`` / ``0812…`` → ``0812…``: market's one rule (``market.phones``)."""
    text = _digits(raw)
    try:
        return normalize_mobile(text)
    except InvalidPhone as exc:
        raise InvalidCustomerNumber(str(exc), field="customer_no") from None


def mobile_operator(raw: str) -> tuple[str, str]:
    """The normalised mobile number and its operator's code; InvalidCustomerNumber for a malformed
    number or a prefix no operator has."""
    phone = normalize_phone(raw)
    operator = operator_of(phone)
    if operator is None:
        raise InvalidCustomerNumber("Prefiks nomor HP tidak dikenal", field="customer_no")
    return phone, operator


def validate_customer_no(kind: str, category: str, brand: str, raw: str) -> str:
    """Return the normalised customer number for a product, or raise InvalidCustomerNumber."""
    if kind == "prepaid" and category in PHONE_CATEGORIES:
        phone, operator = mobile_operator(raw)
        if operator != brand.upper():
            raise InvalidCustomerNumber(
                f"Nomor ini milik {OPERATOR_NAMES[operator]}, bukan {OPERATOR_NAMES.get(brand.upper(), brand)}",
                field="customer_no",
                operator=operator,
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
            what = (
                "Nomor meter (11 angka) atau ID pelanggan (12 angka)"
                if kind == "prepaid"
                else "ID pelanggan PLN (12 angka)"
            )
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
