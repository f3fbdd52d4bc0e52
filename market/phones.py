"""Indonesian mobile numbers: the one rule every package uses, and the operator prefixes.

The rule is Google's numbering metadata (the ``phonenumbers`` library) for region ``ID``: a number
is accepted when it is written with the national ``0``, the country code ``62`` or ``+62`` (spaces,
dashes, dots and brackets are ignored), and the library holds it a valid *mobile* number — today
``08[1-9]`` followed by 7–10 more digits, 10–13 digits in all in the national form. So
``0801234567`` (no mobile range starts 080) and ``081234567`` (9 digits) are refused everywhere,
the first as INVALID_PHONE, the second as WRONG_SHAPE (not 08 and 10–13 digits).

A number is stored and shown in its national form, ``081234567890``; ``to_e164`` gives
``+6281234567890`` for providers that want it. The operator of a number (for pulsa and data
products) comes from its first four digits in the national form.
"""

from __future__ import annotations

import re
from typing import Annotated

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType
from pydantic import AfterValidator

INVALID_PHONE = "Nomor HP tidak valid (contoh 081234567890)"
WRONG_SHAPE = "Nomor HP harus diawali 08 dan terdiri dari 10–13 angka"

_SEPARATORS = re.compile(r"[\s\-.()]")
_WRITTEN = re.compile(r"(?:0|62|\+62)[0-9]{1,16}")
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})

# Mobile prefixes (four digits of the national form) by the biller's brand names.
OPERATOR_PREFIXES: dict[str, tuple[str, ...]] = {
    "TELKOMSEL": ("0811", "0812", "0813", "0821", "0822", "0823", "0851", "0852", "0853"),
    "INDOSAT": ("0814", "0815", "0816", "0855", "0856", "0857", "0858"),
    "XL": ("0817", "0818", "0819", "0859", "0877", "0878"),
    "AXIS": ("0831", "0832", "0833", "0838"),
    "TRI": ("0895", "0896", "0897", "0898", "0899"),
    "SMARTFREN": ("0881", "0882", "0883", "0884", "0885", "0886", "0887", "0888", "0889"),
}
OPERATOR_NAMES = {
    "TELKOMSEL": "Telkomsel",
    "INDOSAT": "Indosat",
    "XL": "XL",
    "AXIS": "Axis",
    "TRI": "Tri",
    "SMARTFREN": "Smartfren",
}
_PREFIX_TO_OPERATOR = {p: op for op, prefixes in OPERATOR_PREFIXES.items() for p in prefixes}


class InvalidPhone(ValueError):
    """Not an Indonesian mobile number; ``str(exc)`` is the message to show: WRONG_SHAPE when it
    is not 08 and 10–13 digits once written nationally, else INVALID_PHONE."""

    def __init__(self, message: str = INVALID_PHONE) -> None:
        super().__init__(message)


def _parse(raw: str) -> phonenumbers.PhoneNumber:
    text = _SEPARATORS.sub("", str(raw or ""))
    if not _WRITTEN.fullmatch(text):
        raise InvalidPhone()
    national = "0" + text.removeprefix("+").removeprefix("62") if not text.startswith("0") else text
    if not national.startswith("08") or not 10 <= len(national) <= 13:
        raise InvalidPhone(WRONG_SHAPE)
    try:
        number = phonenumbers.parse(text, "ID")
    except NumberParseException:
        raise InvalidPhone() from None
    if (
        number.country_code != 62
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) not in _MOBILE_TYPES
    ):
        raise InvalidPhone()
    return number


def normalize_mobile(raw: str) -> str:
    """``+62 812-3456-7890`` / ``6281234567890`` / ``0812 3456 7890`` → ``081234567890``; else InvalidPhone."""
    return "0" + str(_parse(raw).national_number)


def to_e164(raw: str) -> str:
    """``0812 3456 7890`` → ``+6281234567890``; else InvalidPhone."""
    return phonenumbers.format_number(_parse(raw), phonenumbers.PhoneNumberFormat.E164)


def is_mobile(raw: str) -> bool:
    try:
        _parse(raw)
    except InvalidPhone:
        return False
    return True


def operator_of(phone: str) -> str | None:
    """The biller brand (``TELKOMSEL``, ``XL``…) of a mobile number, None when unknown or invalid."""
    try:
        national = normalize_mobile(phone)
    except InvalidPhone:
        return None
    return _PREFIX_TO_OPERATOR.get(national[:4])


def _optional_mobile(value: str) -> str:
    value = value.strip()
    return normalize_mobile(value) if value else ""


# Pydantic field types: a required mobile number, and one that may be left empty ("").
MobilePhone = Annotated[str, AfterValidator(normalize_mobile)]
OptionalMobilePhone = Annotated[str, AfterValidator(_optional_mobile)]
