"""Transactions on the writer and the reader: never interleaved, never lost, the loop never held."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from bot.storage.connection import CHECKPOINT_EVERY
from bot.storage.database import Database
from bot.storage.models import TransitionError

from .helpers import submit


async def test_many_durable_writes_at_once_are_all_kept_and_one_failure_stays_its_own(
    db: Database, db_path: Path
) -> None:
    users = list(range(500, 560))
    results = await asyncio.gather(
        *(db.users.give_consent(user, "2026-01") for user in users),
        db.applications.withdraw(999_999, 500),  # no such application: refused
        return_exceptions=True,
    )
    *consents, refused = results
    assert isinstance(refused, TransitionError)
    assert [getattr(user, "consent_version", None) for user in consents] == ["2026-01"] * 60
    await db.close()
    conn = sqlite3.connect(db_path)
    try:
        stored = conn.execute("SELECT COUNT(*) FROM users WHERE consent_version = '2026-01'")
        assert stored.fetchone()[0] == 60
    finally:
        conn.close()


async def test_a_failing_durable_write_leaves_nothing_behind(db: Database) -> None:
    async def half_then_fail(conn: aiosqlite.Connection) -> None:
        await conn.execute("INSERT INTO users (id, created_at, updated_at) VALUES (77, 'x', 'x')")
        raise ValueError("changed its mind")

    outcomes = await asyncio.gather(
        db.connector.write(half_then_fail),
        db.users.give_consent(78, "2026-01"),
        return_exceptions=True,
    )
    assert isinstance(outcomes[0], ValueError)
    assert await db.users.get(77) is None
    assert await db.users.get(78) is not None


async def test_a_write_waits_while_another_process_writes_and_the_loop_goes_on(
    db: Database, db_path: Path
) -> None:
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. `jumys staff add` in another terminal
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    clock = asyncio.create_task(ticker())
    write = asyncio.create_task(db.users.set_language(42, "kk"))
    await asyncio.sleep(0.3)
    assert not write.done()
    assert ticks > 20  # the event loop was not blocked by the waiting write
    other.execute("COMMIT")
    other.close()
    user = await asyncio.wait_for(write, 5)
    clock.cancel()
    assert user.language == "kk"


async def test_the_wal_is_checkpointed_off_the_loop_so_it_stops_growing(
    db: Database, db_path: Path
) -> None:
    wal = db_path.with_name(db_path.name + "-wal")
    for round_ in range(3):
        for n in range(CHECKPOINT_EVERY):
            await db.users.set_language(n, "kk" if round_ % 2 else "ru")
        await asyncio.sleep(0.2)  # the checkpoint runs on its own thread
        if round_ == 0:
            first = wal.stat().st_size
    # Once checkpointed, SQLite writes the WAL from its start again instead of appending.
    assert wal.stat().st_size <= first * 1.5


@pytest.mark.parametrize("durable", [True, False])
async def test_writes_after_close_are_refused(db: Database, durable: bool) -> None:
    await submit(db)
    await db.close()
    with pytest.raises(RuntimeError, match="closed"):
        await db.connector.write(lambda conn: conn.execute("SELECT 1"), durable=durable)


@pytest.mark.parametrize("ticks", range(8))
async def test_a_write_cancelled_at_any_point_leaves_no_transaction_open(
    db: Database, ticks: int
) -> None:
    async def two_rows(conn: aiosqlite.Connection) -> None:
        for user_id in (77, 78):
            await conn.execute(
                "INSERT INTO users (id, created_at, updated_at) VALUES (?, 'x', 'x')", (user_id,)
            )

    write = asyncio.create_task(db.connector.write(two_rows, durable=ticks % 2 == 0))
    for _ in range(ticks):
        await asyncio.sleep(0)
    write.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await write
    # Both rows or neither (a COMMIT already sent goes through), and the writer is free again.
    kept = {user_id for user_id in (77, 78) if await db.users.get(user_id) is not None}
    assert kept in (set(), {77, 78})
    assert (await asyncio.wait_for(db.users.set_language(79, "kk"), 5)).language == "kk"


@pytest.mark.parametrize("ticks", range(6))
async def test_a_read_cancelled_at_any_point_leaves_the_reader_usable(
    db: Database, ticks: int
) -> None:
    await db.users.set_language(80, "ru")

    async def two_reads(conn: aiosqlite.Connection) -> int:
        await conn.execute_fetchall("SELECT * FROM users")
        return len(list(await conn.execute_fetchall("SELECT * FROM users")))

    read = asyncio.create_task(db.connector.read(two_reads))
    for _ in range(ticks):
        await asyncio.sleep(0)
    read.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await read
    await db.users.set_language(81, "kk")
    # A fresh snapshot: the reader is not stuck in the cancelled read's transaction.
    assert await asyncio.wait_for(db.connector.read(two_reads), 5) == 2
