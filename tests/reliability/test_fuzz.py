"""Hypothesis throws what people (and forgers) send at the real dispatcher, at every state.

For each state of `states.record_snapshots` a new citizen is put in that situation, then 1-4
generated updates arrive: random and adversarial text in any script, up to Telegram's 4,096
characters, commands, forged and stale button payloads, stickers, photos, voice, documents, their
own and other people's contacts, edited messages, and the same things in a group. After each:

- no handler raised (the update log says `handled` or `unhandled`, never `error`);
- it was answered: a private message or edit gets a message, a button press is answered so the
  client stops spinning, a group message gets the "private chat only" reply (an edit in a group
  is deliberately ignored);
- the conversation is in a known state and what is stored still reads as a profile;
- nobody else's application changed.

CI runs a few examples per state (JUMYS_FUZZ_EXAMPLES, default 12); bench/fuzz.py runs many.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiogram.fsm.state import StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chat import callbacks
from bot.chat.steps import Account, Applying, Ask, Flow
from bot.offline_session import OfflineSession
from bot.outgoing import SendSchedule
from bot.ratelimit import Rate
from bot.rules.profile_json import profile_from_json
from bot.settings import Settings
from bot.stack import production_bot, production_dispatcher
from bot.storage.database import Database
from bot.updates import UpdateFactory

from .states import TODAY, Snapshot, record_snapshots

EXAMPLES = int(os.environ.get("JUMYS_FUZZ_EXAMPLES", "12"))
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
OTHERS = 600_000_001  # a citizen whose application nobody else may touch

any_char = st.characters(codec="utf-8")  # Telegram sends valid UTF-8 only
ADVERSARIAL = [
    "",
    " ",
    "\n\n\n",
    "\x00",
    "870510300012",
    "870510300013",
    "000000000000",
    "9999999999999",
    "31.02.2000",
    "00.00.0000",
    "07.03.1972",
    "1.1.1900",
    "06.2024",
    "+7 (701) 234-56-78",
    "8 800 000 00 00",
    "+1 202 555 0100",
    "' OR 1=1; DROP TABLE applications; --",
    "<b>bold</b> <a href='tg://user?id=1'>x</a>",
    "*bold* _it_ `code` [link](http://x)",
    "{number} {programme} {} %s %(x)s",
    "${jndi:ldap://example.org/a}",
    "\u202eRTL override",
    "a\u200db\u200c\u2060c",
    "🙂👨‍👩‍👧‍👦🇰🇿",
    "Қазақстан Республикасы ӘҒҚҢӨҰҮҺІ",
    "Назад",
    "⬅️ Назад",
    "Артқа",
]
COMMANDS = [
    "/start",
    "/start ref123",
    "/START",
    "/start@jumys_bot",
    "/my",
    "/help",
    "/cancel",
    "/language",
    "/privacy",
    "/forget",
    "/unknown",
    "/",
    "//start",
    "/my@another_bot",
]
PROGRAMMES = ["kumis_jas", "jastar_praktikasy", "first_job", "business_grant", "moon_base", ""]
safe = st.text(alphabet=st.characters(blacklist_characters=":", codec="utf-8"), max_size=12)


@dataclass(frozen=True)
class Action:
    kind: str
    value: str = ""
    group: bool = False


texts = st.one_of(
    st.text(alphabet=any_char, max_size=200),
    st.sampled_from(ADVERSARIAL),
    # Long messages up to Telegram's 4,096 characters, cheaply: a piece repeated.
    st.builds(
        lambda piece, n: (piece * n)[:4096],
        st.text(any_char, min_size=1, max_size=8),
        st.integers(500, 4096),
    ),
)
payloads = st.one_of(
    st.builds(
        lambda s, v: callbacks.Answer(step=s, value=v).pack(),
        st.sampled_from(
            [
                "iin",
                "sex",
                "region",
                "employment",
                "education",
                "experience",
                "groups",
                "summary",
                "moon",
            ]
        ),
        safe,
    ),
    st.builds(
        lambda a, p: callbacks.Nav(action=a, page=p).pack(),
        st.sampled_from(["back", "page", "no_iin", "groups_none", "groups_done", "x"]),
        st.integers(-5, 50),
    ),
    st.builds(
        lambda s: callbacks.ChangeAnswer(step=s).pack(),
        st.sampled_from(["iin", "region", "summary", "groups", "nothing"]),
    ),
    st.just(callbacks.ShowResults().pack()),
    st.builds(lambda p: callbacks.ApplyFor(programme=p).pack(), st.sampled_from(PROGRAMMES)),
    st.builds(
        lambda a, p: callbacks.ApplyNav(action=a, programme=p).pack(),
        st.sampled_from(["skip", "back", "submit", "x"]),
        st.sampled_from(PROGRAMMES),
    ),
    st.builds(
        lambda a, i: callbacks.MyApplication(action=a, app_id=i).pack(),
        st.sampled_from(["withdraw", "keep", "withdraw_yes", "answer", "x"]),
        st.integers(-1, 40) | st.just(2**62),
    ),
    st.builds(lambda a: callbacks.Menu(action=a).pack(), st.sampled_from(["my", "x"])),
    st.builds(lambda c: callbacks.ForgetChoice(confirm=c).pack(), st.booleans()),
    st.builds(
        lambda c: callbacks.LanguageChoice(code=c).pack(), st.sampled_from(["kk", "ru", "en"])
    ),
    st.builds(lambda a: callbacks.ConsentChoice(agree=a).pack(), st.booleans()),
    st.text(alphabet=any_char, max_size=64),
)
actions = st.one_of(
    st.builds(Action, st.just("text"), texts),
    st.builds(Action, st.just("text"), st.sampled_from(COMMANDS)),
    st.builds(Action, st.just("button"), payloads),
    st.builds(Action, st.just("own contact"), st.sampled_from(ADVERSARIAL[8:16])),
    st.builds(Action, st.just("someone's contact"), st.just("+77017654321")),
    st.builds(Action, st.sampled_from(["sticker", "photo", "voice", "document"])),
    st.builds(Action, st.just("edited"), texts),
    st.builds(Action, st.sampled_from(["text", "button", "edited"]), texts, st.just(True)),
)


def update_for(action: Action, private: UpdateFactory, group: UpdateFactory) -> Update:
    talk = group if action.group else private
    if action.kind == "text":
        return talk.text(action.value)
    if action.kind == "button":
        return talk.callback(action.value[:64] if action.group else action.value)
    if action.kind == "own contact":
        return talk.contact(action.value)
    if action.kind == "someone's contact":
        return talk.contact(action.value, owner_id=OTHERS)
    if action.kind == "edited":
        return talk.edited(action.value)
    return getattr(talk, action.kind)()  # type: ignore[no-any-return]


class Outcomes(logging.Handler):
    """The update log's `outcome` of each update, by update id."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[int, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.seen[int(getattr(record, "update_id", 0) or 0)] = str(getattr(record, "outcome", ""))


class Harness:
    def __init__(self, db: Database, session: OfflineSession, snapshots: list[Snapshot]) -> None:
        self.db = db
        self.session = session
        settings_ = Settings(_env_file=None)
        self.bot = production_bot(settings_, session, schedule=UNLIMITED)
        self.dp = production_dispatcher(
            db, settings_, flood_rate=NEVER_THROTTLE, clock=lambda: TODAY
        )
        self.snapshots = {s.name: s for s in snapshots}
        self.user_ids: Iterator[int] = itertools.count(800_000_001)
        self.outcomes = Outcomes()
        self.update_log = logging.getLogger("jumys.updates")
        self.level = self.update_log.level
        self.update_log.setLevel(logging.INFO)
        self.update_log.addHandler(self.outcomes)

    @classmethod
    async def open(cls, folder: Path) -> Harness:
        db = await Database.open(folder / "fuzz.sqlite3")
        session = OfflineSession()
        settings_ = Settings(_env_file=None)
        recorder = production_dispatcher(
            db, settings_, flood_rate=NEVER_THROTTLE, clock=lambda: TODAY
        )
        recording_bot = production_bot(settings_, session, schedule=UNLIMITED)
        snapshots = await record_snapshots(recorder, recording_bot, db)
        await db.applications.submit(
            OTHERS, "kumis_jas", "almaty_city", {}, {}, "+77017654321", None, "ru"
        )
        return cls(db, session, snapshots)

    async def close(self) -> None:
        self.update_log.removeHandler(self.outcomes)
        self.update_log.setLevel(self.level)
        await self.db.close()

    async def others(self) -> list[tuple[int, str]]:
        return [(a.id, a.status.value) for a in await self.db.applications.list_for_user(OTHERS)]

    async def check(self, where: str, steps: list[Action]) -> None:
        user_id = next(self.user_ids)
        await self.snapshots[where].place(self.dp, self.bot, self.db, user_id)
        before = await self.others()
        private = UpdateFactory(
            user_id=user_id, language_code="ru", _update_ids=itertools.count(user_id * 10)
        )
        group = UpdateFactory(
            user_id=user_id, chat_type="group", _update_ids=itertools.count(user_id * 10 + 5)
        )
        for action in steps:
            update = update_for(action, private, group)
            sent_before = len(self.session.requests)
            await self.dp.feed_update(self.bot, update)
            replies = self.session.requests[sent_before:]
            outcome = self.outcomes.seen.get(update.update_id)
            assert outcome in ("handled", "unhandled"), f"{action}: outcome {outcome}"
            assert answered(update, replies, action), f"{action} got no answer: {replies}"
        key = StorageKey(bot_id=self.bot.id, chat_id=user_id, user_id=user_id)
        state = await self.dp.storage.get_state(key)
        assert state is None or state in KNOWN_STATES, state
        profile_from_json((await self.dp.storage.get_data(key)).get("profile") or {})
        user = await self.db.users.get(user_id)
        if user is not None:
            profile_from_json(user.profile)
        assert await self.others() == before
        self.session.clear()


def answered(update: Update, replies: list[Any], action: Action) -> bool:
    if update.callback_query is not None:
        query_id = update.callback_query.id
        return any(
            r.method == "answerCallbackQuery" and r.params.get("callback_query_id") == query_id
            for r in replies
        )
    message = update.message or update.edited_message
    assert message is not None
    if action.group and update.edited_message is not None:
        return True  # an edit in a group is deliberately ignored
    chat_id = message.chat.id
    return any(
        r.method in ("sendMessage", "editMessageText") and r.params.get("chat_id") == chat_id
        for r in replies
    )


_SNAPSHOT_NAMES: list[str] = []


def snapshot_names() -> list[str]:
    """The states to fuzz, known before the tests run (recorded once, in their own loop)."""
    if not _SNAPSHOT_NAMES:
        import tempfile

        async def names() -> list[str]:
            with tempfile.TemporaryDirectory() as folder:
                harness = await Harness.open(Path(folder))
                await harness.close()
                return list(harness.snapshots)

        _SNAPSHOT_NAMES.extend(asyncio.run(names()))
    return _SNAPSHOT_NAMES


STATES = [
    "new citizen",
    "choosing a language",
    "reading the consent",
    "Ask:iin",
    "Ask:birth_date",
    "Ask:sex",
    "Ask:region",
    "Ask:employment",
    "Ask:education",
    "Ask:graduation",
    "Ask:experience",
    "Ask:groups",
    "Ask:groups, one picked",
    "Ask:summary",
    "Flow:results",
    "Applying:phone",
    "Applying:comment",
    "Applying:confirm",
    "applied, waiting",
    "asked for information",
    "answering the career centre",
]


def test_every_state_is_reached_by_the_recorded_walks() -> None:
    assert sorted(snapshot_names()) == sorted(STATES)


@pytest.mark.parametrize("where", STATES)
def test_whatever_arrives_is_answered_and_breaks_nothing(tmp_path: Path, where: str) -> None:
    with asyncio.Runner() as runner:
        harness = runner.run(Harness.open(tmp_path))
        try:

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
                database=None,
            )
            @given(st.lists(actions, min_size=1, max_size=4))
            def arrive(steps: list[Action]) -> None:
                runner.run(harness.check(where, steps))

            arrive()
        finally:
            runner.run(harness.close())
