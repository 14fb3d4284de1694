"""Per-user flood limit for incoming updates: a flooding user slows down alone.

A person tapping and typing gets a burst of `FLOOD_RATE.burst` updates at once and
`FLOOD_RATE.per_second` after that: far more than anyone answering a questionnaire needs. Updates
beyond it are dropped (not handled) and the user gets one polite notice in their language, at most
once per `notice_every` seconds, so the notices cannot become a flood of our own. Other users
have their own budgets and are not affected.

It is an outer middleware of every event type (messages, button presses, ...), registered after the
i18n middleware so that the notice is in the user's language: `FloodLimit().setup(dp)` after
`build_dispatcher`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import TelegramObject

from bot.i18n import _
from bot.telegram.middlewares import NextHandler, event_chat, event_user
from bot.telegram.rates import MonotonicClock, Rate, RateBook
from bot.telegram.update_log import UPDATE_NOTE, UpdateNote

log = logging.getLogger(__name__)

FLOOD_RATE = Rate(per_second=2.0, burst=10)
NOTICE_EVERY_SECONDS = 60.0
# Forget idle users after this many updates (amortised; pruning walks the whole table).
PRUNE_EVERY = 4096


class FloodLimit(BaseMiddleware):
    """Outer update middleware: drops a user's updates beyond their rate."""

    def __init__(
        self,
        rate: Rate = FLOOD_RATE,
        *,
        notice_every: float = NOTICE_EVERY_SECONDS,
        clock: MonotonicClock = time.monotonic,
    ) -> None:
        self.budgets: RateBook[int] = RateBook(rate)
        self.notice_every = notice_every
        self.clock = clock
        self._last_notice: dict[int, float] = {}
        self._seen = 0

    def setup(self, dp: Dispatcher) -> None:
        for event_name, observer in dp.observers.items():
            if event_name not in ("update", "error"):
                observer.outer_middleware(self)

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        user = event_user(data)
        if user is None or user.is_bot:
            return await handler(event, data)
        now = self.clock()
        self._maybe_prune(now)
        if self.budgets.try_take(user.id, now):
            return await handler(event, data)
        note = data.get(UPDATE_NOTE)
        if isinstance(note, UpdateNote):
            note.outcome = "throttled"
        chat = event_chat(data)
        if chat is not None and chat.type == ChatType.PRIVATE and self._notice_due(user.id, now):
            await self._send_notice(data["bot"], chat.id)
        return None

    def _notice_due(self, user_id: int, now: float) -> bool:
        last = self._last_notice.get(user_id)
        if last is not None and now - last < self.notice_every:
            return False
        self._last_notice[user_id] = now
        return True

    async def _send_notice(self, bot: Bot, chat_id: int) -> None:
        text = _("You are sending messages very fast. Please wait a few seconds, then go on.")
        try:
            await bot.send_message(chat_id, text)
        except TelegramAPIError as error:
            # The notice is a courtesy; failing to send it must not turn into an error.
            log.warning("flood notice not sent: %s", type(error).__name__)

    def _maybe_prune(self, now: float) -> None:
        self._seen += 1
        if self._seen % PRUNE_EVERY:
            return
        self.budgets.prune(now)
        stale = [uid for uid, at in self._last_notice.items() if now - at >= self.notice_every]
        for user_id in stale:
            del self._last_notice[user_id]
