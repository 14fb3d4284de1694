"""One SQLite file: one writer connection and one reader connection.

Where each transaction runs is chosen by what it costs, measured (bench/conversation.py):

- Reads and writes committed with synchronous=NORMAL (conversation state, language, answers,
  outbox bookkeeping) run whole on the event loop's thread. In WAL mode such a transaction takes
  tens of microseconds and never waits for the disk; a hop to a worker thread and back costs
  more than that, several times per update.
- Writes committed with synchronous=FULL (consent, submissions, decisions) wait for an fsync:
  they run on the writer's own thread, so the loop goes on meanwhile, and they are committed in
  groups: the ones that arrive while an fsync is under way share the next transaction (each in
  its own savepoint, so one that fails leaves the others alone) and the next fsync. A hundred
  citizens agreeing at the same moment wait for a few fsyncs, not for a hundred in a row; each
  caller still gets its answer only once its change is on disk.
- If another process holds the write lock (a `jumys` command, a backup), a NORMAL write does not
  wait on the loop: it is handed to the writer's thread, which waits with the busy timeout.

Either way a transaction is one uninterrupted call: it can never interleave with another
coroutine's statements. An asyncio lock keeps the writer connection to one user at a time.
WAL checkpoints (which do wait for the disk) are taken by a third connection on its own thread
every `CHECKPOINT_EVERY` writes, never by a write on the loop.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from asyncio import Future
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bot.storage.migrations import apply_migrations
from bot.storage.wal import JOURNAL_SIZE_LIMIT

T = TypeVar("T")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


# Write transactions between two WAL checkpoints (a checkpoint of ~1,000 small commits is quick).
CHECKPOINT_EVERY = 1000


def connect(path: Path, *, busy_timeout_ms: int, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: every transaction is opened by our own BEGIN.

    Connections are used from the loop's thread and from their worker's, never at once.
    """
    conn = sqlite3.connect(
        path, isolation_level=None, timeout=busy_timeout_ms / 1000, check_same_thread=False
    )
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
    if not read_only:
        # Checkpoints are taken by the checkpoint connection, off the loop (see above).
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        # The log shrinks back after a checkpoint, not kept at its largest (bot/storage/wal.py).
        conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
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
        self._checkpointer = _Worker("jumys-db-checkpoint")
        self._reader: sqlite3.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._writes_since_checkpoint = 0
        self._checkpoint: asyncio.Task[None] | None = None
        self._forget_hooks: list[Callable[[int], None]] = []
        self._durable_queue: list[tuple[Callable[[sqlite3.Connection], Any], Future[Any]]] = []
        self._durable_runner: asyncio.Task[None] | None = None
        self.applied_migrations: list[str] = []

    @classmethod
    async def open(
        cls, path: Path, *, clock: Clock = utc_now, busy_timeout_ms: int = 5000
    ) -> Connector:
        _make_room_for(path)
        self = cls(path, clock, busy_timeout_ms)
        try:
            try:
                await self._writer.start(partial(connect, path, busy_timeout_ms=busy_timeout_ms))
            except sqlite3.DatabaseError as error:
                # "unable to open database file", "file is not a database": said with the path.
                raise DatabaseUnavailable(path, str(error)) from error
            self.applied_migrations = await self._writer.call(
                lambda: apply_migrations(self._writer.conn)
            )
            # From here on the writer never sleeps inside SQLite: a busy database is retried by
            # `_begin`, on the loop only once (then on the writer's thread, see `write`).
            await self._writer.call(lambda: self._writer.conn.execute("PRAGMA busy_timeout = 0"))
            await self._checkpointer.start(partial(connect, path, busy_timeout_ms=busy_timeout_ms))
            self._reader = connect(path, busy_timeout_ms=busy_timeout_ms, read_only=True)
        except BaseException:
            await self.close()
            raise
        return self

    def now(self) -> datetime:
        return self.clock()

    def on_forget(self, hook: Callable[[int], None]) -> None:
        """`hook(user_id)` runs after a user's data was erased: in-memory copies go too."""
        self._forget_hooks.append(hook)

    def user_forgotten(self, user_id: int) -> None:
        for hook in self._forget_hooks:
            hook(user_id)

    async def write(self, work: Callable[[sqlite3.Connection], T], *, durable: bool = True) -> T:
        """Run `work` in one BEGIN IMMEDIATE transaction on the writer connection.

        durable=True commits with synchronous=FULL (survives power loss), on the writer's
        thread; False uses NORMAL (survives a crash of this process; a power cut may lose the
        last commits), on the loop's thread unless another process holds the write lock.
        """
        if self._reader is None:
            raise RuntimeError("the database is closed")
        if durable:
            return await self._write_durably(work)
        async with self._write_lock:
            try:
                result = self._write_now(work, False, wait=False)
            except _Busy:
                result = await self._writer.call(partial(self._write_now, work, False))
        self._count_write()
        return result

    async def _write_durably(self, work: Callable[[sqlite3.Connection], T]) -> T:
        future: Future[T] = asyncio.get_running_loop().create_future()
        self._durable_queue.append((work, future))
        if self._durable_runner is None or self._durable_runner.done():
            self._durable_runner = asyncio.create_task(self._commit_durable_groups())
        # Shielded: a caller that gives up does not take the others' commit down with it.
        return await asyncio.shield(future)

    async def _commit_durable_groups(self) -> None:
        while self._durable_queue:
            async with self._write_lock:
                group, self._durable_queue = self._durable_queue, []
                works = [work for work, _ in group]
                try:
                    outcomes = await self._writer.call(partial(self._commit_group, works))
                except BaseException as error:
                    outcomes = [_Failed(error)] * len(group)
            for (_, future), outcome in zip(group, outcomes, strict=True):
                if future.done():
                    continue
                if isinstance(outcome, _Failed):
                    if isinstance(outcome.error, asyncio.CancelledError):
                        future.cancel()
                    else:
                        future.set_exception(outcome.error)
                else:
                    future.set_result(outcome)
            self._count_write()

    def _commit_group(self, works: list[Callable[[sqlite3.Connection], Any]]) -> list[Any]:
        """One FULL transaction for all `works`, each in a savepoint; their results (or
        _Failed) in order. The whole group fails only if BEGIN or COMMIT does."""
        self._writer.set_synchronous("FULL")
        conn = self._writer.conn
        _begin(conn, wait_seconds=self.busy_timeout_ms / 1000)
        outcomes: list[Any] = []
        try:
            for work in works:
                conn.execute("SAVEPOINT durable_work")
                try:
                    outcomes.append(work(conn))
                except Exception as error:
                    conn.execute("ROLLBACK TO durable_work")
                    outcomes.append(_Failed(error))
                conn.execute("RELEASE durable_work")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return outcomes

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one read transaction (one consistent snapshot) on the reader."""
        conn = self._reader
        if conn is None:
            raise RuntimeError("the database is closed")
        conn.execute("BEGIN")
        try:
            return work(conn)
        finally:
            conn.execute("COMMIT")

    def _write_now(
        self, work: Callable[[sqlite3.Connection], T], durable: bool, *, wait: bool = True
    ) -> T:
        self._writer.set_synchronous("FULL" if durable else "NORMAL")
        conn = self._writer.conn
        _begin(conn, wait_seconds=self.busy_timeout_ms / 1000 if wait else 0.0)
        try:
            result = work(conn)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

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
        await self._checkpointer.call(
            lambda: self._checkpointer.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        )

    async def close(self) -> None:
        if self._durable_runner is not None:
            await asyncio.gather(self._durable_runner, return_exceptions=True)
        if self._checkpoint is not None:
            await asyncio.gather(self._checkpoint, return_exceptions=True)
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()
        await self._checkpointer.stop()
        await self._writer.stop()


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


class _Busy(Exception):
    """Another connection holds the write lock."""


def _begin(conn: sqlite3.Connection, *, wait_seconds: float) -> None:
    """BEGIN IMMEDIATE, retried for up to `wait_seconds` while another connection writes.

    With wait_seconds=0 a busy database raises _Busy at once; after a wait, SQLite's own
    "database is locked" error.
    """
    deadline = time.monotonic() + wait_seconds
    pause = 0.001
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                raise
            if wait_seconds <= 0:
                raise _Busy from error
            if time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
