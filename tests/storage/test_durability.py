"""Which commits survive a power cut: submissions, consent and decisions are fsynced
(synchronous=FULL); claims and conversation state only survive a crash of the bot (NORMAL)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram.fsm.storage.base import StorageKey

from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage
from bot.storage.models import AppStatus

from .helpers import REVIEWER, TTL, submit


async def _levels_of_commits(db: Database, action: Callable[[], Awaitable[object]]) -> list[str]:
    """The synchronous level in force at each COMMIT the writer ran during `action`."""
    statements: list[str] = []
    writer = db.connector._writer  # the one connection that writes; traced, not replaced
    level = await writer.call(lambda: writer.conn.execute("PRAGMA synchronous").fetchone()[0])
    await writer.call(lambda: writer.conn.set_trace_callback(statements.append))
    try:
        await action()
    finally:
        await writer.call(lambda: writer.conn.set_trace_callback(None))
    names = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
    current, levels = names[level], []
    for statement in statements:
        if statement.startswith("PRAGMA synchronous = "):
            current = statement.removeprefix("PRAGMA synchronous = ")
        elif statement == "BEGIN IMMEDIATE":
            levels.append(current)
    assert statements.count("COMMIT") == len(levels)
    return levels


async def test_submitting_consenting_and_deciding_commit_with_an_fsync(db: Database) -> None:
    application = await submit(db, user_id=1)
    fsm = SQLiteStorage(db)
    key = StorageKey(bot_id=1, chat_id=2, user_id=2)

    # Each move starts after a NORMAL one, so a FULL commit cannot be left over.
    assert await _levels_of_commits(db, lambda: submit(db, user_id=2)) == ["FULL"]
    await fsm.set_state(key, "Ask:region")
    assert await _levels_of_commits(db, lambda: db.users.give_consent(2, "v1")) == ["FULL"]
    await db.applications.claim(application.id, REVIEWER, TTL)
    assert await _levels_of_commits(
        db, lambda: db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None)
    ) == ["FULL"]
    await fsm.set_state(key, "Ask:sex")
    assert await _levels_of_commits(
        db, lambda: db.applications.withdraw(application.id + 1, 2)
    ) == ["FULL"]


async def test_claims_and_conversation_state_skip_the_fsync(db: Database) -> None:
    fsm = SQLiteStorage(db)
    key = StorageKey(bot_id=1, chat_id=2, user_id=2)
    await submit(db, user_id=1)
    assert await _levels_of_commits(db, lambda: db.applications.claim_next(REVIEWER, None)) == [
        "NORMAL"
    ]
    await submit(db, user_id=3)
    assert await _levels_of_commits(db, lambda: fsm.set_state(key, "Ask:region")) == ["NORMAL"]
    await submit(db, user_id=4)
    assert await _levels_of_commits(db, lambda: fsm.update_data(key, {"a": 1})) == ["NORMAL"]
