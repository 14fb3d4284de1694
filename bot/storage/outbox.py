"""The transactional outbox: messages written with the change they announce, delivered later.

`enqueue_in` adds a message inside a caller's transaction (a decision and its message commit
together). The notifier polls `fetch_due`, which leases what it returns so that a second poll
(or a second notifier) does not send it again, then calls `mark_sent` or `record_failure`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta

import aiosqlite

from bot.storage.codec import json_to_db, time_to_db
from bot.storage.connection import Connector, fetch_all, fetch_one
from bot.storage.models import OutboxDraft, OutboxMessage
from bot.storage.rows import outbox_message_from_row

# A message that keeps failing transiently (5xx, timeouts, the Bot API unreachable) is tried for
# a day before it is given up: an outage of Telegram or of our own network loses nothing.
TRY_FOR = timedelta(days=1)
# How long a fetched message is left to its notifier before another poll may take it again.
DEFAULT_LEASE = timedelta(minutes=2)


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failure: 5 s, 10 s, 20 s, ... at most one hour."""
    return timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 3600))


def _attempts_to_cover(span: timedelta) -> int:
    """How many attempts, with `backoff` between them, it takes to keep trying for `span`."""
    waited, attempts = timedelta(0), 1
    while waited < span:
        waited += backoff(attempts)
        attempts += 1
    return attempts


MAX_ATTEMPTS = _attempts_to_cover(TRY_FOR)  # 34


async def enqueue_in(
    conn: aiosqlite.Connection, draft: OutboxDraft, now: datetime, event_id: int | None = None
) -> int | None:
    """Queue `draft` in the caller's open transaction; None if this event already queued it."""
    row = await fetch_one(
        conn,
        "INSERT INTO outbox (chat_id, kind, payload, language, event_id, not_before, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (event_id, kind, chat_id) DO NOTHING RETURNING id",
        (
            draft.chat_id,
            draft.kind,
            json_to_db(draft.payload),
            draft.language,
            event_id,
            time_to_db(now),
            time_to_db(now),
        ),
    )
    return None if row is None else int(row["id"])


async def _record_sent(conn: aiosqlite.Connection, message_id: int, sent_at: datetime) -> bool:
    cursor = await conn.execute(
        "UPDATE outbox SET sent_at = ?, last_error = NULL WHERE id = ? AND sent_at IS NULL",
        (time_to_db(sent_at), message_id),
    )
    return cursor.rowcount == 1


class Outbox:
    def __init__(self, connector: Connector) -> None:
        self._db = connector
        # Sent (Telegram took them) but not recorded yet: message id -> when.
        self._sent_unrecorded: dict[int, datetime] = {}

    async def enqueue(self, draft: OutboxDraft, event_id: int | None = None) -> int | None:
        """Queue one message in a transaction of its own."""
        return await self._db.write(lambda conn: enqueue_in(conn, draft, self._db.now(), event_id))

    async def fetch_due(
        self, now: datetime, limit: int = 50, lease: timedelta = DEFAULT_LEASE
    ) -> list[OutboxMessage]:
        """Messages whose time has come, oldest first, leased to the caller for `lease`.
        Deliveries that could not be recorded when Telegram took them are recorded first."""
        await self.record_unrecorded()

        async def fetch(conn: aiosqlite.Connection) -> list[OutboxMessage]:
            rows = await fetch_all(
                conn,
                "SELECT * FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"
                " AND not_before <= ? ORDER BY not_before, id LIMIT ?",
                (time_to_db(now), limit),
            )
            await conn.executemany(
                "UPDATE outbox SET not_before = ? WHERE id = ?",
                [(time_to_db(now + lease), row["id"]) for row in rows],
            )
            return [outbox_message_from_row(row) for row in rows]

        # A lost lease only delays a message: a crash-safe commit is enough.
        return await self._db.write(fetch, durable=False)

    async def record_unrecorded(self) -> None:
        """Record the deliveries `mark_sent` could not (the notifier calls this before each
        pass and when it stops); they stay in mind if the database still refuses."""
        unrecorded = dict(self._sent_unrecorded)
        if not unrecorded:
            return

        async def record(conn: aiosqlite.Connection) -> None:
            for message_id, sent_at in unrecorded.items():
                await _record_sent(conn, message_id, sent_at)

        await self._db.write(record)  # durable, as mark_sent's own record
        for message_id in unrecorded:
            del self._sent_unrecorded[message_id]

    async def mark_sent(self, message_id: int) -> bool:
        """Record delivery; True the first time, False if it was already marked.

        If the database cannot take the record now (locked by a backup beyond the busy
        timeout, a full disk), this process remembers it and records it before its next pass or
        when it stops (`record_unrecorded`): Telegram has the message, so it must not come back
        as due and be sent again. The error is raised all the same."""
        sent_at = self._db.now()
        try:
            return await self._db.write(lambda conn: _record_sent(conn, message_id, sent_at))
        except sqlite3.Error:
            self._sent_unrecorded[message_id] = sent_at
            raise

    async def retry_later(self, message_id: int, not_before: datetime, error: str) -> None:
        await self._db.write(
            lambda conn: conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ?"
                " WHERE id = ? AND sent_at IS NULL",
                (time_to_db(not_before), error, message_id),
            ),
            durable=False,
        )

    async def postpone(self, message_ids: Sequence[int], not_before: datetime) -> None:
        """Hold messages back without counting an attempt (Telegram asked the bot to wait,
        and these were never tried)."""
        await self._db.write(
            lambda conn: conn.executemany(
                "UPDATE outbox SET not_before = ? WHERE id = ? AND sent_at IS NULL",
                [(time_to_db(not_before), message_id) for message_id in message_ids],
            ),
            durable=False,
        )

    async def give_up(self, message_id: int, error: str) -> None:
        await self._db.write(
            lambda conn: conn.execute(
                "UPDATE outbox SET attempts = attempts + 1, failed_at = ?, last_error = ?"
                " WHERE id = ? AND sent_at IS NULL",
                (time_to_db(self._db.now()), error, message_id),
            )
        )

    async def record_failure(
        self, message: OutboxMessage, error: str, retry_after: timedelta | None = None
    ) -> bool:
        """Retry later (True) or give up after MAX_ATTEMPTS (False).

        `retry_after` is Telegram's own wait (TelegramRetryAfter); it wins over our backoff.
        """
        attempts = message.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            await self.give_up(message.id, error)
            return False
        wait = retry_after if retry_after is not None else backoff(attempts)
        await self.retry_later(message.id, self._db.now() + wait, error)
        return True

    async def backlog(self) -> int:
        """Messages not yet delivered and not given up."""
        [(count,)] = await self._db.fetch_all(
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL"
        )
        return int(count)
