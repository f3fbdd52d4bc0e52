"""Logging that never prints a NIK: every record's message has 16-digit runs masked."""

from __future__ import annotations

import logging
import re

NIK_RE = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
_installed = False


def mask_niks(text: str) -> str:
    return NIK_RE.sub(r"\1********\2", text)


def install() -> None:
    """Wrap the log record factory once, so every logger (ours, Tortoise's SQL debug log,
    uvicorn's access log) emits masked text."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logging's problem, not ours
            return record
        masked = mask_niks(message)
        if masked != message:
            record.msg, record.args = masked, None
        return record

    logging.setLogRecordFactory(factory)
    _installed = True
