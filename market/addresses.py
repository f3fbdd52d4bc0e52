"""The Indonesian delivery address: its fields, defined once for every package.

The field names are the JSON names of the API and the names of the HTML form fields
(``recipient_name``, ``phone``, ``street``, ``kelurahan``, ``kecamatan``, ``kabupaten``,
``provinsi``, ``kode_pos``). The phone follows the one rule of ``market.phones``.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from market.phones import normalize_mobile

KODE_POS_RE = re.compile(r"^[1-9][0-9]{4}$")
Part = Annotated[str, Field(min_length=2, max_length=100)]


class AddressOut(BaseModel):
    """An address as stored and answered."""

    recipient_name: str
    phone: str
    street: str
    kelurahan: str
    kecamatan: str
    kabupaten: str
    provinsi: str
    kode_pos: str


class AddressIn(AddressOut):
    """An address as a buyer types it: every part required, the phone a mobile number."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    recipient_name: Annotated[str, Field(min_length=2, max_length=120)]
    phone: Annotated[str, Field(min_length=1, max_length=30), AfterValidator(normalize_mobile)]
    street: Annotated[str, Field(min_length=3, max_length=300)]
    kelurahan: Part
    kecamatan: Part
    kabupaten: Part
    provinsi: Part
    kode_pos: str

    @field_validator("kode_pos")
    @classmethod
    def _kode_pos(cls, value: str) -> str:
        if not KODE_POS_RE.match(value):
            raise ValueError("kode pos harus 5 angka")
        return value


ADDRESS_FIELDS: tuple[str, ...] = tuple(AddressOut.model_fields)
