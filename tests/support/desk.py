"""Citizens and staff talking to one real dispatcher through the offline Bot API session.

One `Desk` is the running bot: a SQLite file with a clock that moves only when told, the
dispatcher as `jumys run` builds it, and `pump()` doing what the notifier loop does (relay
events to staff, deliver due outbox messages). A `Person` sends updates from one user in one
chat (private, or the staff group) and reads what the bot sent to that chat.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Chat, ForceReply, InlineKeyboardMarkup, Message, Update, User
from storage.conftest import TestClock

from bot.outbox.delivery import deliver_due
from bot.outbox.relay import relay_events, routing_from
from bot.rules import evaluate
from bot.rules.profile_json import evaluation_to_json, profile_from_json
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.offline_session import OfflineSession, SentRequest
from bot.telegram.updates import UpdateFactory
from support.limits import NEVER_LIMIT, unlimited_sends

TODAY = date(2026, 3, 2)
ADMIN = 7001
STAFF_CHAT = -100500
DESK_URL = "https://desk.example.kz"
CITIZEN = 5001
# Staff of the tests: two reviewers of Turkistan (one reads Kazakh), one of Abai, a supervisor.
ASEL, BOLAT, DANA, SUPERVISOR = 7101, 7102, 7103, 7104
NAMES = {ASEL: "Асель", BOLAT: "Болат", DANA: "Дана", SUPERVISOR: "Гульнара"}
LANGUAGES = {ASEL: "ru", BOLAT: "kk", DANA: "ru", SUPERVISOR: "ru"}


def profile_aged(birth_date: str, region: str) -> dict[str, object]:
    return {
        "birth_date": birth_date,
        "sex": "female",
        "region": region,
        "employment": "unemployed_registered",
        "education": "secondary",
        "has_work_experience": True,
        "groups": [],
    }


@dataclasses.dataclass
class GroupFactory(UpdateFactory):
    """Updates from one user inside the staff group chat."""

    group_id: int = STAFF_CHAT

    @property
    def chat(self) -> Chat:
        return Chat(id=self.group_id, type="supergroup", title="Staff")


class Desk:
    def __init__(self, db: Database, clock: TestClock, settings: Settings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.session = OfflineSession()
        self.bot: Bot = build_bot(settings, session=self.session, schedule=unlimited_sends())
        self.dp: Dispatcher = build_dispatcher(
            db, settings, clock=lambda: TODAY, flood_rate=NEVER_LIMIT
        )

    @classmethod
    async def open(cls, path: Path, clock: TestClock, **settings: Any) -> Desk:
        db = await Database.open(path, clock=clock)
        values: dict[str, Any] = {"admins": frozenset({ADMIN}), **settings}
        return cls(db, clock, Settings(_env_file=None, **values))

    async def close(self) -> None:
        await self.db.close()

    def person(
        self,
        user_id: int,
        language: str | None = None,
        *,
        name: str | None = None,
        in_group: bool = False,
    ) -> Person:
        """Someone in their private chat (or the staff group); staff of the tests come with
        their own names and languages."""
        kind = GroupFactory if in_group else UpdateFactory
        factory = kind(
            user_id=user_id,
            language_code=language or LANGUAGES.get(user_id, "ru"),
            first_name=name or NAMES.get(user_id, "Test"),
        )
        return Person(self, factory)

    async def pump(self) -> list[SentRequest]:
        """One notifier pass: staff messages for new events, then every due message sent."""
        before = len(self.session.requests)
        await relay_events(self.db.connector, routing_from(self.settings))
        await deliver_due(self.bot, self.db, routing=routing_from(self.settings))
        return self.session.requests[before:]

    async def submit(
        self,
        citizen_id: int,
        *,
        programme: str = "kumis_jas",
        region: str = "turkistan",
        language: str = "ru",
        birth_date: str = "1971-05-10",
        comment: str | None = None,
        groups: tuple[str, ...] = (),
    ) -> Application:
        """An application as the conversation submits it (profile and verdict snapshots)."""
        profile = {**profile_aged(birth_date, region), "groups": list(groups)}
        evaluation = evaluation_to_json(evaluate(profile_from_json(profile), TODAY))
        programmes: list[dict[str, object]] = evaluation["programmes"]  # type: ignore[assignment]
        verdict = next(p for p in programmes if p["id"] == programme)
        await self.db.users.set_language(citizen_id, language)
        application, _created = await self.db.applications.submit(
            citizen_id,
            programme,
            region,
            profile,
            {"on": evaluation["on"], **verdict},
            "+77011234567",
            comment,
            language,
        )
        return application

    async def status(self, application: Application) -> AppStatus:
        """The application's status as stored now."""
        stored = await self.db.applications.get(application.id)
        assert stored is not None, application.number
        return stored.status

    async def announced(self, citizen_id: int = CITIZEN, **fields: Any) -> Application:
        """An application submitted (see `submit`) and announced to staff by one notifier pass."""
        application = await self.submit(citizen_id, **fields)
        await self.pump()
        return application

    async def taken(
        self, reviewer_id: int, *, in_group: bool = False, **fields: Any
    ) -> tuple[Application, Person]:
        """An application announced, and the reviewer pressing "Взять" on its card (Russian)."""
        application = await self.announced(**fields)
        reviewer = self.person(reviewer_id, in_group=in_group)
        await reviewer.press("Взять")
        return application, reviewer

    def message_ids(self) -> list[tuple[int, SentRequest]]:
        """Every request with the message id it got or touched (the session numbers sends)."""
        found: list[tuple[int, SentRequest]] = []
        next_id = 1000
        for request in self.session.requests:
            if request.method in ("sendMessage", "sendDocument"):
                next_id += 1
                found.append((next_id, request))
            else:
                found.append((int(request.params.get("message_id") or 0), request))
        return found

    def shown(self, chat_id: int, message_id: int) -> tuple[str, list[str]]:
        """What one message shows now: the text and buttons it was sent with or last edited to."""
        text, labels = "", []
        for found_id, request in self.message_ids():
            if found_id != message_id or str(request.params.get("chat_id")) != str(chat_id):
                continue
            call: Any = request.call
            markup = getattr(call, "reply_markup", None)
            text = request.text
            labels = (
                [b.text for row in markup.inline_keyboard for b in row]
                if isinstance(markup, InlineKeyboardMarkup)
                else []
            )
        return text, labels


class Person:
    def __init__(self, desk: Desk, factory: UpdateFactory) -> None:
        self.desk = desk
        self.factory = factory
        self.replies: list[SentRequest] = []

    @property
    def user_id(self) -> int:
        return self.factory.user_id

    @property
    def chat_id(self) -> int:
        return self.factory.chat.id

    async def feed(self, update: Update) -> list[SentRequest]:
        session = self.desk.session
        before = len(session.requests)
        await self.desk.dp.feed_update(self.desk.bot, update)
        self.replies = session.requests[before:]
        return self.replies

    async def send(self, text: str) -> list[SentRequest]:
        return await self.feed(self.factory.text(text))

    async def reply(self, text: str, to_message_id: int) -> list[SentRequest]:
        """A message sent as a reply to one of the bot's messages in this chat."""
        replied = Message(
            message_id=to_message_id,
            date=self.factory._now(),
            chat=self.factory.chat,
            from_user=User(id=1, is_bot=True, first_name="Jumys Bot"),
            text="…",
        )
        return await self.feed(self.factory.message(text=text, reply_to_message=replied))

    def prompt_id(self) -> int:
        """The id of the newest message in this chat that asks for a reply (ForceReply)."""
        for message_id, request in reversed(self.desk.message_ids()):
            call: Any = request.call
            if self._mine(request) and isinstance(getattr(call, "reply_markup", None), ForceReply):
                return message_id
        raise AssertionError(f"no reply prompt in chat {self.chat_id}")

    async def tap(self, data: str, message_id: int = 1) -> list[SentRequest]:
        return await self.feed(self.factory.callback(data, message_id=message_id))

    def _mine(self, request: SentRequest) -> bool:
        return str(request.params.get("chat_id")) == str(self.chat_id)

    @property
    def texts(self) -> list[str]:
        """What this person read after their last action: messages, edits and button alerts."""
        shown: list[str] = []
        for request in self.replies:
            if (request.method == "answerCallbackQuery" and request.text) or (
                request.method in ("sendMessage", "editMessageText") and self._mine(request)
            ):
                shown.append(request.text)
        return shown

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def inbox(self) -> list[str]:
        """Every message ever sent to this person's chat."""
        return [
            r.text
            for r in self.desk.session.requests
            if r.method == "sendMessage" and self._mine(r)
        ]

    def button(self, label: str) -> tuple[int, str]:
        """The newest button in this chat whose text contains `label`: (message id, data)."""
        for message_id, request in reversed(self.desk.message_ids()):
            call: Any = request.call
            markup = getattr(call, "reply_markup", None)
            if not self._mine(request) or not isinstance(markup, InlineKeyboardMarkup):
                continue
            for row in markup.inline_keyboard:
                for button in row:
                    if label in button.text and button.callback_data:
                        return message_id, button.callback_data
        raise AssertionError(f"no button {label!r} in chat {self.chat_id}")

    def buttons(self) -> list[str]:
        """The labels of the newest keyboard in this chat."""
        for _message_id, request in reversed(self.desk.message_ids()):
            call: Any = request.call
            if self._mine(request) and isinstance(
                getattr(call, "reply_markup", None), InlineKeyboardMarkup
            ):
                return [b.text for row in call.reply_markup.inline_keyboard for b in row]
        return []

    def cards(self, number: str) -> list[int]:
        """The ids of the messages in this chat that were sent as the card of `number`."""
        return [
            message_id
            for message_id, request in self.desk.message_ids()
            if request.method == "sendMessage"
            and self._mine(request)
            and number in request.text
            and "📄" in request.text
        ]

    def now(self, message_id: int) -> tuple[str, list[str]]:
        """What one message of this chat shows now (text, button labels)."""
        return self.desk.shown(self.chat_id, message_id)

    async def press(self, label: str) -> list[SentRequest]:
        message_id, data = self.button(label)
        return await self.tap(data, message_id)

    async def state(self) -> str | None:
        key = StorageKey(bot_id=self.desk.bot.id, chat_id=self.chat_id, user_id=self.user_id)
        return await self.desk.dp.storage.get_state(key)
