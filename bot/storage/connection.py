"""One SQLite file, one writer connection and one reader connection, each on its own thread.

A repository method hands a plain function to `write` or `read`; the function runs whole on the
connection's thread, so a transaction is one hop from the event loop and can never interleave
with another coroutine's statements. Readers see committed data only (WAL), and never wait for
the writer.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from bot.storage.migrations import apply_migrations

T = TypeVar("T")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def connect(path: Path, *, busy_timeout_ms: int, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: every transaction is opened by our own BEGIN."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    # forget() must not leave a citizen's words in freed pages (some builds default to off).
    conn.execute("PRAGMA secure_delete = ON")
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    else:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            conn.close()
            raise RuntimeError(f"SQLite refused WAL mode for {path} (got {mode})")
    # FULL until a caller asks otherwise: a commit is on disk when COMMIT returns.
    conn.execute("PRAGMA synchronous = FULL")
    return conn


class _Worker:
    """A thread that owns one connection and runs functions on it, one at a time."""

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._conn: sqlite3.Connection | None = None
        self._synchronous = "FULL"

    async def call(self, function: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function)

    async def start(self, opener: Callable[[], sqlite3.Connection]) -> None:
        self._conn = await self.call(opener)

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the database is closed")
        return self._conn

    def set_synchronous(self, level: str) -> None:
        # PRAGMA synchronous cannot change inside a transaction; it applies to the next commit.
        if level != self._synchronous:
            self.conn.execute(f"PRAGMA synchronous = {level}")
            self._synchronous = level

    async def stop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await self.call(conn.close)
        self._executor.shutdown(wait=True)


class Connector:
    """Runs transactions for the repositories. Obtain one with `await Connector.open(path)`."""

    def __init__(self, path: Path, clock: Clock, busy_timeout_ms: int) -> None:
        self.path = path
        self.clock = clock
        self.busy_timeout_ms = busy_timeout_ms
        self._writer = _Worker("jumys-db-writer")
        self._reader = _Worker("jumys-db-reader")
        self.applied_migrations: list[str] = []

    @classmethod
    async def open(
        cls, path: Path, *, clock: Clock = utc_now, busy_timeout_ms: int = 5000
    ) -> Connector:
        path.parent.mkdir(parents=True, exist_ok=True)
        self = cls(path, clock, busy_timeout_ms)
        try:
            await self._writer.start(partial(connect, path, busy_timeout_ms=busy_timeout_ms))
            self.applied_migrations = await self._writer.call(
                lambda: apply_migrations(self._writer.conn)
            )
            await self._reader.start(
                partial(connect, path, busy_timeout_ms=busy_timeout_ms, read_only=True)
            )
        except BaseException:
            await self.close()
            raise
        return self

    def now(self) -> datetime:
        return self.clock()

    async def write(self, work: Callable[[sqlite3.Connection], T], *, durable: bool = True) -> T:
        """Run `work` in one BEGIN IMMEDIATE transaction on the writer connection.

        durable=True commits with synchronous=FULL (survives power loss); False uses NORMAL
        (survives a crash of this process; a power cut may lose the last commits).
        """
        return await self._writer.call(partial(self._write_now, work, durable))

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one read transaction (one consistent snapshot) on the reader."""
        return await self._reader.call(partial(self._read_now, work))

    def _write_now(self, work: Callable[[sqlite3.Connection], T], durable: bool) -> T:
        self._writer.set_synchronous("FULL" if durable else "NORMAL")
        conn = self._writer.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    def _read_now(self, work: Callable[[sqlite3.Connection], T]) -> T:
        conn = self._reader.conn
        conn.execute("BEGIN")
        try:
            return work(conn)
        finally:
            conn.execute("COMMIT")

    async def close(self) -> None:
        await self._reader.stop()
        await self._writer.stop()
