"""Languages of the pages: Bahasa Indonesia first (the message ids are the Indonesian text), English
from ``web/locale/en/LC_MESSAGES/messages.po``.

The catalog is read with Babel at start-up and turned into a gettext catalog in memory, so there
is no compile step and no ``.mo`` file to forget. The locale of the request being rendered lives
in a context variable: templates, macros and filters all read it, so a block rendered alone by
jinja2-fragments translates exactly like the full page.
"""

from __future__ import annotations

import gettext as _gettext
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_percent

LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"
LOCALE_DIR = Path(__file__).parent / "locale"

current_locale: ContextVar[str] = ContextVar("pk_locale", default=DEFAULT_LOCALE)


def N_(message: str) -> str:
    """Mark *message* for extraction; it is translated later, where it is shown."""
    return message


@cache
def translations(locale: str) -> _gettext.NullTranslations:
    """The gettext catalog of *locale*, built from its ``.po`` file (Indonesian needs none)."""
    po_path = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if locale == DEFAULT_LOCALE or not po_path.exists():
        return _gettext.NullTranslations()
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def load_catalogs() -> None:
    """Read every catalog now, so a broken ``.po`` file fails at start-up, not on a page."""
    for locale in LOCALES:
        translations(locale)


def normalize(locale: str | None) -> str | None:
    return locale if locale in LOCALES else None


def gettext(message: str, /, **params: object) -> str:
    """Translate *message* to the current locale, then fill ``%(name)s`` placeholders."""
    text = translations(current_locale.get()).gettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> str:
    text = translations(current_locale.get()).ngettext(singular, plural, n)
    return text % {"n": n, **params}


def format_day(value: date | None) -> str:
    """``12 Jan 2026`` in the current locale."""
    return _format_date(value, format="medium", locale=current_locale.get()) if value else ""


def format_moment(value: datetime | None, timezone: str = "Asia/Jakarta") -> str:
    """A moment shown in the cooperative's own time zone (WIB, WITA or WIT)."""
    if value is None:
        return ""
    return _format_datetime(value, format="d MMM yyyy HH:mm", tzinfo=ZoneInfo(timezone), locale=current_locale.get())


ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def zone_label(timezone: str) -> str:
    """The zone's Indonesian name (WIB, WITA, WIT), or the zone itself outside Indonesia."""
    return ZONE_LABELS.get(timezone, timezone)


def format_bps(bps: int) -> str:
    """Basis points as a percentage: 2500 → ``25%``, 225 → ``2,25%`` (``2.25%`` in English)."""
    return format_percent(Decimal(bps) / 10000, format="#,##0.##%", locale=current_locale.get())


def format_share(part: int, whole: int) -> str:
    """*part* of *whole* as a percentage with up to four decimals, for explanations only."""
    if not whole:
        return format_percent(0, format="0%", locale=current_locale.get())
    return format_percent(Decimal(part) / Decimal(whole), format="#,##0.####%", locale=current_locale.get())
