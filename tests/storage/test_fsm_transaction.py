"""One update, one commit: a conversation never ends up half-moved."""

from __future__ import annotations

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage
from bot.storage.inbox import InboxUpdate

KEY = StorageKey(bot_id=1, chat_id=5, user_id=5)


async def stored(db: Database) -> tuple[str | None, str | None] | None:
    row = await db.connector.fetch_one("SELECT state, data FROM fsm WHERE user_id = 5")
    return None if row is None else (row["state"], row["data"])


async def test_changes_of_one_update_are_committed_together_at_its_end(db: Database) -> None:
    storage = SQLiteStorage(db)
    async with storage.transaction():
        await storage.update_data(KEY, {"profile": {"region": "abai"}})
        await storage.set_state(KEY, "Ask:employment")
        assert await storage.get_state(KEY) == "Ask:employment"  # the handler sees its changes
        assert await stored(db) is None  # nothing on disk yet
    assert await stored(db) == ("Ask:employment", '{"profile":{"region":"abai"}}')


async def test_a_failing_update_leaves_the_conversation_as_it_was(db: Database) -> None:
    storage = SQLiteStorage(db)
    await storage.set_state(KEY, "Ask:region")
    with pytest.raises(ZeroDivisionError):
        async with storage.transaction():
            await storage.update_data(KEY, {"profile": {"region": "abai"}})
            raise ZeroDivisionError  # a bug between the two changes
    assert await stored(db) == ("Ask:region", "{}")
    assert await SQLiteStorage(db).get_data(KEY) == {}
    assert await storage.get_data(KEY) == {}


async def test_an_undelivered_reply_keeps_the_answer_it_replied_to(db: Database) -> None:
    storage = SQLiteStorage(db)
    with pytest.raises(ConnectionError):
        async with storage.transaction(keep_on=(ConnectionError,)):
            await storage.set_state(KEY, "Ask:sex")
            raise ConnectionError("Telegram did not answer")
    assert await stored(db) == ("Ask:sex", "{}")


async def test_the_inbox_learns_the_update_was_handled_in_the_same_commit(db: Database) -> None:
    storage = SQLiteStorage(db)
    await db.inbox.keep([InboxUpdate(77, '{"update_id": 77}')])
    async with storage.transaction(handled_update=77):
        await storage.set_state(KEY, "Ask:iin")
        assert [u.update_id for u in await db.inbox.waiting()] == [77]
    assert await db.inbox.waiting() == []
    assert await stored(db) == ("Ask:iin", "{}")
