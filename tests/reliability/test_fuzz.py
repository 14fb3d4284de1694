"""Hypothesis throws what people (and forgers) send (tests/reliability/inputs.py) at the real
dispatcher, at every state a conversation can be in.

For each state of `states.record_snapshots` a new citizen is put in that situation, then 1-4
generated updates arrive, in the private chat, some other group or the staff chat (with an admin
and a staff chat configured, as in production). After each update:

- no handler raised: the update log says `handled` or `unhandled`, never `error`, and nothing
  was logged at ERROR (the error handler logs every failure it answers);
- it was answered: a private message or edit of any kind gets a message in that chat, a button
  press, forged or stale, in any chat, exactly one answerCallbackQuery (the spinner stops), a
  message in some other group one pointer to the private chat; edits in groups and non-command
  chatter in the staff chat from someone who is not staff are deliberately ignored (nothing sent);
- nothing sent breaks Telegram's limits: text of 1-4,096 characters, a callback answer of at
  most 200, button data of at most 64 bytes;
- the conversation is in a known citizen state; at the end, what is stored still reads as a
  profile;
- nobody else's application changed.

CI runs a few examples per state (JUMYS_FUZZ_EXAMPLES, default 8); bench/fuzz.py runs many.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiogram.fsm.state import StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import InlineKeyboardMarkup, Update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.rules.profile_json import profile_from_json
from bot.settings import Settings
from bot.storage.database import Database
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.offline_session import OfflineSession, SentRequest
from bot.telegram.rates import Rate
from bot.telegram.send_limits import SendSchedule
from bot.telegram.updates import UpdateFactory
from handlers.citizen.questions import Ask
from handlers.citizen.states import Account, Applying, Flow

from .inputs import OTHERS, STAFF_CHAT, Action, actions, chat_of, update_for
from .states import TODAY, Snapshot, record_snapshots

EXAMPLES = int(os.environ.get("JUMYS_FUZZ_EXAMPLES", "8"))
ADMIN = 7
SETTINGS = Settings(_env_file=None, admins=frozenset({ADMIN}), staff_chat=STAFF_CHAT)
# The limits are tested on their own (tests/operations); here they would only make us wait.
NEVER_THROTTLE = Rate(1e9, 1_000_000)
UNLIMITED = SendSchedule(
    global_rate=NEVER_THROTTLE, private_rate=NEVER_THROTTLE, group_rate=NEVER_THROTTLE
)
KNOWN_STATES = {
    state.state
    for group in (Ask, Flow, Applying, Account)
    for state in group.__all_states__
    if isinstance(group, type) and issubclass(group, StatesGroup)
}
MESSAGES = ("sendMessage", "editMessageText")


class UpdateLogOutcomes(logging.Handler):
    """The update log's `outcome` of each update, by update id; and every ERROR logged."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[int, str] = {}
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors.append(record.getMessage())
        if record.name == "jumys.updates":
            self.seen[int(getattr(record, "update_id", 0) or 0)] = str(
                getattr(record, "outcome", "")
            )


class Harness:
    def __init__(self, db: Database, snapshots: list[Snapshot]) -> None:
        self.db = db
        self.session = OfflineSession()
        self.bot = build_bot(SETTINGS, self.session, schedule=UNLIMITED)
        self.dp = build_dispatcher(db, SETTINGS, flood_rate=NEVER_THROTTLE, clock=lambda: TODAY)
        self.snapshots = {s.name: s for s in snapshots}
        self.user_ids: Iterator[int] = itertools.count(800_000_001)
        self.log = UpdateLogOutcomes()
        self.update_log = logging.getLogger("jumys.updates")
        self.level = self.update_log.level
        self.update_log.setLevel(logging.INFO)
        logging.getLogger().addHandler(self.log)
        self.update_log.addHandler(self.log)

    @classmethod
    async def open(cls, folder: Path) -> Harness:
        db = await Database.open(folder / "fuzz.sqlite3")
        await db.applications.submit(
            OTHERS, "kumis_jas", "almaty_city", {}, {}, "+77017654321", None, "ru"
        )
        return cls(db, snapshots())

    async def close(self) -> None:
        logging.getLogger().removeHandler(self.log)
        self.update_log.removeHandler(self.log)
        self.update_log.setLevel(self.level)
        await self.db.close()

    async def others(self) -> list[tuple[int, str]]:
        return [(a.id, a.status.value) for a in await self.db.applications.list_for_user(OTHERS)]

    async def check(self, where: str, steps: list[Action]) -> None:
        user_id = next(self.user_ids)
        await self.snapshots[where].place(self.dp, self.bot, self.db, user_id)
        before = await self.others()
        talk = UpdateFactory(
            user_id=user_id, language_code="ru", _update_ids=itertools.count(user_id * 10)
        )
        key = StorageKey(bot_id=self.bot.id, chat_id=user_id, user_id=user_id)
        for action in steps:
            update = update_for(action, talk)
            sent_before = len(self.session.requests)
            errors_before = len(self.log.errors)
            await self.dp.feed_update(self.bot, update)
            replies = self.session.requests[sent_before:]
            outcome = self.log.seen.get(update.update_id)
            assert outcome in ("handled", "unhandled"), f"{action}: outcome {outcome}"
            assert self.log.errors[errors_before:] == [], action
            within_limits(replies)
            answered(update, replies, action, user_id)
            state = await self.dp.storage.get_state(key)
            assert state is None or state in KNOWN_STATES, f"{action}: state {state}"
        profile_from_json((await self.dp.storage.get_data(key)).get("profile") or {})
        user = await self.db.users.get(user_id)
        if user is not None:
            profile_from_json(user.profile)
        assert await self.others() == before
        self.session.clear()


def within_limits(replies: list[SentRequest]) -> None:
    """Telegram's limits: 4,096 characters of text, 200 of a callback answer, 64 bytes of data."""
    for reply in replies:
        if reply.method in MESSAGES:
            assert 0 < len(reply.text) <= 4096, (reply.method, len(reply.text))
        if reply.method == "answerCallbackQuery":
            assert len(reply.text) <= 200, reply.text
        markup = getattr(reply.call, "reply_markup", None)
        if isinstance(markup, InlineKeyboardMarkup):
            for row in markup.inline_keyboard:
                for button in row:
                    data = button.callback_data or ""
                    assert len(data.encode()) <= 64, data


def answered(update: Update, replies: list[SentRequest], action: Action, user_id: int) -> None:
    methods = [r.method for r in replies]
    if update.callback_query is not None:
        query_id = update.callback_query.id
        answers = [
            r
            for r in replies
            if r.method == "answerCallbackQuery" and r.params.get("callback_query_id") == query_id
        ]
        assert len(answers) == 1, f"{action}: {methods}"
        return
    chat_id = chat_of(action, user_id)
    messages = [r for r in replies if r.method in MESSAGES and r.params.get("chat_id") == chat_id]
    if action.where != "private" and action.kind == "edited":
        assert replies == [], f"{action}: edits in groups are ignored, got {methods}"
    elif action.where == "staff_chat" and not action.value.startswith("/"):
        assert replies == [], f"{action}: chatter in the staff chat is not answered, got {methods}"
    elif action.where == "staff_chat":
        pass  # a command there: a staff command is refused, others may be answered or not
    else:
        assert messages, f"{action} got no answer in chat {chat_id}: {methods}"


_SNAPSHOTS: list[Snapshot] = []


def snapshots() -> list[Snapshot]:
    """Every state, recorded once by real walks (in their own loop and database) and then only
    placed: a fuzz example starts anywhere in a few writes."""
    if not _SNAPSHOTS:

        async def record() -> list[Snapshot]:
            with tempfile.TemporaryDirectory() as folder:
                db = await Database.open(Path(folder) / "walks.sqlite3")
                try:
                    dp = build_dispatcher(
                        db, SETTINGS, flood_rate=NEVER_THROTTLE, clock=lambda: TODAY
                    )
                    bot = build_bot(SETTINGS, OfflineSession(), schedule=UNLIMITED)
                    return await record_snapshots(dp, bot, db)
                finally:
                    await db.close()

        _SNAPSHOTS.extend(asyncio.run(record()))
    return _SNAPSHOTS


STATES = [
    "new citizen",
    "choosing a language",
    "reading the consent",
    "Ask:iin",
    "Ask:birth_date",
    "Ask:sex",
    "Ask:region",
    "Ask:employment",
    "Ask:lost_job",
    "Ask:social_insurance",
    "Ask:education",
    "Ask:graduation",
    "Ask:experience",
    "Ask:profession",
    "Ask:groups",
    "Ask:groups, one picked",
    "Ask:summary",
    "Flow:results",
    "Applying:phone",
    "Applying:confirm",
    "Applying:confirm, with a comment",
    "applied, waiting",
    "asked for information",
    "answering the career centre",
]


def test_every_state_is_reached_by_the_recorded_walks() -> None:
    assert sorted(s.name for s in snapshots()) == sorted(STATES)


@pytest.mark.parametrize("where", STATES)
def test_whatever_arrives_is_answered_and_breaks_nothing(tmp_path: Path, where: str) -> None:
    with asyncio.Runner() as runner:
        harness = runner.run(Harness.open(tmp_path))
        try:

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                database=None,
            )
            @given(st.lists(actions, min_size=1, max_size=4))
            def arrive(steps: list[Action]) -> None:
                runner.run(harness.check(where, steps))

            arrive()
        finally:
            runner.run(harness.close())
