"""A Telegram user, as the end-to-end tests drive one: types, taps buttons, shares a contact, and
reads what the bot sent, through the client side of the Bot API emulator (see emulator/server.js).
"""

from __future__ import annotations

import html
import itertools
import re
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

_TAG = re.compile(r"<[^>]+>")
_BOT_USER = {"id": 666, "is_bot": True, "first_name": "Test First name", "username": "TestNameBot"}


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    callback_data: str | None = None
    request_contact: bool = False


@dataclass(frozen=True, slots=True)
class BotMessage:
    """One message the bot sent (or its newest version, when `edited`), as the user sees it."""

    message_id: int
    chat_id: int
    text: str
    inline_keyboard: tuple[tuple[Button, ...], ...]
    reply_keyboard: tuple[tuple[Button, ...], ...]
    edited: bool
    date: int

    @property
    def inline_buttons(self) -> tuple[Button, ...]:
        return tuple(itertools.chain.from_iterable(self.inline_keyboard))

    def button(self, data_prefix: str) -> Button:
        """The first inline button whose callback data starts with `data_prefix`."""
        for button in self.inline_buttons:
            if button.callback_data is not None and button.callback_data.startswith(data_prefix):
                return button
        raise AssertionError(
            f"no button with data {data_prefix!r}… under message {self.message_id}:\n{self}"
        )

    def has_buttons(self, data_prefix: str = "") -> bool:
        return any(
            b.callback_data is not None and b.callback_data.startswith(data_prefix)
            for b in self.inline_buttons
        )

    def __str__(self) -> str:
        buttons = [f"[{b.text} | {b.callback_data}]" for b in self.inline_buttons]
        keys = [
            f"<{b.text}{' (contact)' if b.request_contact else ''}>"
            for row in self.reply_keyboard
            for b in row
        ]
        mark = " (edited)" if self.edited else ""
        return f"#{self.message_id}{mark}: {self.text}\n  " + " ".join(buttons + keys)


def _visible_text(message: Mapping[str, Any]) -> str:
    text = str(message.get("text", ""))
    if str(message.get("parse_mode", "")).lower() == "html":
        return html.unescape(_TAG.sub("", text))
    return text


def _keyboard(rows: Any) -> tuple[tuple[Button, ...], ...]:
    return tuple(
        tuple(
            Button(
                text=str(button["text"]),
                callback_data=button.get("callback_data"),
                request_contact=bool(button.get("request_contact", False)),
            )
            for button in row
        )
        for row in rows or ()
    )


def parse_bot_message(stored: Mapping[str, Any]) -> BotMessage:
    """A BotMessage from one item of the emulator's client-side getUpdates answer."""
    message = stored["message"]
    markup = message.get("reply_markup") or {}
    return BotMessage(
        message_id=int(stored["messageId"]),
        chat_id=int(message["chat_id"]),
        text=_visible_text(message),
        inline_keyboard=_keyboard(markup.get("inline_keyboard")),
        reply_keyboard=_keyboard(markup.get("keyboard")),
        edited=bool(stored.get("edited", False)),
        date=int(stored["time"]) // 1000,
    )


class TelegramUser:
    """One person in a private chat with the bot whose token is `bot_token`.

    Every wait is bounded: a message that does not come within the timeout fails the test with
    the conversation so far, and `check_alive` (e.g. "the bot process still runs") is asked on
    every poll so a crashed bot fails at once instead of after the timeout.
    """

    def __init__(
        self,
        http: aiohttp.ClientSession,
        api_url: str,
        bot_token: str,
        *,
        user_id: int,
        first_name: str = "Айгүл",
        language_code: str = "ru",
        check_alive: Callable[[], None] = lambda: None,
    ) -> None:
        self._http = http
        self._api_url = api_url
        self._bot_token = bot_token
        self._check_alive = check_alive
        self.user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        self.chat: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
        self.transcript: list[BotMessage] = []  # every message and edit, in arrival order
        self._unread: deque[BotMessage] = deque()

    async def _post(self, route: str, payload: Mapping[str, Any], timeout_s: float = 5) -> Any:
        async with self._http.post(
            f"{self._api_url}/{route}",
            json=payload,
            timeout=aiohttp.ClientTimeout(total=timeout_s),
        ) as response:
            body = await response.json()
        if response.status != 200 or not body.get("ok"):
            raise AssertionError(f"the emulator refused {route}: {response.status} {body}")
        return body["result"]

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "botToken": self._bot_token,
            "from": self.user,
            "chat": self.chat,
            "date": int(time.time()),
            **content,
        }

    async def send_text(self, text: str) -> None:
        """Type `text` and send it; a leading /command is marked as Telegram marks it."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        await self._post("sendMessage", self._message(**content))

    async def share_contact(self, phone_number: str) -> None:
        """Tap a "share my phone number" button: Telegram sends the user's own contact."""
        contact = {
            "phone_number": phone_number,
            "first_name": self.user["first_name"],
            "user_id": self.user["id"],
        }
        await self._post("sendMessage", self._message(contact=contact))

    async def press(self, message: BotMessage, button: Button) -> None:
        """Tap an inline button under `message`."""
        if button not in message.inline_buttons or button.callback_data is None:
            raise AssertionError(f"{button} is not a callback button of message:\n{message}")
        shown_message: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": self.chat,
            "from": _BOT_USER,
            "text": message.text,
        }
        await self._post(
            "sendCallback",
            {
                "botToken": self._bot_token,
                "from": self.user,
                "message": shown_message,
                "chat_instance": f"chat-{self.chat['id']}",
                "data": button.callback_data,
            },
        )

    async def next_message(
        self,
        matches: Callable[[BotMessage], bool] = lambda _: True,
        *,
        timeout_s: float = 10.0,
    ) -> BotMessage:
        """The next new or edited message that `matches`; earlier ones are skipped (but stay
        in `transcript`)."""
        deadline = time.monotonic() + timeout_s
        while True:
            while self._unread:
                message = self._unread.popleft()
                if matches(message):
                    return message
            self._check_alive()
            left = deadline - time.monotonic()
            if left <= 0:
                recent = "\n".join(str(m) for m in self.transcript[-8:]) or "(nothing)"
                raise AssertionError(
                    f"no matching bot message within {timeout_s} s; the chat so far:\n{recent}"
                )
            # The emulator holds the request until the bot sends or edits something.
            stored = await self._post(
                "getUpdates",
                {"token": self._bot_token, "chatId": self.chat["id"], "timeout": min(left, 1.0)},
                timeout_s=min(left, 1.0) + 5,
            )
            for item in stored:
                message = parse_bot_message(item)
                self.transcript.append(message)
                self._unread.append(message)

    async def next_message_with_buttons(
        self, data_prefix: str = "", *, timeout_s: float = 10.0
    ) -> BotMessage:
        return await self.next_message(lambda m: m.has_buttons(data_prefix), timeout_s=timeout_s)

    def latest(self, message_id: int) -> BotMessage:
        """The newest version of a message seen so far."""
        for message in reversed(self.transcript):
            if message.message_id == message_id:
                return message
        raise AssertionError(f"message {message_id} was never seen")
