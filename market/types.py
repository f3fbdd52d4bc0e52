"""Integer input types bounded by the columns that store them, shared by every package's routes and
request models (paths, queries, JSON bodies and form fields alike).

The ids of most tables are 32-bit integers on PostgreSQL (``IntField``); payments, payouts,
refunds, wallet movements and PPOB transactions count with 64-bit ones (``BigIntField``). A number
past what its column holds would only fail inside the database driver: here it is refused where it
comes in — a path parameter answers 404 (no such resource), a query or body field 422.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, TypeVar

from pydantic import Field, Strict

from market.errors import InvalidInput

E = TypeVar("E", bound=Enum)

INT32_MAX = 2**31 - 1  # IntField on PostgreSQL
INT64_MAX = 2**63 - 1  # BigIntField on PostgreSQL; SQLite's INTEGER

Id = Annotated[int, Field(ge=1, le=INT32_MAX, description="id (32-bit)")]
BigId = Annotated[int, Field(ge=1, le=INT64_MAX, description="id (64-bit)")]
# In JSON bodies ids are JSON numbers: "12", 12.0 and true are refused.
StrictId = Annotated[Id, Strict()]
Offset = Annotated[int, Field(ge=0, le=INT32_MAX)]
Int32 = Annotated[int, Field(ge=-INT32_MAX, le=INT32_MAX)]
Int64 = Annotated[int, Field(ge=-INT64_MAX, le=INT64_MAX)]


def in_id_range(value: int) -> bool:
    """Whether *value* can be a 32-bit id (for ids read by hand, e.g. from a form field)."""
    return 1 <= value <= INT32_MAX


def choice(enum: type[E], value: str | E | None, field: str) -> E | None:
    """*value* as a member of *enum* (None when empty); an unknown value is refused with 422
    naming the allowed ones, rather than failing inside the database query."""
    if value is None or value == "":
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InvalidInput(
            f"Nilai tidak dikenal: {value!s:.40}; pilih salah satu: {allowed}",
            field=field,
            allowed=[member.value for member in enum],
        ) from None
