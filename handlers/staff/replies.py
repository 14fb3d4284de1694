"""Where and how the bot answers a staff member: the chat, its language, messages too long
for one, and a card changed in place."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from aiogram import Bot
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    CallbackQuery,
    ForceReply,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
)

from bot.i18n import use_locale
from bot.settings import Settings

# Telegram refuses longer texts; longer reports are split on line breaks.
MESSAGE_LIMIT = 4000

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ForceReply


def chat_id_of(event: Message | CallbackQuery) -> int:
    if isinstance(event, Message):
        return event.chat.id
    if event.message is not None:
        return event.message.chat.id
    return event.from_user.id


def in_group(event: Message | CallbackQuery) -> bool:
    message = event if isinstance(event, Message) else event.message
    return message is not None and message.chat.type != ChatType.PRIVATE


@contextmanager
def chat_language(chat_id: int, settings: Settings) -> Iterator[None]:
    """Texts rendered here for the staff chat are in its language (JUMYS_STAFF_CHAT_LANGUAGE):
    a card there is the whole team's, whoever pressed. Elsewhere, the member's language."""
    if chat_id != settings.staff_chat:
        yield
        return
    with use_locale(settings.staff_chat_language):
        yield


def message_id_of(event: Message | CallbackQuery) -> int | None:
    if isinstance(event, CallbackQuery) and event.message is not None:
        return event.message.message_id
    return None


async def send(
    event: Message | CallbackQuery, bot: Bot, text: str, markup: Markup | None = None
) -> Message:
    return await bot.send_message(chat_id=chat_id_of(event), text=text, reply_markup=markup)


async def send_long(event: Message | CallbackQuery, bot: Bot, text: str) -> None:
    """A report longer than one Telegram message, in several, cut between lines."""
    chunk: list[str] = []
    size = 0
    for line in text.splitlines():
        if chunk and size + len(line) + 1 > MESSAGE_LIMIT:
            await send(event, bot, "\n".join(chunk))
            chunk, size = [], 0
        chunk.append(line[:MESSAGE_LIMIT])
        size += len(line) + 1
    if chunk:
        await send(event, bot, "\n".join(chunk))


async def edit(
    bot: Bot,
    chat_id: int,
    message_id: int | None,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Change a message we sent (a card after a decision); False if Telegram would not."""
    if message_id is None:
        return False
    try:
        await bot.edit_message_text(
            chat_id=chat_id, message_id=message_id, text=text[:MESSAGE_LIMIT], reply_markup=markup
        )
    except TelegramBadRequest:  # too old to edit, deleted, or nothing changed
        return False
    return True


async def show(
    event: Message | CallbackQuery,
    bot: Bot,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    in_place: bool = False,
) -> int:
    """Replace the pressed message when `in_place` (a card changes state), else send anew;
    the id of the message shown."""
    pressed = message_id_of(event)
    if (
        in_place
        and pressed is not None
        and await edit(bot, chat_id_of(event), pressed, text, markup)
    ):
        return pressed
    return (await send(event, bot, text[:MESSAGE_LIMIT], markup)).message_id
