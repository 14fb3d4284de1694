"""One SQLite file through aiosqlite: one writer connection, one reader, one for checkpoints.

Each aiosqlite connection runs its statements on its own thread, so the event loop never waits
for SQLite: not for the disk (an fsync), nor for another process's write lock (a `jumys`
command, a backup), which the writer waits out with the busy timeout on its thread.

- `write(work, durable=...)` runs `async def work(conn)` in one BEGIN IMMEDIATE transaction on
  the writer, holding the writer's lock from BEGIN to COMMIT: the statements of two coroutines
  never interleave. durable=False commits with synchronous=NORMAL (survives a crash of the
  bot; a power cut may lose the last commits). A caller that fails or is cancelled leaves no
  transaction open behind it.
- durable=True (consent, submissions, decisions) commits with synchronous=FULL: on disk when
  the call returns. One that finds the writer free commits at once, alone; the ones that
  arrive while the writer is busy are committed together next, in one transaction (each in its
  own savepoint, so one that fails leaves the others alone) with one fsync. A hundred citizens
  submitting at once wait for a few fsyncs, not for a hundred in a row. A caller waiting in
  such a group that gives up does not stop its work.
- `read(work)` runs `work` in one read transaction (one snapshot) on the reader, under the
  reader's own lock; `fetch_all` / `fetch_one` are the one-statement case.

WAL checkpoints wait for the disk: a third connection takes them every `CHECKPOINT_EVERY`
writes, so that no write does.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.storage.migrations import apply_migrations
from bot.storage.wal import JOURNAL_SIZE_LIMIT

T = TypeVar("T")
Clock = Callable[[], datetime]
Work = Callable[[aiosqlite.Connection], Awaitable[T]]
Params = Sequence[object]


def utc_now() -> datetime:
    return datetime.now(UTC)


# Write transactions between two WAL checkpoints (a checkpoint of ~1,000 small commits is quick).
CHECKPOINT_EVERY = 1000


async def connect(
    path: Path, *, busy_timeout_ms: int, read_only: bool = False
) -> aiosqlite.Connection:
    """A connection in autocommit mode: every transaction is opened by our own BEGIN."""
    conn = await aiosqlite.connect(path, isolation_level=None, timeout=busy_timeout_ms / 1000)
    try:
        conn.row_factory = sqlite3.Row
        # Each pragma read to its end: a statement left stepping would hold the connection busy.
        pragmas = [
            f"PRAGMA busy_timeout = {int(busy_timeout_ms)}",
            "PRAGMA foreign_keys = ON",
            # forget() must not leave a citizen's words in freed pages (some builds default to off).
            "PRAGMA secure_delete = ON",
        ]
        if read_only:
            pragmas.append("PRAGMA query_only = ON")
        else:
            [(mode,)] = await conn.execute_fetchall("PRAGMA journal_mode = WAL")
            if str(mode).lower() != "wal":
                raise RuntimeError(f"SQLite refused WAL mode for {path} (got {mode})")
            # Checkpoints are taken by the checkpoint connection (see above).
            pragmas.append("PRAGMA wal_autocheckpoint = 0")
            # The log shrinks back after a checkpoint, not kept at its largest (bot/storage/wal.py).
            pragmas.append(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
        # FULL until a caller asks otherwise: a commit is on disk when COMMIT returns.
        pragmas.append("PRAGMA synchronous = FULL")
        for pragma in pragmas:
            await conn.execute_fetchall(pragma)
    except BaseException:
        await conn.close()
        raise
    return conn


async def fetch_all(conn: aiosqlite.Connection, sql: str, params: Params = ()) -> list[sqlite3.Row]:
    """The rows of one statement, read to the end (so it holds no snapshot afterwards)."""
    return list(await conn.execute_fetchall(sql, params))


async def fetch_one(
    conn: aiosqlite.Connection, sql: str, params: Params = ()
) -> sqlite3.Row | None:
    rows = await fetch_all(conn, sql, params)
    return rows[0] if rows else None


class Connector:
    """Runs transactions for the repositories. Obtain one with `await Connector.open(path)`."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._checkpointer: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()
        # PRAGMA synchronous cannot change inside a transaction: set before BEGIN when it differs.
        self._synchronous = "FULL"
        self._writes_since_checkpoint = 0
        self._checkpoint: asyncio.Task[None] | None = None
        self._forget_hooks: list[Callable[[int], None]] = []
        self._durable_queue: list[tuple[Work[Any], asyncio.Future[Any]]] = []
        self._durable_runner: asyncio.Task[None] | None = None
        self.applied_migrations: list[str] = []

    @classmethod
    async def open(
        cls, path: Path, *, clock: Clock = utc_now, busy_timeout_ms: int = 5000
    ) -> Connector:
        _make_room_for(path)
        self = cls(path, clock)
        try:
            try:
                self._writer = await connect(path, busy_timeout_ms=busy_timeout_ms)
            except sqlite3.DatabaseError as error:
                # "unable to open database file", "file is not a database": said with the path.
                raise DatabaseUnavailable(path, str(error)) from error
            self.applied_migrations = await apply_migrations(self._writer)
            self._checkpointer = await connect(path, busy_timeout_ms=busy_timeout_ms)
            self._reader = await connect(path, busy_timeout_ms=busy_timeout_ms, read_only=True)
        except BaseException:
            await self.close()
            raise
        return self

    def now(self) -> datetime:
        return self.clock()

    def on_forget(self, hook: Callable[[int], None]) -> None:
        """`hook(user_id)` runs after a user's data was erased: what the update being handled
        holds of it (its conversation changes, not committed yet) goes too."""
        self._forget_hooks.append(hook)

    def user_forgotten(self, user_id: int) -> None:
        for hook in self._forget_hooks:
            hook(user_id)

    async def write(self, work: Work[T], *, durable: bool = True) -> T:
        """Run `work` in one BEGIN IMMEDIATE transaction on the writer connection.

        durable=True commits with synchronous=FULL (survives power loss), perhaps in one
        transaction with other durable works (see above); False with NORMAL
        (survives a crash of this process; a power cut may lose the last commits).
        """
        if self._writer is None:
            raise RuntimeError("the database is closed")
        if durable and (self._write_lock.locked() or self._durable_queue):
            return await self._write_durably(work)
        async with self._write_lock:
            conn = self._open_writer()
            try:
                await self._begin(conn, "FULL" if durable else "NORMAL")
                result = await work(conn)
                await conn.execute("COMMIT")
            except BaseException:
                await _roll_back(conn)
                raise
        self._count_write()
        return result

    async def _write_durably(self, work: Work[T]) -> T:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._durable_queue.append((work, future))
        if self._durable_runner is None or self._durable_runner.done():
            self._durable_runner = asyncio.create_task(self._commit_durable_groups())
        # Shielded: a caller that gives up does not take the others' commit down with it.
        return await asyncio.shield(future)

    async def _commit_durable_groups(self) -> None:
        while self._durable_queue:
            async with self._write_lock:
                group, self._durable_queue = self._durable_queue, []
                try:
                    outcomes = await self._commit_group([work for work, _ in group])
                except BaseException as error:
                    outcomes = [_Failed(error)] * len(group)
            for (_, future), outcome in zip(group, outcomes, strict=True):
                if future.done():
                    continue
                if not isinstance(outcome, _Failed):
                    future.set_result(outcome)
                elif isinstance(outcome.error, asyncio.CancelledError):
                    future.cancel()
                else:
                    future.set_exception(outcome.error)
            self._count_write()

    async def _commit_group(self, works: list[Work[Any]]) -> list[Any]:
        """One FULL transaction for all `works`, each in a savepoint when there are several;
        their results (or _Failed) in order. The whole group fails only if BEGIN or COMMIT
        does (or a lone work)."""
        conn = self._open_writer()
        try:
            await self._begin(conn, "FULL")
            if len(works) == 1:
                outcomes = [await works[0](conn)]
            else:
                outcomes = []
                for work in works:
                    await conn.execute("SAVEPOINT durable_work")
                    try:
                        outcomes.append(await work(conn))
                    except Exception as error:
                        await conn.execute("ROLLBACK TO durable_work")
                        outcomes.append(_Failed(error))
                    await conn.execute("RELEASE durable_work")
            await conn.execute("COMMIT")
        except BaseException:
            await _roll_back(conn)
            raise
        return outcomes

    def _open_writer(self) -> aiosqlite.Connection:
        if self._writer is None:
            raise RuntimeError("the database is closed")
        return self._writer

    async def _begin(self, conn: aiosqlite.Connection, synchronous: str) -> None:
        if synchronous != self._synchronous:
            # Noted first: a caller cancelled while waiting does not stop the PRAGMA.
            self._synchronous = synchronous
            await conn.execute(f"PRAGMA synchronous = {synchronous}")
        await conn.execute("BEGIN IMMEDIATE")

    async def read(self, work: Work[T]) -> T:
        """Run `work` in one read transaction (one consistent snapshot) on the reader."""
        async with self._read_lock:
            conn = self._reader
            if conn is None:
                raise RuntimeError("the database is closed")
            try:
                await conn.execute("BEGIN")
                result = await work(conn)
            except BaseException:
                await _roll_back(conn)
                raise
            await conn.execute("COMMIT")
        return result

    async def fetch_all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """One reading statement on the reader: a snapshot of its own, no BEGIN needed."""
        async with self._read_lock:
            if self._reader is None:
                raise RuntimeError("the database is closed")
            return await fetch_all(self._reader, sql, params)

    async def fetch_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def trace_writer(self, callback: Callable[[str], object] | None) -> None:
        """Pass every statement the writer runs to `callback` (None: stop); for tests."""
        if self._writer is None:
            raise RuntimeError("the database is closed")
        # aiosqlite's annotation leaves out None, which sqlite3 takes as "stop tracing".
        await self._writer.set_trace_callback(callback)  # type: ignore[arg-type]

    def _count_write(self) -> None:
        self._writes_since_checkpoint += 1
        if self._writes_since_checkpoint < CHECKPOINT_EVERY:
            return
        if self._checkpoint is not None and not self._checkpoint.done():
            return
        self._writes_since_checkpoint = 0
        self._checkpoint = asyncio.get_running_loop().create_task(self._take_checkpoint())

    async def _take_checkpoint(self) -> None:
        # PASSIVE: copies what no reader still needs, never blocks the writer or readers.
        if self._checkpointer is not None:
            await self._checkpointer.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)")

    async def close(self) -> None:
        if self._durable_runner is not None:
            await asyncio.gather(self._durable_runner, return_exceptions=True)
        # Taken in turn: a transaction under way is finished first, none begins after.
        async with self._write_lock, self._read_lock:
            connections = [self._reader, self._checkpointer, self._writer]
            self._reader = self._checkpointer = self._writer = None
        if self._checkpoint is not None:
            await asyncio.gather(self._checkpoint, return_exceptions=True)
        for conn in connections:
            if conn is not None:
                await conn.close()


async def _roll_back(conn: aiosqlite.Connection) -> None:
    """End the transaction a failed or cancelled caller began, if it began one.

    A statement whose caller was cancelled still runs on the connection's thread, and the
    thread runs statements in the order they were sent: this ROLLBACK comes after them all,
    and before the next caller's BEGIN. It finds no transaction when BEGIN itself failed or
    the COMMIT went through.
    """
    with contextlib.suppress(sqlite3.OperationalError):
        await conn.execute("ROLLBACK")


@dataclass(frozen=True, slots=True)
class _Failed:
    """A durable work that raised: its savepoint was rolled back, the group went on."""

    error: BaseException


def _make_room_for(path: Path) -> None:
    """The database's folder made if missing; DatabaseUnavailable where it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUnavailable(path, f"its folder cannot be made ({error.strerror})") from error
    if path.is_dir():
        raise DatabaseUnavailable(path, "this is a folder, not a file")


class DatabaseUnavailable(Exception):
    """The database file cannot be opened at all: a path an operator can put right."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"The database {path.resolve()} cannot be opened: {reason}.")
        self.path = path
