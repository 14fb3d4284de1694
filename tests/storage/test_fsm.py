"""SQLiteStorage behaves like aiogram's MemoryStorage, and unlike it survives a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import DataNotDictLikeError
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Chat, Message, Update, User

from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage

KEY = StorageKey(bot_id=42, chat_id=-100, user_id=7)


class Form(StatesGroup):
    region = State()
    birth_date = State()


@pytest.fixture(params=["memory", "sqlite"])
async def storage(request: pytest.FixtureRequest, db: Database) -> AsyncIterator[BaseStorage]:
    if request.param == "memory":
        yield MemoryStorage()
    else:
        yield SQLiteStorage(db)


async def test_a_new_conversation_has_no_state_and_no_data(storage: BaseStorage) -> None:
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}
    assert await storage.get_value(KEY, "region", "none") == "none"


async def test_state_is_set_by_name_or_by_state_and_cleared_with_none(
    storage: BaseStorage,
) -> None:
    await storage.set_state(KEY, Form.region)
    assert await storage.get_state(KEY) == "Form:region"
    await storage.set_state(KEY, "Form:birth_date")
    assert await storage.get_state(KEY) == "Form:birth_date"
    await storage.set_state(KEY, None)
    assert await storage.get_state(KEY) is None


async def test_data_is_replaced_by_set_and_merged_by_update(storage: BaseStorage) -> None:
    await storage.set_data(KEY, {"region": "abai", "groups": ["orphan"]})
    merged = await storage.update_data(KEY, {"region": "ulytau", "sex": "female"})
    assert merged == {"region": "ulytau", "groups": ["orphan"], "sex": "female"}
    assert await storage.get_data(KEY) == merged
    assert await storage.get_value(KEY, "sex") == "female"
    await storage.set_data(KEY, {})
    assert await storage.get_data(KEY) == {}


async def test_changing_returned_data_does_not_change_what_is_stored(
    storage: BaseStorage,
) -> None:
    await storage.set_data(KEY, {"region": "abai"})
    data = await storage.get_data(KEY)
    data["region"] = "changed"
    updated = await storage.update_data(KEY, {"sex": "male"})
    updated["sex"] = "changed"
    assert await storage.get_data(KEY) == {"region": "abai", "sex": "male"}


async def test_data_must_be_a_dict(storage: BaseStorage) -> None:
    with pytest.raises(DataNotDictLikeError):
        await storage.set_data(KEY, [("region", "abai")])  # type: ignore[arg-type]


async def test_state_and_data_live_apart(storage: BaseStorage) -> None:
    await storage.set_state(KEY, Form.region)
    await storage.set_data(KEY, {"a": 1})
    await storage.set_state(KEY, None)
    assert await storage.get_data(KEY) == {"a": 1}
    await storage.set_state(KEY, Form.birth_date)
    await storage.set_data(KEY, {})
    assert await storage.get_state(KEY) == "Form:birth_date"


@pytest.mark.parametrize(
    "other",
    [
        StorageKey(bot_id=43, chat_id=-100, user_id=7),
        StorageKey(bot_id=42, chat_id=-101, user_id=7),
        StorageKey(bot_id=42, chat_id=-100, user_id=8),
        StorageKey(bot_id=42, chat_id=-100, user_id=7, thread_id=5),
        StorageKey(bot_id=42, chat_id=-100, user_id=7, business_connection_id="bc1"),
        StorageKey(bot_id=42, chat_id=-100, user_id=7, destiny="staff"),
    ],
    ids=["bot", "chat", "user", "thread", "business", "destiny"],
)
async def test_every_part_of_the_key_keeps_conversations_apart(
    storage: BaseStorage, other: StorageKey
) -> None:
    await storage.set_state(KEY, Form.region)
    await storage.set_data(KEY, {"mine": True})
    await storage.set_state(other, Form.birth_date)
    await storage.set_data(other, {"theirs": True})
    assert await storage.get_state(KEY) == "Form:region"
    assert await storage.get_data(KEY) == {"mine": True}
    assert await storage.get_state(other) == "Form:birth_date"
    assert await storage.get_data(other) == {"theirs": True}


async def test_fsm_context_works_on_top_of_the_storage(storage: BaseStorage) -> None:
    context = FSMContext(storage=storage, key=KEY)
    await context.set_state(Form.region)
    await context.update_data(region="turkistan")
    await context.clear()
    assert await context.get_state() is None
    assert await context.get_data() == {}


async def test_a_conversation_survives_closing_and_reopening_the_database(
    db_path: Path,
) -> None:
    first = await Database.open(db_path)
    await SQLiteStorage(first).set_state(KEY, Form.birth_date)
    await SQLiteStorage(first).update_data(KEY, {"region": "Түркістан"})
    await first.close()

    second = await Database.open(db_path)
    try:
        storage = SQLiteStorage(second)
        assert await storage.get_state(KEY) == "Form:birth_date"
        assert await storage.get_data(KEY) == {"region": "Түркістан"}
    finally:
        await second.close()


def _message_update(update_id: int, text: str) -> Update:
    user = User(id=7, is_bot=False, first_name="Айгүл")
    return Update(
        update_id=update_id,
        message=Message(
            message_id=update_id,
            date=datetime(2026, 3, 2, tzinfo=UTC),
            chat=Chat(id=7, type="private"),
            from_user=user,
            text=text,
        ),
    )


def _questionnaire(seen: list[str]) -> Router:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message, state: FSMContext) -> None:
        await state.set_state(Form.region)

    @router.message(Form.region, F.text)
    async def region(message: Message, state: FSMContext) -> None:
        await state.update_data(region=message.text)
        await state.set_state(Form.birth_date)

    @router.message(Form.birth_date, F.text)
    async def birth_date(message: Message, state: FSMContext) -> None:
        data = await state.get_data()
        seen.append(f"{data['region']} {message.text}")
        await state.clear()

    return router


async def test_a_restarted_bot_continues_the_questionnaire_where_it_stopped(
    db_path: Path,
) -> None:
    seen: list[str] = []
    bot = Bot(token="42:TEST")  # never contacted: the handlers send nothing
    try:
        before = await Database.open(db_path)
        dispatcher = Dispatcher(storage=SQLiteStorage(before))
        dispatcher.include_router(_questionnaire(seen))
        await dispatcher.feed_update(bot, _message_update(1, "/start"))
        await dispatcher.feed_update(bot, _message_update(2, "Абай"))
        await before.close()  # the bot stops between two answers

        after = await Database.open(db_path)
        dispatcher = Dispatcher(storage=SQLiteStorage(after))
        dispatcher.include_router(_questionnaire(seen))
        await dispatcher.feed_update(bot, _message_update(3, "01.02.1990"))
        await after.close()
    finally:
        await bot.session.close()
    assert seen == ["Абай 01.02.1990"]
