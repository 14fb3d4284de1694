"""aiogram FSM storage in our SQLite database: a restarted bot resumes every conversation.

Writes commit with synchronous=NORMAL: they survive a crash of the bot process (what a
half-filled questionnaire needs) without an fsync per answer.

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
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.storage.codec import time_to_db
from bot.storage.database import Database

CACHE_SIZE = 10_000

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
        self._cache: OrderedDict[tuple[int, int, int, int, str, str], _Record] = OrderedDict()
        self._cache_size = cache_size
        self._db.on_forget(self._forget_user)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        record = await self._write(key, "state", value)
        self._remember(key, record)

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._record(key)).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        record = await self._write(key, "data", self._dumps(data))
        self._remember(key, record)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        # Decoded afresh on every call: the caller owns the dict and may change it freely.
        return self._decode((await self._record(key)).data)

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Read, merge and write in one transaction, so two updates cannot lose each other.

        The read is from the cache when the key is there: it holds every commit of this
        process, and the merge runs under the writer's lock, after any earlier write."""
        if not isinstance(data, Mapping):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)

        def update(conn: sqlite3.Connection) -> tuple[dict[str, Any], _Record]:
            cached = self._cache.get(_key(key))
            if cached is not None:
                merged = self._decode(cached.data)
            else:
                row = conn.execute(f"SELECT data FROM fsm WHERE {_KEY_WHERE}", _key(key)).fetchone()
                merged = {} if row is None else self._decode(row["data"])
            merged.update(data)
            record = self._upsert(conn, key, "data", self._dumps(merged))
            return merged, record

        merged, record = await self._db.write(update, durable=False)
        self._remember(key, record)
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

    async def _record(self, key: StorageKey) -> _Record:
        cache_key = _key(key)
        record = self._cache.get(cache_key)
        if record is not None:
            self._cache.move_to_end(cache_key)
            return record
        row = await self._db.read(
            lambda conn: conn.execute(
                f"SELECT state, data FROM fsm WHERE {_KEY_WHERE}", cache_key
            ).fetchone()
        )
        record = _ABSENT if row is None else _Record(row["state"], row["data"])
        self._remember(key, record)
        return record

    def _remember(self, key: StorageKey, record: _Record) -> None:
        cache_key = _key(key)
        self._cache[cache_key] = record
        self._cache.move_to_end(cache_key)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def _write(self, key: StorageKey, column: str, value: str | None) -> _Record:
        return await self._db.write(
            lambda conn: self._upsert(conn, key, column, value), durable=False
        )

    def _upsert(
        self, conn: sqlite3.Connection, key: StorageKey, column: str, value: str | None
    ) -> _Record:
        """Write one column; returns the key's record as committed."""
        row = conn.execute(
            "INSERT INTO fsm (bot_id, chat_id, user_id, thread_id, business_connection_id,"
            f" destiny, {column}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            f" ON CONFLICT DO UPDATE SET {column} = excluded.{column},"
            " updated_at = excluded.updated_at RETURNING state, data",
            (*_key(key), value, time_to_db(self._db.now())),
        ).fetchone()
        record = _Record(row["state"], row["data"])
        if record == _ABSENT:
            # A key with neither state nor data is the same as no key: don't keep the row.
            conn.execute(f"DELETE FROM fsm WHERE {_KEY_WHERE}", _key(key))
        return record
