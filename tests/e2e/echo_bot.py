"""A tiny aiogram bot for the harness self-test: proves the patched emulator speaks a Bot API
that aiogram 3.31 accepts (messages, button presses, edits, contacts, unsupported methods).

Run as a subprocess: `python echo_bot.py` with ECHO_BOT_TOKEN and ECHO_API_URL set.
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

dispatcher = Dispatcher()


def counter(presses: int) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text="+1", callback_data=f"count:{presses}")
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


@dispatcher.message(Command("phone"))
async def ask_phone(message: Message) -> None:
    share = KeyboardButton(text="Share my phone", request_contact=True)
    keyboard = ReplyKeyboardMarkup(keyboard=[[share]], resize_keyboard=True, one_time_keyboard=True)
    await message.answer("Your phone, please", reply_markup=keyboard)


@dispatcher.message(Command("dice"))
async def unsupported_method(message: Message, bot: Bot) -> None:
    try:
        await bot.send_dice(message.chat.id)
    except TelegramAPIError as error:
        await message.answer(f"refused: {error.message}")


@dispatcher.message(F.contact)
async def got_contact(message: Message) -> None:
    assert message.contact is not None
    await message.answer(f"phone {message.contact.phone_number}")


@dispatcher.message(F.text)
async def echo(message: Message) -> None:
    await message.answer(f"echo: {message.text}", reply_markup=counter(0))


@dispatcher.callback_query(F.data.startswith("count:"))
async def count(query: CallbackQuery) -> None:
    assert isinstance(query.message, Message) and query.data is not None
    presses = int(query.data.removeprefix("count:")) + 1
    edited = await query.message.edit_text(f"pressed {presses}", reply_markup=counter(presses))
    assert isinstance(edited, Message) and edited.text == f"pressed {presses}"
    await query.answer()


async def main() -> None:
    session = AiohttpSession(api=TelegramAPIServer.from_base(os.environ["ECHO_API_URL"]))
    bot = Bot(os.environ["ECHO_BOT_TOKEN"], session=session)
    await bot.set_my_commands([BotCommand(command="phone", description="Share a phone")])
    await dispatcher.start_polling(bot, polling_timeout=5)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)  # the test waits for aiogram's "Run polling" line
    asyncio.run(main())
