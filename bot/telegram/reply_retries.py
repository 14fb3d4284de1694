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
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramEntityTooLarge,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.methods import GetUpdates, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject

from bot.telegram.middlewares import NextHandler, RequestMiddleware, UpdateMiddleware

log = logging.getLogger(__name__)

REPLY_RETRY_DELAYS: tuple[float, ...] = (0.5, 1.0, 2.0)
_in_update: contextvars.ContextVar[bool] = contextvars.ContextVar("jumys_in_update", default=False)

Sleep = Callable[[float], Awaitable[None]]


def failure(error: BaseException) -> str:
    """For the operator's log: the error's class and, from Telegram, its description ("Bad
    Request: bad webhook: An HTTPS URL must be provided for webhook"). Only for calls whose
    answers hold no citizen's words (getUpdates, setWebhook, menus), never for a reply."""
    if isinstance(error, TelegramAPIError) and error.message:
        return f"{type(error).__name__}: {error.message}"[:300]
    return type(error).__name__


def is_transient(error: BaseException) -> bool:
    """A failure that may go away by itself, after which the request was not refused: 5xx, no
    connection, a timeout, an answer that is not JSON (a proxy's error page). Replies, the
    outbox and the start-up calls all ask this one question."""
    if isinstance(error, TelegramEntityTooLarge):
        # aiogram files it under network errors, but no retry makes a file smaller.
        return False
    return isinstance(
        error,
        TelegramServerError | TelegramNetworkError | ClientDecodeError | TimeoutError | OSError,
    )


class TokenRefused(Exception):
    """Telegram answered 401 Unauthorized: the token is wrong or was revoked. No retry helps;
    the bot stops and says so (`jumys run` exits 1)."""

    def __init__(self) -> None:
        super().__init__(
            "Telegram refused JUMYS_BOT_TOKEN (401 Unauthorized): the token is wrong or was"
            " revoked. Copy it again from @BotFather (/mybots, API Token) and restart."
        )


def refuse_wrong_token(error: BaseException) -> None:
    """Raise TokenRefused if `error` is Telegram's 401; else nothing."""
    if isinstance(error, TelegramUnauthorizedError):
        raise TokenRefused from error


def may_pass(error: BaseException) -> bool:
    """A failure worth trying the same request again for, later: transient or Telegram's flood
    limit. Not a refusal (400 chat not found, 403 blocked)."""
    return is_transient(error) or isinstance(error, TelegramRetryAfter)


def later(again: float | None, error: BaseException) -> float | None:
    """`again` (None: nothing to try again; else seconds to wait at least) after `error`."""
    if not may_pass(error):
        return again
    wait = float(error.retry_after) if isinstance(error, TelegramRetryAfter) else 0.0
    return max(again or 0.0, wait)


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
