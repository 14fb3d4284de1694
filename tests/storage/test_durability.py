"""Which commits survive a power cut: submissions, consent and decisions are fsynced
(synchronous=FULL); claims and conversation state only survive a crash of the bot (NORMAL)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage
from bot.storage.models import AppStatus

from .helpers import REVIEWER, TTL, submit


class CommitLevels:
    """The synchronous level in force at each transaction the writer runs, read from its trace
    (None until the trace has seen the level set)."""

    def __init__(self) -> None:
        self.level: str | None = None
        self.levels: list[str | None] = []
        self.commits = 0

    def __call__(self, statement: str) -> None:
        if statement.startswith("PRAGMA synchronous = "):
            self.level = statement.removeprefix("PRAGMA synchronous = ")
        elif statement == "BEGIN IMMEDIATE":
            self.levels.append(self.level)
        elif statement == "COMMIT":
            self.commits += 1

    async def of(self, action: Callable[[], Awaitable[object]]) -> list[str | None]:
        """The levels of the commits made during `action`."""
        begun, committed = len(self.levels), self.commits
        await action()
        levels = self.levels[begun:]
        assert self.commits - committed == len(levels)
        return levels


@pytest.fixture
async def traced(db: Database) -> AsyncIterator[CommitLevels]:
    levels = CommitLevels()
    await db.connector.trace_writer(levels)
    yield levels
    await db.connector.trace_writer(None)


async def test_submitting_consenting_and_deciding_commit_with_an_fsync(
    db: Database, traced: CommitLevels
) -> None:
    application = await submit(db, user_id=1)
    fsm = SQLiteStorage(db)
    key = StorageKey(bot_id=1, chat_id=2, user_id=2)

    # Each move starts after a NORMAL one, so a FULL commit cannot be left over.
    await fsm.set_state(key, "Ask:iin")
    assert await traced.of(lambda: submit(db, user_id=2)) == ["FULL"]
    await fsm.set_state(key, "Ask:region")
    assert await traced.of(lambda: db.users.give_consent(2, "v1")) == ["FULL"]
    await db.applications.claim(application.id, REVIEWER, TTL)
    assert await traced.of(
        lambda: db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None)
    ) == ["FULL"]
    await fsm.set_state(key, "Ask:sex")
    assert await traced.of(lambda: db.applications.withdraw(application.id + 1, 2)) == ["FULL"]


async def test_claims_and_conversation_state_skip_the_fsync(
    db: Database, traced: CommitLevels
) -> None:
    fsm = SQLiteStorage(db)
    key = StorageKey(bot_id=1, chat_id=2, user_id=2)
    await submit(db, user_id=1)
    assert await traced.of(lambda: db.applications.claim_next(REVIEWER, None)) == ["NORMAL"]
    await submit(db, user_id=3)
    assert await traced.of(lambda: fsm.set_state(key, "Ask:region")) == ["NORMAL"]
    await submit(db, user_id=4)
    assert await traced.of(lambda: fsm.update_data(key, {"a": 1})) == ["NORMAL"]
