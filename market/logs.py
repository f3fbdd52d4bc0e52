"""Logging that never prints a NIK: every record has its 16-digit runs masked.

The record factory masks a record as it is made, keeping its shape: ``msg`` and each string
argument are masked in place (a tuple stays a tuple of the same length, a mapping keeps its keys,
numbers stay numbers), so formatters that read ``record.args`` themselves — uvicorn's
``AccessFormatter`` unpacks them — keep working. An attached exception (and ``stack_info``) is
formatted once, masked, into ``record.exc_text``, which every ``logging.Formatter`` prints
instead of formatting the traceback again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

NIK_RE = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
_installed = False
_plain = logging.Formatter()


def mask_niks(text: str) -> str:
    return NIK_RE.sub(r"\1********\2", text)


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_niks(value)
    if value is None or isinstance(value, (int, float, bool)):
        return value  # a number keeps its type: "%d" must still format it
    try:
        text = str(value)
    except Exception:
        return value
    masked = mask_niks(text)
    # "%s" prints the same text either way; only an object that shows a NIK is replaced.
    return value if masked == text else masked


def _mask_args(args: Any) -> Any:
    if isinstance(args, tuple):
        masked = tuple(_mask_value(a) for a in args)
        return args if all(m is a for m, a in zip(masked, args, strict=True)) else masked
    if isinstance(args, Mapping):
        masked_map = {k: _mask_value(v) for k, v in args.items()}
        return args if all(masked_map[k] is v for k, v in args.items()) else masked_map
    return args


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask *record* in place, leaving it as formattable as it was."""
    if isinstance(record.msg, str):
        record.msg = mask_niks(record.msg)
    else:
        record.msg = _mask_value(record.msg)
    if record.args:
        record.args = _mask_args(record.args)
    if record.exc_info and not record.exc_text:
        try:
            record.exc_text = mask_niks(_plain.formatException(record.exc_info))
        except Exception:  # an unprintable exception is logging's problem, not ours
            pass
    elif record.exc_text:
        record.exc_text = mask_niks(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_niks(record.stack_info)
    return record


def install() -> None:
    """Wrap the log record factory once, so every logger (ours, Tortoise's SQL debug log,
    uvicorn's access and error logs) emits masked text."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        try:
            return mask_record(record)
        except Exception:  # never lose a record to masking
            return record

    logging.setLogRecordFactory(factory)
    _installed = True
