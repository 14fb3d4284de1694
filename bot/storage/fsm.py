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

Nothing of a conversation is kept in memory beyond the update being handled: inside
`transaction()` a key is read from the database once, outside it at every call.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

import aiosqlite
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey

from bot.storage.codec import time_to_db
from bot.storage.connection import fetch_one
from bot.storage.database import Database

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

RowKey = tuple[int, int, int, int, str, str]
# The changes of the update being handled (None outside `transaction()`).
_pending: ContextVar[dict[RowKey, _Record] | None] = ContextVar("jumys_fsm", default=None)
# What the update being handled has read: aiogram asks for the state and the data several
# times an update, and within one update the answer cannot change but by its own changes.
_seen: ContextVar[dict[RowKey, _Record] | None] = ContextVar("jumys_fsm_seen", default=None)


_SELECT = f"SELECT state, data FROM fsm WHERE {_KEY_WHERE}"


def _from_row(row: sqlite3.Row | None) -> _Record:
    return _ABSENT if row is None else _Record(row["state"], row["data"])


async def _stored(conn: aiosqlite.Connection, row_key: RowKey) -> _Record:
    return _from_row(await fetch_one(conn, _SELECT, row_key))


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
        pending: dict[RowKey, _Record] = {}
        token, seen = _pending.set(pending), _seen.set({})
        try:
            yield
        except keep_on:
            _pending.reset(token)
            _seen.reset(seen)
            await self._commit(pending, None)
            raise
        except BaseException:
            _pending.reset(token)
            _seen.reset(seen)
            raise
        _pending.reset(token)
        _seen.reset(seen)
        await self._commit(pending, handled_update)

    async def _commit(self, pending: dict[RowKey, _Record], handled_update: int | None) -> None:
        if not pending and handled_update is None:
            return
        now = time_to_db(self._db.now())

        async def commit(conn: aiosqlite.Connection) -> None:
            for row_key, record in pending.items():
                await self._store(conn, row_key, record, now)
            if handled_update is not None:
                await conn.execute(
                    "UPDATE inbox SET payload = NULL, handled_at = ?"
                    " WHERE update_id = ? AND handled_at IS NULL",
                    (now, handled_update),
                )

        await self._db.write(commit, durable=False)

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
        database transaction, so two updates cannot lose each other."""
        if not isinstance(data, Mapping):
            msg = f"Data must be a dict or dict-like object, got {type(data).__name__}"
            raise DataNotDictLikeError(msg)
        row_key = _key(key)
        pending = _pending.get()
        if pending is not None:
            current = await self._record(key)
            merged = self._decode(current.data)
            merged.update(data)
            pending[row_key] = _Record(current.state, self._dumps(merged))
            return merged

        async def update(conn: aiosqlite.Connection) -> dict[str, Any]:
            known = await _stored(conn, row_key)
            merged = self._decode(known.data)
            merged.update(data)
            record = _Record(known.state, self._dumps(merged))
            await self._store(conn, row_key, record, time_to_db(self._db.now()))
            return merged

        return await self._db.write(update, durable=False)

    async def close(self) -> None:
        """The Database is closed by whoever opened it."""

    def _decode(self, text: str) -> dict[str, Any]:
        value = self._loads(text)
        if not isinstance(value, dict):
            raise ValueError("FSM data in the database is not a JSON object")
        return value

    def _forget_user(self, user_id: int) -> None:
        # Users.forget deleted the rows where the user is the user or the chat: the update's
        # changes must not write them back, nor its reads show them again.
        for known in (_pending.get(), _seen.get()):
            if known is not None:
                for row_key in [k for k in known if user_id in (k[1], k[2])]:
                    del known[row_key]

    async def _record(self, key: StorageKey) -> _Record:
        row_key = _key(key)
        pending = _pending.get()
        if pending is not None and row_key in pending:
            return pending[row_key]
        seen = _seen.get()
        if seen is not None and row_key in seen:
            return seen[row_key]
        if not all(-_LARGEST <= part <= _LARGEST for part in row_key[:4]):
            # No conversation is stored under an id SQLite cannot hold: a forged update, which
            # aiogram asks about before any middleware of ours can turn it away.
            return _ABSENT
        record = _from_row(await self._db.fetch_one(_SELECT, row_key))
        if seen is not None:
            seen[row_key] = record
        return record

    async def _change(self, key: StorageKey, change: Callable[[_Record], _Record]) -> None:
        """Apply `change` to the key's record: into the transaction, or committed at once
        (then read and written in one database transaction, like `update_data`)."""
        row_key = _key(key)
        pending = _pending.get()
        if pending is not None:
            pending[row_key] = change(await self._record(key))
            return
        now = time_to_db(self._db.now())

        async def write(conn: aiosqlite.Connection) -> None:
            await self._store(conn, row_key, change(await _stored(conn, row_key)), now)

        await self._db.write(write, durable=False)

    @staticmethod
    async def _store(
        conn: aiosqlite.Connection, row_key: RowKey, record: _Record, now: str
    ) -> None:
        if record == _ABSENT:
            # A key with neither state nor data is the same as no key: don't keep the row.
            await conn.execute(f"DELETE FROM fsm WHERE {_KEY_WHERE}", row_key)
            return
        await conn.execute(
            "INSERT INTO fsm (bot_id, chat_id, user_id, thread_id, business_connection_id,"
            " destiny, state, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT DO UPDATE SET state = excluded.state, data = excluded.data,"
            " updated_at = excluded.updated_at",
            (*row_key, record.state, record.data, now),
        )
