"""A Bot API "server" inside the process: answers aiogram's calls without any network.

Used by the console mode, by the tests (feed an update, then look at what the bot sent) and by
benchmarks. Every request is recorded in order with its method name and parameters.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncGenerator, Callable
from typing import Any, cast

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteMyCommands,
    DeleteWebhook,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendChatAction,
    SendDocument,
    SendMessage,
    SetMyCommands,
    SetWebhook,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, Document, InlineKeyboardMarkup, InputFile, Message, User

_TEMPLATES = 1024
BOT_USER = User(id=1, is_bot=True, first_name="Jumys Bot", username="jumys_bot")


class SentRequest:
    """One call the bot made: `method` is the Bot API name ("sendMessage"), `params` its fields
    (worked out when first asked for: a benchmark that never looks pays nothing for them)."""

    __slots__ = ("_params", "call", "method")

    def __init__(self, method: str, call: TelegramMethod[Any]) -> None:
        self.method = method
        self.call = call
        self._params: dict[str, Any] | None = None

    @property
    def params(self) -> dict[str, Any]:
        if self._params is None:
            self._params = {
                key: value
                for key, value in self.call.model_dump(exclude_none=True).items()
                if not isinstance(value, Default)
            }
        return self._params

    @property
    def text(self) -> str:
        text = getattr(self.call, "text", None)
        return text if isinstance(text, str) else ""

    def __repr__(self) -> str:
        return f"SentRequest({self.method}, {self.params!r})"


class OfflineSession(BaseSession):
    """Answers sendMessage and sendDocument with a Message (increasing message_id), edits with
    the edited Message, answerCallbackQuery / setMyCommands / deleteMessage / sendChatAction
    with True.

    `on_request` (optional) sees each request as it is made: the console prints from it.
    A message to a chat in `blocked` fails as Telegram fails it for a user who blocked the bot.
    With `keep_requests=False` nothing is recorded (a long benchmark's memory stays flat).
    A test's Telegram that is slow or fails overrides `before_answer`.
    """

    def __init__(
        self,
        on_request: Callable[[SentRequest], None] | None = None,
        *,
        keep_requests: bool = True,
    ) -> None:
        super().__init__()
        self.on_request = on_request
        self.keep_requests = keep_requests
        self.requests: list[SentRequest] = []
        self._next_message_id = 1000
        self.blocked: set[int] = set()
        self._templates: dict[tuple[int, int | str], Message] = {}

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - the signature is aiogram's
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError("files are not available offline")
        yield b""  # pragma: no cover

    def clear(self) -> None:
        self.requests.clear()

    def sent(self, method: str | None = "sendMessage") -> list[SentRequest]:
        """Requests of one method (all of them with method=None)."""
        return [r for r in self.requests if method is None or r.method == method]

    def texts(self) -> list[str]:
        """Texts the user would read: sent and edited messages, and callback answers with text."""
        shown = ("sendMessage", "editMessageText", "answerCallbackQuery")
        return [r.text for r in self.requests if r.method in shown and r.text]

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - the signature is aiogram's
    ) -> TelegramType:
        await self.before_answer(method)
        if isinstance(method, SendMessage | SendDocument) and method.chat_id in self.blocked:
            raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
        request = SentRequest(method.__api_method__, method)
        if self.keep_requests:
            self.requests.append(request)
        if self.on_request is not None:
            self.on_request(request)
        return cast(TelegramType, self._answer(bot, method))

    async def before_answer(self, method: TelegramMethod[Any]) -> None:
        """Runs before each request is recorded and answered: wait here for a slow Telegram,
        raise for a failing one (nothing is recorded then)."""

    def _answer(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER.model_copy(update={"id": bot.id})
        if isinstance(method, SendMessage):
            self._next_message_id += 1
            return self._message(bot, method.chat_id, self._next_message_id, method)
        if isinstance(method, SendDocument):
            self._next_message_id += 1
            sent = self._message(bot, method.chat_id, self._next_message_id, method)
            name = method.document.filename if isinstance(method.document, InputFile) else None
            unique = f"offline-{self._next_message_id}"
            document = Document(file_id=unique, file_unique_id=unique, file_name=name)
            return sent.model_copy(update={"document": document, "caption": method.caption})
        if isinstance(method, EditMessageText | EditMessageReplyMarkup):
            if method.inline_message_id is not None or method.chat_id is None:
                return True
            return self._message(bot, method.chat_id, method.message_id or 0, method)
        if isinstance(
            method,
            AnswerCallbackQuery
            | SetMyCommands
            | DeleteMyCommands
            | DeleteMessage
            | DeleteWebhook
            | SetWebhook
            | SendChatAction,
        ):
            return True
        raise NotImplementedError(f"{method.__api_method__} is not answered offline")

    def _message(self, bot: Bot, chat_id: int | str, message_id: int, method: Any) -> Message:
        # One validated Message per chat, copied with what changes: as cheap as an answer can
        # be (the benchmarks measure the bot's work, not this stand-in's).
        template = self._templates.get((bot.id, chat_id))
        if template is None:
            template = Message(
                message_id=0,
                date=datetime.datetime.now(datetime.UTC),
                chat=Chat(id=int(chat_id), type="private"),
                from_user=BOT_USER.model_copy(update={"id": bot.id}),
            ).as_(bot)
            if len(self._templates) >= _TEMPLATES:
                self._templates.clear()  # a stand-in for many chats stays small
            self._templates[(bot.id, chat_id)] = template
        markup = getattr(method, "reply_markup", None)
        return template.model_copy(
            update={
                "message_id": message_id,
                "date": datetime.datetime.now(datetime.UTC),
                "text": getattr(method, "text", None),
                "reply_markup": markup if isinstance(markup, InlineKeyboardMarkup) else None,
            }
        )
