"""Every message the pages show has its English translation, with the same placeholders."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import web
from web import i18n

WEB = Path(web.__file__).parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted() -> set[str | tuple[str, str]]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    messages = set()
    for _, _, message, _, _ in extract_from_dir(str(WEB), method_map, keywords=keywords):
        messages.add(message)
    return messages


def english() -> dict:
    with (WEB / "locale/en/LC_MESSAGES/messages.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_every_message_of_the_pages_has_an_english_translation():
    catalog = english()
    missing = [m for m in extracted() if not catalog.get(m)]
    assert missing == []


def test_translations_keep_the_placeholders_of_their_message():
    for message_id, translation in english().items():
        ids = message_id if isinstance(message_id, tuple) else (message_id,)
        strings = translation if isinstance(translation, tuple) else (translation,)
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, message_id


def test_gettext_follows_the_locale_of_the_request_and_keeps_indonesian_as_the_source():
    token = i18n.current_locale.set("en")
    try:
        assert i18n.gettext("Halo, %(name)s", name="Sri") == "Hello, Sri"
        assert i18n.ngettext("%(n)s anggota terdaftar", "%(n)s anggota terdaftar", 1) == "1 registered member"
        assert i18n.format_bps(225) == "2.25%"
    finally:
        i18n.current_locale.reset(token)
    assert i18n.gettext("Halo, %(name)s", name="Sri") == "Halo, Sri"
    assert i18n.format_bps(225) == "2,25%"
    assert i18n.gettext("Pesan tanpa terjemahan") == "Pesan tanpa terjemahan"


def test_every_word_of_a_syariah_cooperative_has_an_english_translation_with_its_placeholders():
    from market.terms import SYARIAH_WORDS

    catalog = english()
    for standard, syariah in SYARIAH_WORDS.items():
        assert catalog.get(syariah), syariah
        assert set(PLACEHOLDER.findall(syariah)) == set(PLACEHOLDER.findall(standard)), syariah
