"""One log line per update with what ops need and nothing a citizen said: update id, update type,
chat type, outcome (`handled`, `unhandled`, `throttled`, `error` with the exception's class only)
and latency in milliseconds. An update of a type aiogram does not know (a newer Bot API) gets a
warning naming its fields, never their values."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError

from bot.logs import UPDATE_LOGGER
from bot.telegram.middlewares import NextHandler, UpdateMiddleware, event_chat

# Handler data key of the `UpdateNote` of the update being handled.
UPDATE_NOTE = "update_note"
log = logging.getLogger(UPDATE_LOGGER)


@dataclass(slots=True)
class UpdateNote:
    """What later middlewares tell the update log (mutable: they fill it in as they go)."""

    outcome: str | None = None


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
            if fields["type"] == "unknown" and isinstance(event, Update):
                # The names of its fields only: their values may be anything a citizen wrote.
                log.warning(
                    "update of a type this aiogram does not know, skipped (fields: %s)",
                    ", ".join(sorted(event.model_extra or {})),
                )
