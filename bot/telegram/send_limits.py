"""Telegram's limits for outgoing messages, kept by a Bot API session middleware.

Telegram's Bot FAQ ("My bot is hitting limits, how do I avoid this?"): in one chat avoid more than
one message per second ("we may allow short bursts that go over this limit"); in a group no more
than 20 messages per minute; in all, no more than about 30 messages per second. We keep:

- all chats together: 30 per second, no burst (`GLOBAL_RATE`);
- one private chat: a burst of 20, then 1 per second (`PRIVATE_CHAT_RATE`). The results screen
  alone is 9 messages at once (an introduction, one card per programme, a footer), and a citizen
  who taps quickly gets a dozen more on the way there; at one a second they would watch every
  screen trickle in. Telegram allows such short bursts in a private chat, and a 429 is still
  waited out below;
- one group (the staff chat): a burst of 3, then 20 per minute (`GROUP_CHAT_RATE`).

A message over the limit waits for its slot; nothing is dropped. If Telegram still answers 429
("retry after N"), the chat waits N seconds and the message is sent again, up to `RETRIES`
times, so a handler's answer is not lost to a flood wait. (429 means the message was not sent, so
sending it again cannot duplicate it.) Button answers (answerCallbackQuery), chat actions and
reads (getMe, getUpdates) are not messages and pass straight through.

`SendLimits().setup(bot)`; the clock and the sleep are parameters so tests use fake ones.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

from bot.telegram.middlewares import RequestMiddleware
from bot.telegram.rates import MonotonicClock, Rate, RateBook

log = logging.getLogger(__name__)

GLOBAL_RATE = Rate(per_second=30.0, burst=1)
PRIVATE_CHAT_RATE = Rate(per_second=1.0, burst=20)
GROUP_CHAT_RATE = Rate(per_second=20 / 60, burst=3)
RETRIES = 3
# A 429 asking for a longer wait than this is not waited out inside a handler: the error goes up.
MAX_RETRY_AFTER_SECONDS = 60
PRUNE_EVERY = 4096

Sleep = Callable[[float], Awaitable[None]]
_ALL = "all"
# Bot API methods that put or change a message in a chat.
_MESSAGE_PREFIXES = ("send", "copy", "forward", "edit")
_NOT_MESSAGES = frozenset({"sendChatAction"})


def counts_as_message(method: TelegramMethod[Any]) -> bool:
    name = method.__api_method__
    return name.startswith(_MESSAGE_PREFIXES) and name not in _NOT_MESSAGES


def target_chat(method: TelegramMethod[Any]) -> int | str | None:
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int | str) else None


def is_group(chat_id: int | str) -> bool:
    # Private chats have positive ids; groups, supergroups and channels negative ones or @names.
    return isinstance(chat_id, str) or chat_id < 0


class SendSchedule:
    """Pure bookkeeping: when may the next message to a chat go? Seconds to wait, from `now`."""

    def __init__(
        self,
        *,
        global_rate: Rate = GLOBAL_RATE,
        private_rate: Rate = PRIVATE_CHAT_RATE,
        group_rate: Rate = GROUP_CHAT_RATE,
    ) -> None:
        self.all_chats: RateBook[str] = RateBook(global_rate)
        self.private: RateBook[int | str] = RateBook(private_rate)
        self.groups: RateBook[int | str] = RateBook(group_rate)

    def _book(self, chat_id: int | str) -> RateBook[int | str]:
        return self.groups if is_group(chat_id) else self.private

    def reserve_chat(self, chat_id: int | str | None, now: float) -> float:
        """Book the chat's next slot; the seconds to wait for it."""
        return 0.0 if chat_id is None else self._book(chat_id).reserve(chat_id, now)

    def reserve_global(self, now: float) -> float:
        """Book the next slot of all chats together; the seconds to wait for it.

        Taken only once the chat's own wait is over, so that a message waiting for a busy chat
        does not hold a global slot that a message to an idle chat could use now.
        """
        return self.all_chats.reserve(_ALL, now)

    def retry_after(self, chat_id: int | str | None, until: float) -> None:
        if chat_id is None:
            self.all_chats.push_back(_ALL, until)
        else:
            self._book(chat_id).push_back(chat_id, until)

    def prune(self, now: float) -> None:
        for book in (self.private, self.groups):
            book.prune(now)


class SendLimits(RequestMiddleware):
    """Session middleware: every message waits for its slot; 429 is waited out and retried."""

    def __init__(
        self,
        schedule: SendSchedule | None = None,
        *,
        clock: MonotonicClock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        retries: int = RETRIES,
    ) -> None:
        self.schedule = schedule or SendSchedule()
        self.clock = clock
        self.sleep = sleep
        self.retries = retries
        self._calls = 0

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if not counts_as_message(method):
            return await make_request(bot, method)
        chat_id = target_chat(method)
        for attempt in range(self.retries + 1):
            now = self.clock()
            self._maybe_prune(now)
            chat_wait = self.schedule.reserve_chat(chat_id, now)
            if chat_wait > 0:
                await self.sleep(chat_wait)
            global_wait = self.schedule.reserve_global(self.clock())
            if global_wait > 0:
                await self.sleep(global_wait)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == self.retries or error.retry_after > MAX_RETRY_AFTER_SECONDS:
                    raise
                log.warning(
                    "telegram asked to wait %s s before %s; retrying",
                    error.retry_after,
                    method.__api_method__,
                )
                self.schedule.retry_after(chat_id, self.clock() + error.retry_after)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _maybe_prune(self, now: float) -> None:
        self._calls += 1
        if self._calls % PRUNE_EVERY == 0:
            self.schedule.prune(now)
