"""`bot.routing.streamline` keeps aiogram's meaning: the same handler, with the same data.

Two dispatchers are built from the same routers (commands with prefixes, mentions, regexes and
ignored case; states; button data of several kinds with rules; magic filters; a router-level
filter that gives data; inner and outer middlewares; a filter that gives data and then fails; a
handler that skips), one left as aiogram made it and one streamlined. Every generated update goes
to both, in the same state: the handler chosen and everything it was handed must be the same.
Then aiogram's corners, each once: a handler that changes its callback data and skips, a filter
of our own before a state test (called as often as aiogram calls it), a filter that is not a
coroutine (the same failure), a button handler registered after streamlining.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.dispatcher.event.bases import UNHANDLED, SkipHandler
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, CommandStart, Filter, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Message, PhotoSize, TelegramObject, Update
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.offline_session import OfflineSession
from bot.routing import streamline
from bot.updates import UpdateFactory

STAFF = 7
CITIZEN = 1001


class Pick(CallbackData, prefix="pk"):
    step: str
    value: int


class Go(CallbackData, prefix="go"):
    action: str
    page: int | None = None


class Ask(StatesGroup):
    name = State()
    phone = State()


class Other(StatesGroup):
    note = State()


def summary(value: Any) -> Any:
    """What a handler was handed, comparable across the two dispatchers."""
    if isinstance(value, Router):
        return ("router", value.name)
    if isinstance(value, HandlerObject):
        return ("handler", value.callback.__name__)
    if isinstance(value, CallbackData):
        return (type(value).__name__, value.model_dump())
    if isinstance(value, CommandObject):
        return ("command", value.prefix, value.command, value.mention, value.args)
    if isinstance(value, str | int | float | bool | type(None)):
        return value
    if isinstance(value, list | tuple):
        return tuple(summary(each) for each in value)
    if isinstance(value, dict):
        return {key: summary(each) for key, each in value.items()}
    return type(value).__name__


def seen(name: str) -> Callable[..., Awaitable[Any]]:
    async def handler(event: TelegramObject, **data: Any) -> Any:
        return name, summary(data)

    handler.__name__ = name
    return handler


def only(user_id: int) -> Callable[..., Awaitable[bool]]:
    async def check(event: TelegramObject, event_from_user: Any = None) -> bool:
        return event_from_user is not None and event_from_user.id == user_id

    return check


async def area(event: TelegramObject) -> dict[str, Any]:
    return {"area": "citizen"}


async def gives_then(event: TelegramObject) -> dict[str, Any]:
    return {"leaked": True}


async def never(event: TelegramObject) -> bool:
    return False


def mark(name: str) -> Callable[..., Awaitable[Any]]:
    async def middleware(handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["marks"] = [*data.get("marks", []), name]
        return await handler(event, data)

    return middleware


async def skip_short(event: TelegramObject, **data: Any) -> Any:
    if isinstance(event, Message) and len(event.text or "") < 6:
        raise SkipHandler
    return "long", summary(data)


async def named_only(message: Message, command: CommandObject, raw_state: str | None) -> Any:
    return "named_only", summary({"command": command, "raw_state": raw_state})


def routers() -> list[Router]:
    staff = Router(name="staff")
    staff.message.filter(only(STAFF))
    staff.callback_query.filter(only(STAFF))
    staff.message(Command("queue"))(seen("queue"))
    staff.callback_query(Go.filter(F.action == "take"))(seen("take"))

    commands = Router(name="commands")
    commands.message(CommandStart())(seen("start"))
    commands.message(Command("help", "info", ignore_case=True))(seen("help"))
    commands.message(Command(re.compile(r"app_(\d+)")))(seen("app"))
    commands.message(Command("me"))(named_only)
    commands.message(F.text.startswith("/"))(seen("unknown_command"))

    citizen = Router(name="citizen")
    citizen.message.filter(F.chat.type == ChatType.PRIVATE, area)
    citizen.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    citizen.callback_query.middleware(mark("citizen-inner"))

    typing = Router(name="typing")
    typing.message.outer_middleware(mark("typing-outer"))
    typing.message(gives_then, never)(seen("never"))
    typing.message(Ask.name, F.text & ~F.text.startswith("/"))(seen("name_typed"))
    typing.message(StateFilter(Ask.phone, Other.note), F.text)(seen("phone_or_note"))
    typing.message(F.text)(skip_short)
    typing.message(F.text)(seen("text"))

    buttons = Router(name="buttons")
    buttons.callback_query(Pick.filter(F.step == "sex"), Ask.name)(seen("pick_sex"))
    buttons.callback_query(Pick.filter(F.step == "region"), Ask.phone)(seen("pick_region"))
    buttons.callback_query(Pick.filter(F.value > 2), StateFilter(Ask))(seen("pick_big"))
    buttons.callback_query(Go.filter(F.action.in_({"back", "next"})))(seen("go"))
    buttons.callback_query(StateFilter(None), Go.filter())(seen("go_stateless"))

    rest = Router(name="rest")
    rest.message()(seen("anything"))
    rest.callback_query()(seen("any_button"))
    rest.edited_message()(seen("edited"))
    citizen.include_routers(typing, buttons)
    return [staff, commands, citizen, rest]


def dispatcher(*, streamlined: bool) -> Dispatcher:
    dp = Dispatcher(name="dp")
    dp.callback_query.middleware(mark("dp-inner"))
    dp.include_routers(*routers())
    if streamlined:
        streamline(dp)
    return dp


TEXTS = st.one_of(
    st.sampled_from(
        [
            "/start",
            "/start payload",
            "/start@offline_bot",
            "/start@someone_else_bot",
            "/START",
            "/help",
            "/Info two words",
            "  /help",
            "\u2003/help",
            "/app_12",
            "/app_x",
            "/me now",
            "/queue",
            "/",
            "!help",
            "Aigerim",
            "hi",
            "a longer message",
            "",
        ]
    ),
    st.text(max_size=30),
)
DATA = st.one_of(
    st.sampled_from(
        [
            "pk:sex:1",
            "pk:region:3",
            "pk:region:x",
            "pk:sex",
            "pk",
            "pk:",
            "pk:a:5:6",
            "pkx:sex:1",
            "go:back:",
            "go:next:2",
            "go:take:",
            "go:up:1",
            "go",
            "",
        ]
    ),
    st.text(max_size=20),
)
KINDS = st.sampled_from(["text", "caption", "button", "edited", "sticker"])


def updates(kind: str, text: str, data: str, talk: UpdateFactory) -> Update:
    if kind == "caption":
        return talk.message(
            photo=[PhotoSize(file_id="p", file_unique_id="p", width=1, height=1)], caption=text
        )
    if kind == "button":
        return talk.callback(data)
    if kind == "edited":
        return talk.edited(text or "…")
    if kind == "sticker":
        return talk.sticker()
    return talk.text(text) if text else talk.sticker()


@settings(max_examples=300, deadline=None)
@given(
    kind=KINDS,
    text=TEXTS,
    data=DATA,
    user_id=st.sampled_from([STAFF, CITIZEN]),
    chat_type=st.sampled_from(["private", "private", "group"]),
    state=st.sampled_from([None, "Ask:name", "Ask:phone", "Other:note", "Elsewhere:x"]),
)
def test_streamlined_dispatch_picks_the_same_handler_with_the_same_data(
    kind: str, text: str, data: str, user_id: int, chat_type: str, state: str | None
) -> None:
    talk = UpdateFactory(user_id=user_id, chat_type=chat_type)
    update = updates(kind, text, data, talk)
    plain, fast = asyncio.run(both(update, state))
    assert fast == plain


def chat_and_user(update: Update) -> tuple[int, int]:
    message = update.message or update.edited_message
    if message is not None and message.from_user is not None:
        return message.chat.id, message.from_user.id
    query = update.callback_query
    assert query is not None and query.message is not None
    return query.message.chat.id, query.from_user.id


@functools.cache
def plain_and_streamlined() -> tuple[Bot, Dispatcher, Dispatcher]:
    """Built once: the dispatchers keep nothing between updates but the state set for each."""
    bot = Bot("42:offline", session=OfflineSession())
    return bot, dispatcher(streamlined=False), dispatcher(streamlined=True)


async def both(update: Update, state: str | None) -> tuple[Any, Any]:
    """What the plain and the streamlined dispatcher return."""
    bot, *pair = plain_and_streamlined()
    results = []
    for dp in pair:
        await dp.storage.set_state(StorageKey(bot.id, *chat_and_user(update)), state)
        results.append(await dp.feed_update(bot, update))
    return results[0], results[1]


def test_the_examples_reach_every_handler() -> None:
    """The comparison above means something only if the updates reach the handlers."""
    reached = set()
    for update, state in examples():
        plain, _ = asyncio.run(both(update, state))
        if plain is not UNHANDLED:
            reached.add(plain[0])
    assert reached >= {
        "queue",
        "take",
        "start",
        "help",
        "app",
        "named_only",
        "unknown_command",
        "name_typed",
        "phone_or_note",
        "long",
        "text",
        "pick_sex",
        "pick_region",
        "pick_big",
        "go",
        "go_stateless",
        "anything",
        "any_button",
        "edited",
    }


def examples() -> Iterator[tuple[Update, str | None]]:
    staff = UpdateFactory(user_id=STAFF)
    citizen = UpdateFactory(user_id=CITIZEN)
    group = UpdateFactory(user_id=CITIZEN, chat_type="group")
    yield staff.text("/queue"), None
    yield staff.callback("go:take:"), None
    for text in ("/start", "/HELP", "/app_7", "/me x", "/nope", "short", "a longer text"):
        yield citizen.text(text), None
    yield citizen.text("Aigerim"), "Ask:name"
    yield citizen.text("+7 701"), "Ask:phone"
    yield citizen.callback("pk:sex:1"), "Ask:name"
    yield citizen.callback("pk:region:1"), "Ask:phone"
    yield citizen.callback("pk:other:5"), "Ask:phone"
    yield citizen.callback("go:back:"), "Ask:name"
    yield citizen.callback("go:up:"), None
    yield group.text("hello"), None
    yield citizen.callback("zz"), None
    yield citizen.edited("fixed"), None


def test_a_handler_added_after_streamlining_is_reached() -> None:
    async def run() -> Any:
        dp = dispatcher(streamlined=True)
        staff = dp.sub_routers[0]
        staff.message(Command("late"))(seen("late"))
        bot = Bot("42:offline", session=OfflineSession())
        return await dp.feed_update(bot, UpdateFactory(user_id=STAFF).text("/late"))

    assert asyncio.run(run())[0] == "late"


class Step(CallbackData, prefix="st"):
    name: str


def changes_then_skips() -> Router:
    """A handler that changes its callback data, then leaves the press to the next one."""
    router = Router(name="skips")

    @router.callback_query(Step.filter())
    async def reuses(callback: TelegramObject, callback_data: Step) -> Any:
        callback_data.name = "changed"
        raise SkipHandler

    router.callback_query(Step.filter(F.name == "sex"))(seen("sex"))
    router.callback_query()(seen("other"))
    return router


COUNTED: list[str] = []


def counts_before_the_state() -> Router:
    """A filter of our own listed before a state test: aiogram calls it whatever the state."""
    router = Router(name="counts")

    async def counted(event: TelegramObject) -> bool:
        COUNTED.append("counted")
        return True

    router.message(counted, StateFilter(Ask.name))(seen("named"))
    router.message()(seen("anything"))
    return router


def sync_filter() -> Router:
    """A `Filter` whose `__call__` is not a coroutine: aiogram fails on awaiting its result."""
    router = Router(name="sync")

    class Sync(Filter):
        def __call__(self, event: TelegramObject) -> bool:  # type: ignore[override]
            return False

    router.message(Sync())(seen("never"))
    router.message()(seen("anything"))
    return router


async def outcome(build: Callable[[], Router], update: Update, *, streamlined: bool) -> Any:
    dp = Dispatcher(name="dp")
    dp.include_router(build())
    if streamlined:
        streamline(dp)
    COUNTED.clear()
    bot = Bot("42:offline", session=OfflineSession())
    try:
        result = await dp.feed_update(bot, update)
    except Exception as error:
        result = type(error).__name__
    return result if result is UNHANDLED else (summary(result), tuple(COUNTED))


@pytest.mark.parametrize(
    ("build", "update"),
    [
        (changes_then_skips, UpdateFactory(user_id=CITIZEN).callback("st:sex")),
        (counts_before_the_state, UpdateFactory(user_id=CITIZEN).text("hi")),
        (sync_filter, UpdateFactory(user_id=CITIZEN).text("hi")),
    ],
    ids=["changed-callback-data-then-skip", "own-filter-before-state", "sync-filter"],
)
def test_corners_of_aiogram_are_kept(build: Callable[[], Router], update: Update) -> None:
    plain = asyncio.run(outcome(build, update, streamlined=False))
    fast = asyncio.run(outcome(build, update, streamlined=True))
    assert fast == plain


def test_a_button_handler_added_after_streamlining_is_reached() -> None:
    async def run() -> Any:
        router = Router(name="buttons")
        router.callback_query(Step.filter())(seen("step"))
        dp = Dispatcher(name="dp")
        dp.include_router(router)
        streamline(dp)  # the router then took "st" buttons only
        router.callback_query()(seen("late"))
        bot = Bot("42:offline", session=OfflineSession())
        return await dp.feed_update(bot, UpdateFactory(user_id=CITIZEN).callback("other"))

    assert asyncio.run(run())[0] == "late"
