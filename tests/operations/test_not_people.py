"""Updates not from a person (no sender, a bot account, ids no account has) and buttons with
forged ids: nothing is served, nothing fails, nothing is stored; the log says "ignored"."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.logs import configure_logging
from bot.settings import Settings
from bot.storage.database import Database
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.offline_session import OfflineSession
from bot.telegram.updates import UpdateFactory

PERSON = 6161
HUGE = 10**200


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    stream = io.StringIO()
    configure_logging(logging.DEBUG, stream)
    try:
        yield stream
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)


@pytest.fixture
async def bot_and_dp(tmp_path: Path) -> AsyncIterator[tuple[Bot, Dispatcher, Database]]:
    db = await Database.open(tmp_path / "bot.sqlite3")
    settings = Settings(_env_file=None, admins=frozenset({PERSON}))
    bot = build_bot(settings, OfflineSession(), retry_delays=())
    dp = build_dispatcher(db, settings, clock=lambda: date(2026, 3, 2))
    try:
        yield bot, dp, db
    finally:
        await db.close()


def message(update_id: int, text: str, sender: dict[str, Any] | None, chat_id: int) -> Update:
    body: dict[str, Any] = {
        "message_id": update_id,
        "date": 1_770_000_000,
        "chat": {"id": chat_id, "type": "private"},
        "text": text,
    }
    if sender is not None:
        body["from"] = sender
    return Update.model_validate({"update_id": update_id, "message": body})


def person(user_id: int, *, is_bot: bool = False) -> dict[str, Any]:
    return {"id": user_id, "is_bot": is_bot, "first_name": "Ә", "language_code": "ru"}


HOSTILE = [
    pytest.param(lambda n: message(n, "/start", None, PERSON), id="start without from"),
    pytest.param(lambda n: message(n, "/language", None, PERSON), id="language without from"),
    pytest.param(lambda n: message(n, "/queue", None, PERSON), id="staff command without from"),
    pytest.param(lambda n: message(n, "/start", person(7, is_bot=True), 7), id="from a bot"),
    pytest.param(lambda n: message(n, "/start", person(2**64), 2**64), id="user id beyond 64 bits"),
    pytest.param(lambda n: message(n, "/start", person(-5), -5), id="negative user id"),
]


@pytest.mark.parametrize("make", HOSTILE)
async def test_an_update_not_from_a_person_is_ignored_however_many_come(
    bot_and_dp: tuple[Bot, Dispatcher, Database], captured: io.StringIO, make: Any
) -> None:
    bot, dp, db = bot_and_dp
    for n in range(1, 51):
        await dp.feed_update(bot, make(n))
    session = bot.session
    assert isinstance(session, OfflineSession)
    assert session.requests == []
    lines = [json.loads(line) for line in captured.getvalue().splitlines()]
    assert [line.get("outcome") for line in lines if line["msg"] == "update"] == ["ignored"] * 50
    assert not [line for line in lines if line["level"] in ("error", "critical")]
    assert await db.users.get(PERSON) is None


async def test_a_button_with_an_id_beyond_sqlite_is_answered_as_an_old_button(
    bot_and_dp: tuple[Bot, Dispatcher, Database], captured: io.StringIO
) -> None:
    bot, dp, _ = bot_and_dp
    citizen = UpdateFactory(user_id=PERSON + 1, language_code="ru")
    await dp.feed_update(bot, citizen.text("/start"))
    for data in (f"my:withdraw:{HUGE}", f"my:answer:{HUGE}", f"tm:show:{HUGE}:x:0"):
        await dp.feed_update(bot, citizen.callback(data))
    lines = [json.loads(line) for line in captured.getvalue().splitlines()]
    assert not [line for line in lines if line["level"] in ("error", "critical")], lines
    assert [line.get("outcome") for line in lines if line["msg"] == "update"][1:] == ["handled"] * 3
