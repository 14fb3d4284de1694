"""The inbox: what Telegram sent is kept until handled, then only its id is remembered."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.storage.database import Database
from bot.storage.inbox import InboxUpdate

from .conftest import TestClock


def update(update_id: int, text: str = "870510300012") -> InboxUpdate:
    return InboxUpdate(update_id, f'{{"update_id": {update_id}, "text": "{text}"}}')


async def test_an_update_sent_again_is_not_taken_twice(db: Database) -> None:
    assert [u.update_id for u in await db.inbox.keep([update(1), update(2)])] == [1, 2]
    assert [u.update_id for u in await db.inbox.keep([update(2), update(3)])] == [3]
    await db.inbox.handled([1])
    assert await db.inbox.keep([update(1)]) == []  # handled, and still recognised


async def test_updates_not_handled_wait_in_order_for_the_next_start(db: Database) -> None:
    await db.inbox.keep([update(5), update(3), update(4)])
    await db.inbox.handled([4])
    assert [u.update_id for u in await db.inbox.waiting()] == [3, 5]
    counts = await db.inbox.counts()
    assert counts.waiting == 2 and counts.oldest_waiting is not None


def payloads_and_file(path: Path) -> tuple[list[tuple[object, ...]], bytes]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT payload FROM inbox").fetchall(), path.read_bytes()
    finally:
        conn.close()


async def test_a_handled_update_keeps_nothing_the_citizen_typed(
    db: Database, db_path: Path
) -> None:
    await db.inbox.keep([update(9, text="Айгүл 870510300012")])
    await db.inbox.handled([9])
    await db.close()
    payloads, stored = payloads_and_file(db_path)
    assert payloads == [(None,)]
    assert b"870510300012" not in stored


async def test_ids_are_forgotten_a_day_after_they_were_handled(
    db: Database, clock: TestClock
) -> None:
    await db.inbox.keep([update(1), update(2)])
    await db.inbox.handled([1])
    clock.advance(timedelta(hours=25))
    await db.inbox.handled([2])
    assert await db.inbox.prune() == 1
    assert [u.update_id for u in await db.inbox.keep([update(1), update(2)])] == [1]
