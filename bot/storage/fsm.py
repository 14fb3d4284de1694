"""aiogram FSM storage in our SQLite database: a restarted bot resumes every conversation.

Writes commit with synchronous=NORMAL: they survive a crash of the bot process (what a
half-filled questionnaire needs) without an fsync per answer.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.storage.codec import time_to_db
from bot.storage.database import Database

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


class SQLiteStorage(BaseStorage):
    """FSM state and data per StorageKey. Data must be JSON-serialisable (as with Redis)."""

    def __init__(
        self,
        db: Database,
        *,
        json_dumps: Callable[[Mapping[str, Any]], str] = _compact_json,
        json_loads: Callable[[str], Any] = json.loads,
    ) -> None:
        self._db = db.connector
        self._dumps = json_dumps
        self._loads = json_loads

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, "state", value)

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self._read(key)
        return None if row is None else row["state"]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        await self._write(key, "data", self._dumps(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        # Decoded afresh on every call: the caller owns the dict and may change it freely.
        row = await self._read(key)
        return {} if row is None else self._decode(row["data"])

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Read, merge and write in one transaction, so two updates cannot lose each other."""
        if not isinstance(data, Mapping):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)

        def update(conn: sqlite3.Connection) -> dict[str, Any]:
            row = conn.execute(f"SELECT data FROM fsm WHERE {_KEY_WHERE}", _key(key)).fetchone()
            merged = {} if row is None else self._decode(row["data"])
            merged.update(data)
            self._upsert(conn, key, "data", self._dumps(merged))
            return merged

        return await self._db.write(update, durable=False)

    async def close(self) -> None:
        """The Database is closed by whoever opened it."""

    def _decode(self, text: str) -> dict[str, Any]:
        value = self._loads(text)
        if not isinstance(value, dict):
            raise ValueError("FSM data in the database is not a JSON object")
        return value

    async def _read(self, key: StorageKey) -> sqlite3.Row | None:
        return await self._db.read(
            lambda conn: conn.execute(
                f"SELECT state, data FROM fsm WHERE {_KEY_WHERE}", _key(key)
            ).fetchone()
        )

    async def _write(self, key: StorageKey, column: str, value: str | None) -> None:
        await self._db.write(lambda conn: self._upsert(conn, key, column, value), durable=False)

    def _upsert(
        self, conn: sqlite3.Connection, key: StorageKey, column: str, value: str | None
    ) -> None:
        conn.execute(
            "INSERT INTO fsm (bot_id, chat_id, user_id, thread_id, business_connection_id,"
            f" destiny, {column}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            f" ON CONFLICT DO UPDATE SET {column} = excluded.{column},"
            " updated_at = excluded.updated_at",
            (*_key(key), value, time_to_db(self._db.now())),
        )
        # A key with neither state nor data is the same as no key: don't keep the row.
        conn.execute(
            f"DELETE FROM fsm WHERE {_KEY_WHERE} AND state IS NULL AND data = '{{}}'", _key(key)
        )
