"""Reading HTML forms: rupiah typed the Indonesian way, and errors turned into one message per
field (message ids in Indonesian, translated when the form is shown again)."""

from __future__ import annotations

import re
import uuid
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from market.errors import DomainError
from market.validation import describe
from web.i18n import N_

M = TypeVar("M", bound=BaseModel)

FORM = "_form"  # key of an error that belongs to the whole form, not one field

_RUPIAH_RE = re.compile(r"^(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)$")
_IDEMPOTENCY_RE = re.compile(r"^[0-9a-f]{32}$")


class FormError(Exception):
    """A form that cannot be read; *errors* maps field names to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def parse_rupiah(text: str | None, field: str = "amount") -> int:
    """Read a rupiah amount typed as ``20000``, ``20.000`` or ``Rp 20.000``; whole rupiah only."""
    raw = (text or "").strip()
    raw = re.sub(r"^rp\.?\s*", "", raw, flags=re.IGNORECASE).replace(" ", "")
    if not raw:
        raise FormError({field: N_("Wajib diisi")})
    if not _RUPIAH_RE.fullmatch(raw) or len(raw) > 20:
        raise FormError({field: N_("Tulis jumlah rupiah bulat tanpa tanda minus, misalnya 20000 atau 20.000")})
    return int(raw.replace(".", ""))


def parse_int(text: str | None, field: str, *, default: int | None = None) -> int:
    raw = (text or "").strip()
    if not raw and default is not None:
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw):
        raise FormError({field: N_("Harus bilangan bulat")})
    return int(raw)


def parse_percent(text: object, field: str, *, whole_digits: int, message: str, empty: int | None = None) -> int:
    """A percentage typed as ``1,5``, ``1.5`` or ``40%`` → basis points (150, 4000); at most two
    decimals and *whole_digits* digits before them. Empty gives *empty* (None: refused)."""
    raw = str(text or "").strip().replace(",", ".").rstrip("%")
    if not raw and empty is not None:
        return empty
    whole, _, frac = raw.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 2 or len(whole) > whole_digits:
        raise FormError({field: message})
    return int(whole) * 100 + int((frac + "00")[:2])


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def idempotency_key(text: str | None) -> str:
    """The key a form was rendered with; a form without a valid one is stale or forged."""
    key = (text or "").strip()
    if not _IDEMPOTENCY_RE.fullmatch(key):
        raise FormError({FORM: N_("Formulir tidak lengkap; muat ulang halaman lalu coba lagi")})
    return key


def validation_errors(exc: ValidationError) -> dict[str, str]:
    """One message per field (the first), keyed by the top-level field name; pydantic's own words
    in Indonesian (``market.validation``), translated where the form is shown."""
    errors: dict[str, str] = {}
    for err in exc.errors():
        loc = err.get("loc") or ()
        errors.setdefault(str(loc[0]) if loc else FORM, describe(err))
    return errors


def domain_errors(exc: DomainError, fields: tuple[str, ...] = (), default: str = FORM) -> dict[str, str]:
    """The service's error next to its field when the form has that field, else at *default*."""
    return {exc.field if exc.field in fields else default: exc.detail}


def build(model: type[M], data: dict[str, Any]) -> M:
    """Validate *data* into *model*; raise FormError with per-field messages."""
    try:
        return model(**data)
    except ValidationError as exc:
        raise FormError(validation_errors(exc)) from None
