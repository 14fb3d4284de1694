"""aiogram FSM storage in our SQLite database: a restarted bot resumes every conversation.

Writes commit with synchronous=NORMAL: they survive a crash of the bot process (what a
half-filled questionnaire needs) without an fsync per answer.

One update, one commit: inside `transaction()` (the `ConversationTransaction` middleware opens
one around every update) the changes a handler makes (`update_data`, then `set_state`, ...) are
collected and committed together when the update is handled, with the inbox's note that it was
(`bot.telegram.intake`). A crash in between leaves the conversation as it was before the update,
never half-moved (new data with the old step), and the update is handled again from there. If the
handler fails on a bug, its changes are dropped; if only its reply could not be delivered (the
middleware's `keep_on`), the answer it replied to is kept. Outside a transaction every change
commits at once.

Every update reads the state (aiogram's filters) and usually the data, several times; the
`cache_size` most recently used conversations are kept in memory, written through (the database
is written first, the cache only after the commit). This assumes what `jumys run` does: one bot
process writes the conversations of its database. Memory stays bounded: a conversation not used
for a while is only in SQLite.
"""

from __future__ import annotations

import json
import sqlite3
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.storage.codec import time_to_db
from bot.storage.database import Database

CACHE_SIZE = 10_000
_LARGEST = 2**63 - 1  # SQLite's INTEGER

_KEY_WHERE = (
    "bot_id = ? AND chat_id = ? AND user_id = ? AND thread_id = ?"
    " AND business_connection_id = ? AND destiny = ?"
)


def _key(key: StorageKey) -> tuple[int, int, int, int, str, str]:
    # Key columns are NOT NULL: no Telegram thread is 0 and no business connection is ''.
    return (
        key.bot_id,
        key.chat_id,
        key.user_id,
        key.thread_id or 0,
        key.business_connection_id or "",
        key.destiny,
    )


def _compact_json(value: Mapping[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class _Record(NamedTuple):
    state: str | None
    data: str  # JSON text, decoded afresh for each caller


_ABSENT = _Record(None, "{}")

CacheKey = tuple[int, int, int, int, str, str]
# The changes of the update being handled (None outside `transaction()`).
_pending: ContextVar[dict[CacheKey, _Record] | None] = ContextVar("jumys_fsm", default=None)


def _stored(conn: sqlite3.Connection, cache_key: CacheKey) -> _Record:
    row = conn.execute(f"SELECT state, data FROM fsm WHERE {_KEY_WHERE}", cache_key).fetchone()
    return _ABSENT if row is None else _Record(row["state"], row["data"])


class SQLiteStorage(BaseStorage):
    """FSM state and data per StorageKey. Data must be JSON-serialisable (as with Redis)."""

    def __init__(
        self,
        db: Database,
        *,
        json_dumps: Callable[[Mapping[str, Any]], str] = _compact_json,
        json_loads: Callable[[str], Any] = json.loads,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self._db = db.connector
        self._dumps = json_dumps
        self._loads = json_loads
        self._cache: OrderedDict[CacheKey, _Record] = OrderedDict()
        self._cache_size = cache_size
        self._db.on_forget(self._forget_user)

    @asynccontextmanager
    async def transaction(
        self,
        handled_update: int | None = None,
        *,
        keep_on: tuple[type[BaseException], ...] = (),
    ) -> AsyncIterator[None]:
        """Collect the changes made inside; commit them together at the end (and, in the same
        commit, record `handled_update` as handled in the inbox). An error drops them, unless
        it is one of `keep_on`: then they are committed, without the "handled" note (the update
        is not done until its error is answered), and the error goes on."""
        pending: dict[CacheKey, _Record] = {}
        token = _pending.set(pending)
        try:
            yield
        except keep_on:
            _pending.reset(token)
            await self._commit(pending, None)
            raise
        except BaseException:
            _pending.reset(token)
            raise
        _pending.reset(token)
        await self._commit(pending, handled_update)

    async def _commit(self, pending: dict[CacheKey, _Record], handled_update: int | None) -> None:
        if not pending and handled_update is None:
            return
        now = time_to_db(self._db.now())

        def commit(conn: sqlite3.Connection) -> None:
            for cache_key, record in pending.items():
                self._store(conn, cache_key, record, now)
            if handled_update is not None:
                conn.execute(
                    "UPDATE inbox SET payload = NULL, handled_at = ?"
                    " WHERE update_id = ? AND handled_at IS NULL",
                    (now, handled_update),
                )

        await self._db.write(commit, durable=False)
        for cache_key, record in pending.items():
            self._remember(cache_key, record)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._change(key, lambda known: _Record(value, known.data))

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._record(key)).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        text = self._dumps(data)
        await self._change(key, lambda known: _Record(known.state, text))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        # Decoded afresh on every call: the caller owns the dict and may change it freely.
        return self._decode((await self._record(key)).data)

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Merge into the stored data. Outside a transaction the read and the write are one
        database transaction, so two updates cannot lose each other (the read is from the
        cache when the key is there: it holds every commit of this process, and the merge runs
        under the writer's lock, after any earlier write)."""
        if not isinstance(data, Mapping):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        cache_key = _key(key)
        pending = _pending.get()
        if pending is not None:
            current = await self._record(key)
            merged = self._decode(current.data)
            merged.update(data)
            pending[cache_key] = _Record(current.state, self._dumps(merged))
            return merged

        def update(conn: sqlite3.Connection) -> tuple[dict[str, Any], _Record]:
            known = self._cache.get(cache_key) or _stored(conn, cache_key)
            merged = self._decode(known.data)
            merged.update(data)
            record = _Record(known.state, self._dumps(merged))
            self._store(conn, cache_key, record, time_to_db(self._db.now()))
            return merged, record

        merged, record = await self._db.write(update, durable=False)
        self._remember(cache_key, record)
        return merged

    async def close(self) -> None:
        """The Database is closed by whoever opened it."""

    def _decode(self, text: str) -> dict[str, Any]:
        value = self._loads(text)
        if not isinstance(value, dict):
            raise ValueError("FSM data in the database is not a JSON object")
        return value

    def _forget_user(self, user_id: int) -> None:
        # Users.forget deletes the rows where the user is the user or the chat.
        for cache_key in [k for k in self._cache if user_id in (k[1], k[2])]:
            del self._cache[cache_key]
        pending = _pending.get()
        if pending is not None:
            for cache_key in [k for k in pending if user_id in (k[1], k[2])]:
                del pending[cache_key]

    async def _record(self, key: StorageKey) -> _Record:
        cache_key = _key(key)
        pending = _pending.get()
        if pending is not None and cache_key in pending:
            return pending[cache_key]
        record = self._cache.get(cache_key)
        if record is not None:
            self._cache.move_to_end(cache_key)
            return record
        if not all(-_LARGEST <= part <= _LARGEST for part in cache_key[:4]):
            # No conversation is stored under an id SQLite cannot hold: a forged update, which
            # aiogram asks about before any middleware of ours can turn it away.
            return _ABSENT
        record = await self._db.read(lambda conn: _stored(conn, cache_key))
        self._remember(cache_key, record)
        return record

    def _remember(self, cache_key: CacheKey, record: _Record) -> None:
        self._cache[cache_key] = record
        self._cache.move_to_end(cache_key)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def _change(self, key: StorageKey, change: Callable[[_Record], _Record]) -> None:
        """Apply `change` to the key's record: into the transaction, or committed at once
        (then read and written in one database transaction, like `update_data`)."""
        cache_key = _key(key)
        pending = _pending.get()
        if pending is not None:
            pending[cache_key] = change(await self._record(key))
            return
        now = time_to_db(self._db.now())

        def write(conn: sqlite3.Connection) -> _Record:
            known = self._cache.get(cache_key) or _stored(conn, cache_key)
            record = change(known)
            self._store(conn, cache_key, record, now)
            return record

        self._remember(cache_key, await self._db.write(write, durable=False))

    @staticmethod
    def _store(conn: sqlite3.Connection, cache_key: CacheKey, record: _Record, now: str) -> None:
        if record == _ABSENT:
            # A key with neither state nor data is the same as no key: don't keep the row.
            conn.execute(f"DELETE FROM fsm WHERE {_KEY_WHERE}", cache_key)
            return
        conn.execute(
            "INSERT INTO fsm (bot_id, chat_id, user_id, thread_id, business_connection_id,"
            " destiny, state, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET state = excluded.state, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (*cache_key, record.state, record.data, now),
        )
