"""What our middlewares share: the next handler's type, the update's user and chat, and how each
kind is registered."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.session.middlewares.base import BaseRequestMiddleware
from aiogram.types import Chat, TelegramObject, User

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
