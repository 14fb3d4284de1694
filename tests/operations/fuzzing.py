"""Fuzzing the real dispatcher: what a citizen may send, and what the bot must do with it.

Shared by tests/operations/test_fuzz.py (a few examples per state, in CI) and bench/fuzz_long.py
(many more). Each example starts from a copy of a SQLite file in which a citizen has been walked
to one conversation state, then feeds a few hypothesis-made updates through `dp.feed_update`.

What the bot must do with every update (`check_reply`):
- no exception escapes and the error handler (handlers/fallback.py) is never reached;
- a message in the private chat, edited or not, of any kind, gets a message back in that chat;
- a button press, forged or stale, in any chat, is answered exactly once (the spinner stops);
- a message in some other group gets one pointer to the private chat;
- edits of messages in groups are deliberately ignored: nothing is sent;
- chatter in the staff chat from someone who is not staff is deliberately ignored: nothing is sent;
- nothing sent breaks Telegram's limits (4,096 characters of text, 200 of a callback answer,
  64 bytes of callback data), and the conversation is always in a state the bot knows.
"""

from __future__ import annotations

import logging
import shutil
import string
import tomllib
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import (
    Chat,
    InlineKeyboardMarkup,
    Location,
    Update,
)
from chat.client import TODAY, ChatClient
from chat.walk import PERSONAS_FOR_STEPS, agree, answer_until_summary, iin
from hypothesis import strategies as st

import bot.rules
from bot.app import build_bot, build_dispatcher
from bot.chat.callbacks import (
    Answer,
    ApplyFor,
    ApplyNav,
    ChangeAnswer,
    ConsentChoice,
    ForgetChoice,
    LanguageChoice,
    Menu,
    MyApplication,
    Nav,
    ShowResults,
)
from bot.chat.steps import Account, Applying, Ask, Flow, Step
from bot.offline_session import OfflineSession, SentRequest
from bot.settings import Settings
from bot.staff.callbacks import (
    ExportPeriod,
    ExportPick,
    PlanPick,
    Review,
    ReviewAction,
    Team,
    TeamAction,
)
from bot.storage.database import Database
from bot.storage.models import AppStatus
from bot.updates import UpdateFactory
from handlers.staff.access import STAFF_COMMANDS, StaffInput

CITIZEN = 1001
OTHER_PERSON = 4242
ADMIN = 7
STAFF_CHAT = -100500
OTHER_GROUP = -100777

_DATA = Path(bot.rules.__file__).parent / "data"
PROGRAMMES: list[str] = [
    p["id"] for p in tomllib.loads((_DATA / "programmes.toml").read_text())["programme"]
]
REGIONS: list[str] = [
    r["slug"] for r in tomllib.loads((_DATA / "regions.toml").read_text())["region"]
]

KNOWN_STATES: frozenset[str | None] = frozenset(
    {None}
    | {
        str(s.state)
        for group in (Ask, Flow, Applying, Account, StaffInput)
        for s in vars(group).values()
        if isinstance(s, State)
    }
)

# -- reaching each conversation state -------------------------------------------------------

Step_ = Callable[[ChatClient], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Reach:
    """A state is reached from a copy of its `parent` state's file by `step`."""

    parent: str | None
    step: Step_


def _send(text: str) -> Step_:
    return lambda client: client.send(text)


def _tap(data: str) -> Step_:
    return lambda client: client.tap(data)


async def at_language(client: ChatClient) -> None:
    client.factory.language_code = None  # Telegram did not say: the bot asks
    await client.send("/start")
    client.factory.language_code = "ru"


async def with_groups_asked(client: ChatClient) -> None:
    """Target groups are asked while a rule needs them (business grants, until the end of
    2024: see DAY_OF_STATE), of a registered unemployed man born in 1990 without an IIN."""
    await agree(client)
    await client.tap(Nav(action="no_iin").pack())
    await client.send("01.02.1990")
    await client.tap(Answer(step="sex", value="male").pack())
    await client.tap(Answer(step="region", value="almaty_city").pack())
    await client.tap(Answer(step="employment", value="unemployed_registered").pack())
    for _ in range(4):
        state = await client.state()
        if state == "Ask:groups":
            return
        step = (state or "").removeprefix("Ask:")
        value = {"education": "secondary", "experience": "no"}[step]
        await client.tap(Answer(step=step, value=value).pack())
    raise AssertionError("groups never asked")


async def to_summary(client: ChatClient) -> None:
    await answer_until_summary(client, PERSONAS_FOR_STEPS)


async def asked_by_staff(client: ChatClient) -> None:
    """The career centre asked a question; the citizen pressed "Answer"."""
    (application,) = await client.db.applications.list_for_user(CITIZEN)
    await client.db.applications.claim(application.id, ADMIN, timedelta(minutes=30))
    await client.db.applications.decide(application.id, ADMIN, AppStatus.NEEDS_INFO, "Справка?")
    await client.tap(MyApplication(action="answer", app_id=application.id).pack())


async def nothing(client: ChatClient) -> None:
    return None


KUMIS = "kumis_jas"
STATES: dict[str, Reach] = {
    "never talked": Reach(None, nothing),
    "Flow:language": Reach(None, at_language),
    "Flow:consent": Reach(None, _send("/start")),
    "Ask:iin": Reach("Flow:consent", _tap(ConsentChoice(agree=True).pack())),
    # Without an IIN, born in 2003: every optional question is asked.
    "Ask:birth_date": Reach("Ask:iin", _tap(Nav(action="no_iin").pack())),
    "Ask:sex": Reach("Ask:birth_date", _send("07.03.2003")),
    "Ask:region": Reach("Ask:sex", _tap(Answer(step="sex", value="female").pack())),
    "Ask:employment": Reach("Ask:region", _tap(Answer(step="region", value="turkistan").pack())),
    "Ask:education": Reach(
        "Ask:employment", _tap(Answer(step="employment", value="unemployed_registered").pack())
    ),
    "Ask:graduation": Reach("Ask:education", _tap(Answer(step="education", value="higher").pack())),
    "Ask:experience": Reach("Ask:graduation", _send("06.2025")),
    "Ask:groups": Reach(None, with_groups_asked),
    # With an IIN, 55 years old: straight to the summary, then applying for «Күміс жас».
    "Ask:summary": Reach("Ask:iin", to_summary),
    "Flow:results": Reach("Ask:summary", _tap(ShowResults().pack())),
    "Applying:phone": Reach("Flow:results", _tap(ApplyFor(programme=KUMIS).pack())),
    "Applying:comment": Reach("Applying:phone", _send("+7 701 234 56 78")),
    "Applying:confirm": Reach(
        "Applying:comment", _tap(ApplyNav(action="skip", programme=KUMIS).pack())
    ),
    "applied": Reach("Applying:confirm", _tap(ApplyNav(action="submit", programme=KUMIS).pack())),
    "Account:answering": Reach("applied", asked_by_staff),
}
# Target groups are asked only while a rule needs them: business grants until the end of 2024.
DAY_OF_STATE: dict[str, date] = {"Ask:groups": date(2024, 6, 1)}

# -- what a citizen may send ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Act:
    """One update, described so that a failing example reads well: `kind` of update, `where`
    it comes from (private chat, some group, the staff chat), and its text or button data."""

    kind: str
    value: str = ""
    where: str = "private"
    message_id: int = 1


ADVERSARIAL_CHARS = (
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width
    "\u202e\u202d\u200f\u200e\u2066\u2069"  # direction overrides and marks
    "\u05d0\u05d1\u0627\u0644\u0639\u0631\u0628\u064a\u0629"  # Hebrew and Arabic letters
    "👍👨‍👩‍👧🇰🇿🏳️‍🌈\U0001f600\u2764\ufe0f"  # emoji with joiners and flags
    "\u0301\u0308"  # combining marks
    "әғқңөұүһі ӘҒҚҢӨҰҮҺІ абвгд ЁЖЩЪ"
    "\x00\x01\x1b\t\r\n\u2028"
    "<>&\"'`*_[]()~|#+-=.!{}/\\@:;%$"
)

texts = st.one_of(
    st.text(min_size=1, max_size=40),
    st.text(alphabet=ADVERSARIAL_CHARS + string.digits, min_size=1, max_size=40),
    # Telegram's longest message, made of a short adversarial piece repeated
    st.builds(
        lambda piece: (piece * 4096)[:4096],
        st.text(alphabet=ADVERSARIAL_CHARS + string.ascii_letters + "9", min_size=1, max_size=6),
    ),
    # Answers that look right: IINs, dates, years, phone numbers, a number in the list
    st.from_regex(r"\A[0-9]{12}\Z"),
    st.builds(
        lambda y, m, d: f"{d:02}.{m:02}.{y}",
        st.integers(1900, 2100),
        st.integers(0, 13),
        st.integers(0, 32),
    ),
    st.builds(lambda m, y: f"{m:02}.{y}", st.integers(0, 13), st.integers(1950, 2100)),
    st.just(iin("700510", 3)),
    st.from_regex(r"\A\+?[78][ (]?7[0-9]{2}\)?[ -]?[0-9]{3}[ -]?[0-9]{2}[ -]?[0-9]{2}\Z"),
    st.sampled_from(["да", "нет", "Иә", "Жоқ", "1", "0", "-1", "999999999999999999999", "NaN"]),
).filter(lambda text: text.strip() != "")

CITIZEN_COMMANDS = ["start", "help", "my", "language", "privacy", "forget", "cancel"]
commands = st.builds(
    lambda name, at, args: f"/{name}{at}{args}",
    st.one_of(
        st.sampled_from(CITIZEN_COMMANDS + list(STAFF_COMMANDS)),
        st.sampled_from(CITIZEN_COMMANDS + list(STAFF_COMMANDS)).map(str.upper),
        st.from_regex(r"\A[a-zA-Z0-9_]{1,32}\Z"),
        st.text(max_size=10),
    ),
    st.sampled_from(["", "", "@jumys_bot", "@other_bot"]),
    st.one_of(
        st.just(""),
        st.builds(" {}".format, st.integers(-(10**12), 10**12)),
        st.builds(" {}".format, st.text(max_size=30)),
        st.builds(lambda n, t: f" {n} {t}", st.integers(-5, 10**6), st.text(max_size=30)),
    ),
)

words = st.text(alphabet=string.ascii_letters + string.digits + "_-ыә👍", max_size=12)
ids = st.integers(-(2**40), 2**40)


def _fits(data: str) -> bool:
    return 0 < len(data.encode()) <= 64


def _packed(make: Callable[..., Any], **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """A real payload with wrong (or right) values; what cannot be packed becomes "x"."""

    def pack(values: dict[str, Any]) -> str:
        try:
            return str(make(**values).pack())
        except ValueError:  # a ':' in a value, or over 64 bytes
            return "x"

    return st.fixed_dictionaries(fields).map(pack)


payloads = st.one_of(
    _packed(LanguageChoice, code=st.sampled_from(["kk", "ru", "en", ""]) | words),
    _packed(ConsentChoice, agree=st.booleans()),
    _packed(
        Answer,
        step=st.sampled_from([s.value for s in Step]) | words,
        value=st.sampled_from([*REGIONS, "male", "female", "higher", "no", "yes"]) | words,
    ),
    _packed(
        Nav,
        action=st.sampled_from(["back", "page", "no_iin", "groups_done", "groups_none"]) | words,
        page=st.integers(-3, 10**6),
    ),
    _packed(ChangeAnswer, step=st.sampled_from([s.value for s in Step]) | words),
    st.just(ShowResults().pack()),
    _packed(ApplyFor, programme=st.sampled_from(PROGRAMMES) | words),
    _packed(
        ApplyNav,
        action=st.sampled_from(["skip", "back", "submit", "keep"]) | words,
        programme=st.sampled_from(PROGRAMMES) | words,
    ),
    _packed(
        MyApplication,
        action=st.sampled_from(["withdraw", "withdraw_yes", "answer", "my"]) | words,
        app_id=st.integers(-1, 3) | ids,
    ),
    _packed(Menu, action=st.sampled_from(["my", "list"]) | words),
    _packed(ForgetChoice, confirm=st.booleans()),
    # Staff buttons a citizen should never have, forged
    _packed(
        Review,
        action=st.sampled_from(list(ReviewAction)),
        app_id=st.integers(0, 3) | ids,
        code=words,
    ),
    _packed(
        Team,
        action=st.sampled_from(list(TeamAction)),
        user_id=ids,
        region=st.sampled_from(REGIONS) | words,
        page=st.integers(-1, 99),
    ),
    _packed(
        PlanPick,
        programme=st.sampled_from(PROGRAMMES) | words,
        region=st.sampled_from(REGIONS) | words,
        page=st.integers(-1, 99),
    ),
    _packed(ExportPick, period=st.sampled_from(list(ExportPeriod))),
    # A known prefix with the wrong number or kind of parts
    st.builds(
        lambda prefix, rest: f"{prefix}:{rest}",
        st.sampled_from(
            [
                "lang",
                "cons",
                "ans",
                "nav",
                "chg",
                "res",
                "apply",
                "apn",
                "my",
                "menu",
                "forget",
                "rv",
                "tm",
                "pl",
                "ex",
            ]
        ),
        st.text(max_size=20),
    ),
    st.text(min_size=1, max_size=64),
).filter(_fits)

PLACES = st.sampled_from(["private", "private", "private", "private", "group", "staff_chat"])

acts = st.one_of(
    st.builds(Act, kind=st.just("text"), value=texts, where=PLACES),
    st.builds(Act, kind=st.just("text"), value=commands, where=PLACES),
    st.builds(
        Act, kind=st.just("callback"), value=payloads, where=PLACES, message_id=st.integers(1, 1100)
    ),
    st.builds(Act, kind=st.just("edited"), value=texts | commands, where=PLACES),
    st.builds(
        Act,
        kind=st.sampled_from(["sticker", "photo", "voice", "document", "location"]),
        where=PLACES,
    ),
    st.builds(
        Act,
        kind=st.sampled_from(["own contact", "someone's contact"]),
        value=texts | st.from_regex(r"\A\+?77[0-9]{9}\Z"),
        where=PLACES,
    ),
)

# -- running one example --------------------------------------------------------------------


class ErrorRecords(logging.Handler):
    """Every ERROR logged while an example runs: the error handler logs each failure."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def errors_logged() -> Iterator[ErrorRecords]:
    handler = ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


SETTINGS = Settings(_env_file=None, admins=frozenset({ADMIN}), staff_chat=STAFF_CHAT)


class FuzzClient(ChatClient):
    """A ChatClient on a dispatcher with an admin and a staff chat configured; settings are
    read once (reading them costs more than feeding an update)."""

    def __init__(
        self, path: Path, db: Database, factory: UpdateFactory, today: date = TODAY
    ) -> None:
        self.path = path
        self.db = db
        self.factory = factory
        self.session = OfflineSession()
        self.bot = build_bot(SETTINGS, session=self.session)
        self.dp = build_dispatcher(db, SETTINGS, clock=lambda: today)
        self.replies = []

    @classmethod
    async def at(cls, path: Path, today: date = TODAY) -> FuzzClient:
        factory = UpdateFactory(user_id=CITIZEN, language_code="ru", first_name="Айгүл")
        return cls(path, await Database.open(path), factory, today)


def to_update(client: ChatClient, act: Act) -> Update:
    factory = client.factory
    if act.kind == "text":
        update = factory.text(act.value)
    elif act.kind == "edited":
        update = factory.edited(act.value)
    elif act.kind == "callback":
        update = factory.callback(act.value, message_id=act.message_id)
    elif act.kind == "own contact":
        update = factory.contact(act.value)
    elif act.kind == "someone's contact":
        update = factory.contact(act.value, owner_id=OTHER_PERSON)
    elif act.kind == "location":
        update = factory.message(location=Location(latitude=43.25, longitude=76.9))
    else:
        update = getattr(factory, act.kind)()
    if act.where == "private":
        return update
    chat = Chat(id=STAFF_CHAT if act.where == "staff_chat" else OTHER_GROUP, type="supergroup")
    moved: dict[str, Any] = {}
    for name in ("message", "edited_message"):
        message = getattr(update, name)
        if message is not None:
            moved[name] = message.model_copy(update={"chat": chat})
    if update.callback_query is not None:
        query = update.callback_query
        assert query.message is not None
        moved["callback_query"] = query.model_copy(
            update={"message": query.message.model_copy(update={"chat": chat})}
        )
    return update.model_copy(update=moved)


def _chat_of(act: Act) -> int:
    return {"private": CITIZEN, "group": OTHER_GROUP, "staff_chat": STAFF_CHAT}[act.where]


def check_reply(act: Act, replies: list[SentRequest], errors: list[logging.LogRecord]) -> None:
    """What the bot must have done with one update (see the module's docstring)."""
    assert not errors, [r.getMessage() for r in errors]
    for reply in replies:
        if reply.method in ("sendMessage", "editMessageText"):
            assert 0 < len(reply.text) <= 4096, (reply.method, len(reply.text))
        if reply.method == "answerCallbackQuery":
            assert len(reply.text) <= 200, reply.text
        markup = getattr(reply.call, "reply_markup", None)
        if isinstance(markup, InlineKeyboardMarkup):
            for row in markup.inline_keyboard:
                for button in row:
                    data = button.callback_data or ""
                    assert len(data.encode()) <= 64, data
    if act.kind == "callback":
        answers = [r for r in replies if r.method == "answerCallbackQuery"]
        assert len(answers) == 1, [r.method for r in replies]
        return
    messages = [
        r
        for r in replies
        if r.method in ("sendMessage", "editMessageText")
        and int(r.params["chat_id"]) == _chat_of(act)
    ]
    if act.where != "private" and act.kind == "edited":
        assert replies == [], "edits in groups are ignored"
    elif act.where == "staff_chat" and not act.value.startswith("/"):
        assert replies == [], "colleagues' chatter in the staff chat is not answered"
    elif act.where == "staff_chat":
        pass  # a command there: a staff command is refused, others may be answered or not
    else:
        assert messages, f"no answer in chat {_chat_of(act)}: {[r.method for r in replies]}"


@dataclass
class Templates:
    """One SQLite file per conversation state, made once (from a copy of its parent state's);
    each example runs on a copy of it."""

    folder: Path
    made: dict[str, Path] = field(default_factory=dict)
    copies: int = 0

    def _copy(self, source: Path | None, name: str) -> Path:
        target = self.folder / name
        if source is not None:
            for suffix in ("", "-wal"):
                if Path(f"{source}{suffix}").exists():
                    shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
        return target

    async def template(self, state: str) -> Path:
        made = self.made.get(state)
        if made is not None:
            return made
        reach = STATES[state]
        parent = None if reach.parent is None else await self.template(reach.parent)
        path = self._copy(parent, f"template-{len(self.made)}.sqlite3")
        client = await FuzzClient.at(path, DAY_OF_STATE.get(state, TODAY))
        try:
            await reach.step(client)
            if state.count(":") == 1:
                assert await client.state() == state, (state, client.text)
        finally:
            await client.close()
        self.made[state] = path
        return path

    async def client_at(self, state: str) -> ChatClient:
        template = await self.template(state)
        self.copies += 1
        copy = self._copy(template, f"example-{self.copies}.sqlite3")
        return await FuzzClient.at(copy, DAY_OF_STATE.get(state, TODAY))


async def run_example(templates: Templates, state: str, example: list[Act]) -> None:
    client = await templates.client_at(state)
    try:
        for act in example:
            with errors_logged() as errors:
                replies = await client.feed(to_update(client, act))
            check_reply(act, replies, errors.records)
            assert await client.state() in KNOWN_STATES
    finally:
        await client.close()
        _remove(client.path)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
