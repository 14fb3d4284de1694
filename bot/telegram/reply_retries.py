"""Short retries of a reply while the citizen waits for it: 5xx, timeouts, refused connections.

Telegram's own limits (429) are handled by `bot.telegram.send_limits`; this is for the Bot API being
briefly unreachable or failing. A reply to an update is retried a few times, seconds apart, so a
blip does not leave the citizen without an answer. Requests made outside an update (the outbox
notifier, start-up calls) are not retried here: the outbox has its own, longer schedule, and
stacking the two would hold a delivery pass for seconds per message.

A timeout is ambiguous: Telegram may have delivered the message before the connection broke, so
a retry can show the same answer twice. For a reply that is the lesser harm; a notification's
delivery is the outbox's business.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    NextRequestMiddlewareType,
)
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject

from bot.api_errors import is_transient
from bot.telegram.middlewares import NextHandler, RequestMiddleware, UpdateMiddleware

log = logging.getLogger(__name__)

REPLY_RETRY_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0)
_in_update: contextvars.ContextVar[bool] = contextvars.ContextVar("jumys_in_update", default=False)

Sleep = Callable[[float], Awaitable[None]]


class MarkReplies(UpdateMiddleware):
    """Outer update middleware: requests made while handling an update are replies."""

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        token = _in_update.set(True)
        try:
            return await handler(event, data)
        finally:
            _in_update.reset(token)


class RetryReplies(RequestMiddleware):
    """Session middleware: a reply that fails transiently is sent again after `delays`."""

    def __init__(
        self, delays: Sequence[float] = REPLY_RETRY_DELAYS, *, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.delays = tuple(delays)
        self.sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if not _in_update.get() or isinstance(method, GetUpdates):
            return await make_request(bot, method)
        for delay in self.delays:
            try:
                return await make_request(bot, method)
            except Exception as error:
                if not is_transient(error):
                    raise
                log.warning(
                    "%s failed (%s); trying again in %s s",
                    method.__api_method__,
                    type(error).__name__,
                    delay,
                )
            await self.sleep(delay)
        return await make_request(bot, method)
