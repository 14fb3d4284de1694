"""A citizen talking to the real dispatcher through the offline session, on a real SQLite file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup, Update

from bot.settings import Settings
from bot.storage.database import Database
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.offline_session import OfflineSession, SentRequest
from bot.telegram.updates import UpdateFactory
from support.limits import NEVER_LIMIT, unlimited_sends

TODAY = date(2026, 3, 2)


class ChatClient:
    """Sends what a citizen would send; remembers what the bot answered since the last step."""

    def __init__(self, path: Path, db: Database, factory: UpdateFactory) -> None:
        self.path = path
        self.db = db
        self.factory = factory
        self.session = OfflineSession()
        self.bot: Bot = build_bot(
            Settings(_env_file=None), session=self.session, schedule=unlimited_sends()
        )
        self.dp: Dispatcher = build_dispatcher(
            db, Settings(_env_file=None), clock=lambda: TODAY, flood_rate=NEVER_LIMIT
        )
        self.replies: list[SentRequest] = []

    @classmethod
    async def open(
        cls, path: Path, *, language_code: str | None = "ru", user_id: int = 1001
    ) -> ChatClient:
        db = await Database.open(path)
        return cls(path, db, UpdateFactory(user_id=user_id, language_code=language_code))

    async def reopen(self) -> None:
        """A restart: a new database connection, dispatcher and bot on the same file."""
        await self.db.close()
        self.db = await Database.open(self.path)
        self.__init__(self.path, self.db, self.factory)  # type: ignore[misc]

    async def close(self) -> None:
        await self.db.close()

    async def feed(self, update: Update) -> list[SentRequest]:
        before = len(self.session.requests)
        await self.dp.feed_update(self.bot, update)
        self.replies = self.session.requests[before:]
        return self.replies

    async def send(self, text: str) -> list[SentRequest]:
        return await self.feed(self.factory.text(text))

    # -- what the bot said -------------------------------------------------------------------

    @property
    def texts(self) -> list[str]:
        shown = ("sendMessage", "editMessageText", "answerCallbackQuery")
        return [r.text for r in self.replies if r.method in shown and r.text]

    def replies_of(self, method: str) -> list[SentRequest]:
        """The bot's requests of one method since the last step ("editMessageText")."""
        return [r for r in self.replies if r.method == method]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def keyboards(self) -> list[tuple[int, InlineKeyboardMarkup]]:
        """Inline keyboards of all bot messages, latest first, with their message ids."""
        found: list[tuple[int, InlineKeyboardMarkup]] = []
        message_id = 1000
        for request in self.session.requests:
            call: Any = request.call
            if request.method == "sendMessage":
                message_id += 1
                if isinstance(call.reply_markup, InlineKeyboardMarkup):
                    found.append((message_id, call.reply_markup))
            elif request.method in ("editMessageText", "editMessageReplyMarkup") and isinstance(
                call.reply_markup, InlineKeyboardMarkup
            ):
                found.append((call.message_id, call.reply_markup))
        return list(reversed(found))

    def buttons(self) -> list[str]:
        keyboards = self.keyboards()
        if not keyboards:
            return []
        return [b.text for row in keyboards[0][1].inline_keyboard for b in row]

    def reply_buttons(self) -> list[str]:
        for request in reversed(self.replies):
            markup = getattr(request.call, "reply_markup", None)
            if isinstance(markup, ReplyKeyboardMarkup):
                return [b.text for row in markup.keyboard for b in row]
        return []

    def callback_data(self, label: str) -> tuple[int, str]:
        """The newest button whose text contains `label`."""
        for message_id, markup in self.keyboards():
            for row in markup.inline_keyboard:
                for button in row:
                    if label in button.text and button.callback_data:
                        return message_id, button.callback_data
        raise AssertionError(f"no button {label!r}; latest buttons: {self.buttons()}")

    async def press(self, label: str) -> list[SentRequest]:
        message_id, data = self.callback_data(label)
        return await self.feed(self.factory.callback(data, message_id=message_id))

    async def press_data(self, data: str) -> list[SentRequest]:
        """The newest button that sends `data`, pressed on its message."""
        for message_id, markup in self.keyboards():
            if any(b.callback_data == data for row in markup.inline_keyboard for b in row):
                return await self.feed(self.factory.callback(data, message_id=message_id))
        raise AssertionError(f"no button {data!r}; latest buttons: {self.buttons()}")

    async def tap(self, data: str) -> list[SentRequest]:
        return await self.feed(self.factory.callback(data))

    # -- what is stored -----------------------------------------------------------------------

    def _key(self) -> StorageKey:
        return StorageKey(
            bot_id=self.bot.id, chat_id=self.factory.user_id, user_id=self.factory.user_id
        )

    async def state(self) -> str | None:
        return await self.dp.storage.get_state(self._key())

    async def data(self) -> dict[str, Any]:
        return await self.dp.storage.get_data(self._key())
