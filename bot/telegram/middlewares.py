"""What every middleware shares (the next handler's type, the update's user and chat, how each kind
is registered), and the two that carry an update through our storage: dependencies into
handler data, and one commit per update."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.exceptions import ClientDecodeError, TelegramAPIError
from aiogram.types import Chat, TelegramObject, Update, User

from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage

# What an update middleware calls to go on: the next middleware, or the routers.
NextHandler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def event_user(data: Mapping[str, Any]) -> User | None:
    """Who sent the event (aiogram's user-context middleware put it in the handler data)."""
    user = data.get("event_from_user")
    return user if isinstance(user, User) else None


def event_chat(data: Mapping[str, Any]) -> Chat | None:
    """The chat the event happened in, if any."""
    chat = data.get("event_chat")
    return chat if isinstance(chat, Chat) else None


class UpdateMiddleware(BaseMiddleware):
    """An outer middleware around every update: `setup(dp)`."""

    def setup(self, dp: Dispatcher) -> None:
        dp.update.outer_middleware(self)


class RequestMiddleware(BaseRequestMiddleware):
    """A Bot API session middleware around every request the bot makes: `setup(bot)`."""

    def setup(self, bot: Bot) -> None:
        bot.session.middleware(self)


class Dependencies(BaseMiddleware):
    """Outer update middleware: the database and settings reach every handler as parameters."""

    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        data["db"] = self.db
        data["settings"] = self.settings
        return await handler(event, data)


@dataclass(slots=True)
class InboxMark:
    """Handed in by `bot.telegram.intake` with an update from the inbox: `recorded` once the
    update's conversation changes and its "handled" note were committed together."""

    recorded: bool = False


INBOX_MARK = "inbox_mark"
# A reply the Bot API did not take: refused, failed, or answered with something that is not JSON
# (a proxy's HTML 502 page: aiogram's ClientDecodeError is no TelegramAPIError).
REPLY_FAILED = (TelegramAPIError, ClientDecodeError)


class ConversationTransaction(BaseMiddleware):
    """Outer update middleware: everything the update changes in the conversation commits
    together at its end (`SQLiteStorage.transaction`), with the inbox's note that it was
    handled; nothing of it if the handler fails on a bug.

    A reply Telegram would not take keeps the changes but not the note: the error handler's
    answer is still to go out, and `bot.telegram.intake` records the update as handled only
    after it. A crash before then handles the update again, from the step it had reached."""

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        storage = data.get("fsm_storage")
        if not isinstance(storage, SQLiteStorage):
            return await handler(event, data)
        mark = data.get(INBOX_MARK)
        handled = (
            event.update_id if isinstance(mark, InboxMark) and isinstance(event, Update) else None
        )
        # A reply Telegram would not take must not undo the answer it replied to.
        async with storage.transaction(handled, keep_on=REPLY_FAILED):
            result = await handler(event, data)
        if isinstance(mark, InboxMark):
            mark.recorded = True
        return result
