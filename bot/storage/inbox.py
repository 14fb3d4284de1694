"""The inbox: updates in hand, kept until handled, then remembered by id only.

`keep` stores a batch and returns the updates not seen before (Telegram sends an update again
when it was not confirmed: a crash before the next getUpdates, or a webhook answer that did not
arrive). `handled` erases the payload and keeps the id; `waiting` lists what a crash left behind.
All writes commit with synchronous=NORMAL: they survive a crash of the bot process, which is what
they are for, without an fsync per update.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.storage.codec import time_from_db, time_to_db
from bot.storage.connection import Connector

# Telegram keeps an unconfirmed update for 24 hours; an id older than that cannot come back.
REMEMBER_HANDLED = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class InboxUpdate:
    update_id: int
    payload: str  # the update as JSON


@dataclass(frozen=True, slots=True)
class InboxCounts:
    waiting: int
    oldest_waiting: datetime | None


class Inbox:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def keep(self, updates: Sequence[InboxUpdate]) -> list[InboxUpdate]:
        """Store the updates; returns those not already in the inbox (waiting or handled)."""
        if not updates:
            return []

        async def keep(conn: aiosqlite.Connection) -> list[InboxUpdate]:
            now = time_to_db(self._db.now())
            fresh: list[InboxUpdate] = []
            for update in updates:
                cursor = await conn.execute(
                    "INSERT INTO inbox (update_id, payload, received_at) VALUES (?, ?, ?)"
                    " ON CONFLICT (update_id) DO NOTHING",
                    (update.update_id, update.payload, now),
                )
                if cursor.rowcount == 1:
                    fresh.append(update)
            return fresh

        return await self._db.write(keep, durable=False)

    async def handled(self, update_ids: Sequence[int]) -> None:
        """Forget what the updates said; remember that they were handled."""
        if not update_ids:
            return
        now = time_to_db(self._db.now())
        await self._db.write(
            lambda conn: conn.executemany(
                "UPDATE inbox SET payload = NULL, handled_at = ?"
                " WHERE update_id = ? AND handled_at IS NULL",
                [(now, update_id) for update_id in update_ids],
            ),
            durable=False,
        )

    async def waiting(self, limit: int = 1000) -> list[InboxUpdate]:
        """Updates kept but not handled (left by a crash or a stop), oldest first."""
        rows = await self._db.fetch_all(
            "SELECT update_id, payload FROM inbox WHERE handled_at IS NULL"
            " ORDER BY update_id LIMIT ?",
            (limit,),
        )
        return [InboxUpdate(int(row["update_id"]), str(row["payload"])) for row in rows]

    async def prune(self, now: datetime | None = None) -> int:
        """Drop ids handled more than a day ago; returns how many."""
        moment = now if now is not None else self._db.now()
        cutoff = time_to_db(moment - REMEMBER_HANDLED)

        async def prune(conn: aiosqlite.Connection) -> int:
            cursor = await conn.execute(
                "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?", (cutoff,)
            )
            return cursor.rowcount

        return await self._db.write(prune, durable=False)

    async def counts(self) -> InboxCounts:
        [row] = await self._db.fetch_all(
            "SELECT COUNT(*) AS waiting, MIN(received_at) AS oldest FROM inbox"
            " WHERE handled_at IS NULL"
        )
        oldest = row["oldest"]
        return InboxCounts(int(row["waiting"]), None if oldest is None else time_from_db(oldest))
