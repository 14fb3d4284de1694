"""Saying something in a citizen's private chat, and cutting what is too long to keep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from aiogram import Bot
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

Clock = Callable[[], date]
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


async def say(
    event: Message | CallbackQuery, bot: Bot, text: str, markup: Markup | None = None
) -> Message:
    """A new message in the citizen's private chat (the chat id is the user id there)."""
    chat_id = event.chat.id if isinstance(event, Message) else event.from_user.id
    return await bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)


async def cut_to_fit(
    event: Message | CallbackQuery, bot: Bot, text: str, limit: int, notice: str
) -> str:
    """`text` stripped and cut to `limit` characters; a cut is never silent: `notice` (a text
    with {limit}) is said first."""
    text = text.strip()
    if len(text) <= limit:
        return text
    await say(event, bot, notice.format(limit=limit))
    return text[:limit]
