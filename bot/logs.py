"""Structured logs: one JSON line per record, one record per update, no personal data.

`UpdateLog` (outer update middleware) writes one line per update with what ops need and nothing
a citizen said: update id, update type, chat type, outcome (`handled`, `unhandled`, `throttled`,
`error` with the exception's class only) and latency in milliseconds. Message texts, IINs, phone
numbers and names are never put in a record by our code; `Redact` is a second line of defence
for records of other libraries (aiogram puts an exception's message in its own logs), masking
anything shaped like an IIN or a phone number.

`configure_logging()` once at start, then `UpdateLog().setup(dp)` (it must be the first of our
middlewares, to time the others too).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, TextIO

from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError

from bot.middleware_base import NextHandler, UpdateMiddleware, event_chat

UPDATE_LOGGER = "jumys.updates"
# Handler data key of the `UpdateNote` of the update being handled.
UPDATE_NOTE = "update_note"
log = logging.getLogger(UPDATE_LOGGER)

# 12 digits (IIN, BIN), and phone numbers written with spaces, dashes, brackets or a plus.
_IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
_PHONE = re.compile(r"(?<![\w+])\+?[78][\s\-()]*(?:\d[\s\-()]*){9}\d?(?!\d)")
# Record attributes that are not "extra" fields given by the caller.
_STANDARD: Final = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}


@dataclass(slots=True)
class UpdateNote:
    """What later middlewares tell the update log (mutable: they fill it in as they go)."""

    outcome: str | None = None


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


# One encoder for every line: `json.dumps` with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


def _timestamp(created: float) -> str:
    """`datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")`, with the
    text of the second built once per second."""
    global _second
    second, text = _second
    whole = int(created)
    micros = round((created - whole) * 1_000_000)  # rounded as datetime rounds
    if micros >= 1_000_000:
        return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
    if second != whole:
        text = datetime.fromtimestamp(whole, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        _second = (whole, text)  # one tuple: threads that log see the second with its text
    return f"{text}.{micros // 1000:03d}+00:00"


_second: tuple[int, str] = (-1, "")


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
    root.setLevel(level)
    # Our lines carry none of the caller's file and line, thread or process: don't look them up
    # for every record (the logging HOWTO's "Optimization"; a stack walk per update line).
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    # aiogram logs its own "Update id=... is handled" and "Answer to callback query" lines;
    # ours replaces them.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
    logging.getLogger("aiogram.middlewares").setLevel(logging.WARNING)


def _update_type(event: TelegramObject) -> str:
    if not isinstance(event, Update):
        return type(event).__name__
    try:
        return event.event_type
    except UpdateTypeLookupError:
        return "unknown"


def _chat_type(data: dict[str, Any]) -> str | None:
    chat = event_chat(data)
    return None if chat is None else str(chat.type)


class UpdateLog(UpdateMiddleware):
    """Outer update middleware: one `update` record per update, with its latency."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        started = self.clock()
        note = UpdateNote()
        data[UPDATE_NOTE] = note
        outcome = "error"
        error: str | None = None
        try:
            result = await handler(event, data)
        except Exception as exc:
            error = type(exc).__name__
            raise
        else:
            if note.outcome is not None:
                outcome = note.outcome
            else:
                outcome = "unhandled" if result is UNHANDLED else "handled"
            return result
        finally:
            fields: dict[str, Any] = {
                "update_id": event.update_id if isinstance(event, Update) else None,
                "type": _update_type(event),
                "chat": _chat_type(data),
                "outcome": outcome,
                "latency_ms": round((self.clock() - started) * 1000, 3),
            }
            if error is not None:
                fields["error"] = error
            log.info("update", extra=fields)
