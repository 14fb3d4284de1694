"""What the Bot API's failures mean for whoever made the request: may it pass, was the token
refused, what to tell the operator. Asked by the runtime, the outbox and the command menus alike."""

from __future__ import annotations

from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramEntityTooLarge,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)


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
