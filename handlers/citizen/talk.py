"""Saying something in a citizen's private chat (a new message, or the results' message edited
in place), and cutting what is too long to keep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

Clock = Callable[[], date]
Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove
# The conversation data's key for the message that shows the results: what is shown from its
# buttons (a programme's details, the answers, a question to change) replaces it in place.
SCREEN = "screen"


async def say(
    event: Message | CallbackQuery, bot: Bot, text: str, markup: Markup | None = None
) -> Message:
    """A new message in the citizen's private chat (the chat id is the user id there)."""
    chat_id = event.chat.id if isinstance(event, Message) else event.from_user.id
    return await bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)


async def show(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    here: bool = False,
) -> int:
    """`text` in place of the message whose button was pressed, when that message is the
    results' (or `here`), else in a new message; the message's id. An edit that finds nothing
    to edit (too old, deleted: see bot/telegram/edits.py) gets a new message instead."""
    pressed = event.message if isinstance(event, CallbackQuery) else None
    if isinstance(pressed, Message) and isinstance(event, CallbackQuery):
        on_screen = pressed.message_id == (await state.get_data()).get(SCREEN)
        if here or on_screen:
            edited = await bot.edit_message_text(
                chat_id=event.from_user.id,
                message_id=pressed.message_id,
                text=text,
                reply_markup=markup,
            )
            if isinstance(edited, Message):
                return edited.message_id
    sent = await say(event, bot, text, markup)
    return sent.message_id


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
