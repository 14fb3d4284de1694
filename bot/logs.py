"""Structured logs: one JSON line per record, one record per update, no personal data.

The line per update is written by `bot.telegram.update_log`. Message texts, IINs, phone numbers
and names are never put in a record by our code; `Redact` is a second line of defence for
records of other libraries (aiogram puts an exception's message in its own logs), masking
anything shaped like an IIN or a phone number. `configure_logging()` once at start.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import warnings
from datetime import UTC, datetime
from typing import Any, Final, TextIO

UPDATE_LOGGER = "jumys.updates"

# 12 digits (IIN, BIN), and phone numbers written with spaces, dashes, brackets or a plus.
_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
_PHONE = re.compile(r"(?<![\w+])\+?[78][\s\-()]*(?:\d[\s\-()]*){9}\d?(?!\d)")
# Record attributes that are not "extra" fields given by the caller.
_STANDARD: Final = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


def redact(text: str) -> str:
    return _PHONE.sub("[phone]", _IIN.sub("[iin]", text))


class Redact(logging.Filter):
    """Masks IIN- and phone-shaped numbers in the final message of any record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


def _timestamp(created: float) -> str:
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "msg", ...extra fields}`; a traceback as `exc` (redacted)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": _timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        return _ENCODER.encode(entry)


def configure_logging(level: int | str = logging.INFO, stream: TextIO | None = None) -> None:
    """JSON lines on stderr (or `stream`) for every logger, with redaction."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(Redact())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    # aiosqlite's debug records carry every statement with its parameters: the names, comments
    # and answers citizens gave, which no pattern can mask. Never below INFO, whatever the level.
    root.setLevel(level)
    logging.getLogger("aiosqlite").setLevel(max(root.level, logging.INFO))
    # Python's warnings go through the same JSON lines and redaction, not raw to stderr.
    logging.captureWarnings(True)
    # aiogram's warning about an update of a type it does not know prints the whole update (an
    # IIN, a phone); the update log says it without the update's text (bot/telegram/update_log.py).
    warnings.filterwarnings(
        "ignore", message="Detected unknown update type", category=RuntimeWarning
    )
    # aiogram logs its own "Update id=... is handled" and "Answer to callback query" lines;
    # ours replaces them.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("aiogram.middlewares").setLevel(logging.WARNING)
