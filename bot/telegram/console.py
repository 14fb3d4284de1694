"""The bot in a terminal: same dispatcher, handlers and database; no token, no network.

Bot messages are printed with their buttons numbered; type a number to press a button, or
any text to send it. The contact button asks for the number to share. Ctrl-D or /quit ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup, Update

from bot.settings import Settings
from bot.storage.database import Database
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.offline_session import OfflineSession, SentRequest
from bot.telegram.updates import UpdateFactory

CONSOLE_USER_ID = 777_000_001


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    callback_data: str | None = None  # inline button
    message_id: int = 0
    asks_contact: bool = False  # reply-keyboard "share my number"


def render(requests: list[SentRequest], first_message_id: int) -> tuple[list[str], list[Button]]:
    """Lines to print and the numbered buttons of one batch of bot replies."""
    lines: list[str] = []
    buttons: list[Button] = []
    message_id = first_message_id
    for request in requests:
        call: Any = request.call
        if request.method == "sendMessage":
            message_id += 1
            target = message_id
        elif request.method in ("editMessageText", "editMessageReplyMarkup"):
            target = int(call.message_id or 0)
        elif request.method == "answerCallbackQuery" and request.text:
            lines.append(f"  ({request.text})")
            continue
        else:
            continue
        if request.text:
            lines += ["", *request.text.splitlines()]
        markup = call.reply_markup
        if isinstance(markup, InlineKeyboardMarkup):
            for row in markup.inline_keyboard:
                for button in row:
                    buttons.append(Button(button.text, button.callback_data, target))
                    lines.append(f"  [{len(buttons)}] {button.text}")
        elif isinstance(markup, ReplyKeyboardMarkup):
            for reply_row in markup.keyboard:
                for key in reply_row:
                    buttons.append(Button(key.text, asks_contact=bool(key.request_contact)))
                    lines.append(f"  [{len(buttons)}] {key.text}")
    return lines, buttons


async def chat_in_terminal(
    db_path: Path,
    language: str | None,
    *,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> int:
    settings = Settings()
    db = await Database.open(db_path, claim_ttl=timedelta(minutes=settings.claim_ttl_minutes))
    session = OfflineSession()
    bot = build_bot(settings.model_copy(update={"bot_token": None}), session=session)
    dp = build_dispatcher(db, settings)
    factory = UpdateFactory(user_id=CONSOLE_USER_ID, language_code=language, first_name="You")
    buttons: list[Button] = []
    message_ids = 1000  # the offline session numbers messages from 1001

    async def feed(update: Update) -> None:
        nonlocal buttons, message_ids
        before = len(session.requests)
        await dp.feed_update(bot, update)
        batch = session.requests[before:]
        lines, new_buttons = render(batch, message_ids)
        message_ids += sum(1 for r in batch if r.method == "sendMessage")
        for line in lines:
            write(line)
        if new_buttons:
            buttons = new_buttons

    # The terminal is the chat: aiogram's per-update log lines would land between the replies.
    for name in ("aiogram.event", "aiogram.middlewares"):
        logging.getLogger(name).setLevel(logging.WARNING)
    write("Jumys Bot — console. Type a number to press a button, text to send; /quit to leave.")
    try:
        await feed(factory.text("/start"))
        while True:
            try:
                line = (await asyncio.to_thread(read, "> ")).strip()
            except EOFError:
                break
            if line in ("/quit", "/exit"):
                break
            if line.isdecimal() and 1 <= int(line) <= len(buttons):
                button = buttons[int(line) - 1]
                if button.callback_data is not None:
                    update = factory.callback(button.callback_data, message_id=button.message_id)
                elif button.asks_contact:
                    phone = (await asyncio.to_thread(read, "phone / телефон: ")).strip()
                    update = factory.contact(phone)
                else:
                    update = factory.text(button.label)
                await feed(update)
            elif line:
                await feed(factory.text(line))
    finally:
        await bot.session.close()
        await db.close()
    write("")
    return 0
