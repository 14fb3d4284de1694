"""Telegram updates as a citizen's client would send them: for the console, tests, benchmarks."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiogram.types import (
    CallbackQuery,
    Chat,
    Contact,
    Document,
    Message,
    PhotoSize,
    Sticker,
    Update,
    User,
    Voice,
)


@dataclass
class UpdateFactory:
    """Builds the updates of one user in one chat, numbering updates and messages."""

    user_id: int = 1001
    language_code: str | None = "ru"
    chat_type: str = "private"
    first_name: str = "Test"
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def user(self) -> User:
        return User(
            id=self.user_id,
            is_bot=False,
            first_name=self.first_name,
            language_code=self.language_code,
        )

    @property
    def chat(self) -> Chat:
        chat_id = self.user_id if self.chat_type == "private" else -self.user_id
        return Chat(id=chat_id, type=self.chat_type)

    def _now(self) -> datetime.datetime:
        return datetime.datetime.now(datetime.UTC)

    def message(self, **content: Any) -> Update:
        message = Message(
            message_id=next(self._message_ids),
            date=self._now(),
            chat=self.chat,
            from_user=self.user,
            **content,
        )
        return Update(update_id=next(self._update_ids), message=message)

    def text(self, text: str) -> Update:
        return self.message(text=text)

    def contact(self, phone: str, *, owner_id: int | None = None) -> Update:
        owner = self.user_id if owner_id is None else owner_id
        return self.message(
            contact=Contact(phone_number=phone, first_name=self.first_name, user_id=owner)
        )

    def sticker(self) -> Update:
        return self.message(
            sticker=Sticker(
                file_id="s",
                file_unique_id="s",
                type="regular",
                width=512,
                height=512,
                is_animated=False,
                is_video=False,
            )
        )

    def photo(self) -> Update:
        return self.message(photo=[PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)])

    def voice(self) -> Update:
        return self.message(voice=Voice(file_id="v", file_unique_id="v", duration=3))

    def document(self) -> Update:
        return self.message(document=Document(file_id="d", file_unique_id="d"))

    def edited(self, text: str, message_id: int = 1) -> Update:
        message = Message(
            message_id=message_id,
            date=self._now(),
            edit_date=int(self._now().timestamp()),
            chat=self.chat,
            from_user=self.user,
            text=text,
        )
        return Update(update_id=next(self._update_ids), edited_message=message)

    def callback(self, data: str, message_id: int = 1) -> Update:
        message = Message(
            message_id=message_id,
            date=self._now(),
            chat=self.chat,
            from_user=User(id=1, is_bot=True, first_name="Jumys Bot"),
            text="…",
        )
        query = CallbackQuery(
            id=str(next(self._update_ids) * 7),
            from_user=self.user,
            chat_instance="offline",
            message=message,
            data=data,
        )
        return Update(update_id=next(self._update_ids), callback_query=query)
