"""Languages of the pages: Bahasa Indonesia first (the message ids are the Indonesian text), English
from ``web/locale/en/LC_MESSAGES/messages.po``.

The catalog is read with Babel at start-up and turned into a gettext catalog in memory, so there
is no compile step and no ``.mo`` file to forget. The locale of the request being rendered lives
in a context variable: templates, macros and filters all read it, so a block rendered alone by
jinja2-fragments translates exactly like the full page.
"""

from __future__ import annotations

import gettext as _gettext
import re
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

from market.clock import zone_label

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
    """Translate *message* to the current locale, then fill ``%(name)s`` placeholders. A message
    that came already filled in (a service's ``f"Foto melebihi batas {n} KB"``, a CSV row's
    ``harga: Harus lebih dari nol; stok: …``) is read back against the catalog (``filled``)."""
    catalog = translations(current_locale.get())
    if params:
        return catalog.gettext(message) % params
    if current_locale.get() == DEFAULT_LOCALE or message in getattr(catalog, "_catalog", {}):
        return catalog.gettext(message)
    return filled(message)


_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_MAX_FILLED = 4000  # longer text is shown as it is


@cache
def _templates(locale: str) -> dict[str, list[tuple[re.Pattern[str], str, list[str]]]]:
    """Every message id of *locale*'s catalog with placeholders, as a pattern that reads the values
    back out of a filled-in text, with its translation; grouped by the id's first word."""
    found: dict[str, list[tuple[re.Pattern[str], str, list[str]]]] = {}
    for msgid, text in getattr(translations(locale), "_catalog", {}).items():
        if not isinstance(msgid, str) or "%(" not in msgid or not text:
            continue
        parts = _PLACEHOLDER.split(msgid)  # literal, name, literal, name, …, literal
        pattern = "".join(re.escape(part) if i % 2 == 0 else "(.+?)" for i, part in enumerate(parts))
        first = msgid.split(" ", 1)[0]
        found.setdefault("" if "%(" in first else first, []).append((re.compile(pattern, re.S), text, parts[1::2]))
    return found


def _one(text: str) -> str | None:
    catalog = translations(current_locale.get())
    if text in getattr(catalog, "_catalog", {}):
        return catalog.gettext(text)
    templates = _templates(current_locale.get())
    for pattern, translated, names in (*templates.get(text.split(" ", 1)[0], ()), *templates.get("", ())):
        match = pattern.fullmatch(text)
        if match:
            return translated % dict(zip(names, match.groups(), strict=True))
    return None


def filled(text: str) -> str:
    """An Indonesian message already filled in, in the current locale: the whole text, else each
    ``; ``-separated part, each ``label: message`` pair's message; what the catalog does not know
    stays Indonesian."""
    if len(text) > _MAX_FILLED or current_locale.get() == DEFAULT_LOCALE:
        return text
    whole = _one(text)
    if whole is not None:
        return whole
    if "; " in text:
        return "; ".join(filled(part) for part in text.split("; "))
    if ": " in text:
        label, rest = text.split(": ", 1)
        return f"{_one(label) or label}: {filled(rest)}"
    return text


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> str:
    text = translations(current_locale.get()).ngettext(singular, plural, n)
    return text % {"n": n, **params}


def format_day(value: date | None) -> str:
    """``12 Jan 2026`` in the current locale."""
    return _format_date(value, format="medium", locale=current_locale.get()) if value else ""


def format_moment(value: datetime | None, timezone: str, *, label: bool = True, time: bool = True) -> str:
    """A moment as a person reads it on the cooperative's own clock: ``2 Des 2026 01:30 WITA``.

    The one formatter of moments for every page (the ``moment`` filter): the zone is the
    cooperative's (``Cooperative.timezone``), or the viewer's own for a buyer, and always said
    (``label``); ``time=False`` gives the local day (``2 Des 2026 WITA``), never the UTC one."""
    if value is None:
        return ""
    zone = ZoneInfo(timezone)
    if time:
        text = _format_datetime(value, format="d MMM yyyy HH:mm", tzinfo=zone, locale=current_locale.get())
    else:
        text = _format_date(value.astimezone(zone).date(), format="medium", locale=current_locale.get())
    return f"{text} {zone_label(timezone)}" if label else text


def format_bps(bps: int) -> str:
    """Basis points as a percentage: 2500 → ``25%``, 225 → ``2,25%`` (``2.25%`` in English)."""
    return format_percent(Decimal(bps) / 10000, format="#,##0.##%", locale=current_locale.get())


def format_share(part: int, whole: int) -> str:
    """*part* of *whole* as a percentage with up to four decimals, for explanations only."""
    if not whole:
        return format_percent(0, format="0%", locale=current_locale.get())
    return format_percent(Decimal(part) / Decimal(whole), format="#,##0.####%", locale=current_locale.get())
