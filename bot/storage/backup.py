"""An online, consistent copy of the database file."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path

import aiosqlite


class BackupError(RuntimeError):
    pass


# The files SQLite keeps beside a database in WAL (and rollback journal) mode.
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def is_database_file(path: Path, database: Path) -> bool:
    """Whether `path` is `database` or one of its companion files, by any name (a relative
    path, a symbolic or hard link)."""
    if path.exists() and database.exists() and path.samefile(database):
        return True
    resolved, base = path.resolve(), database.resolve()
    return any(resolved == base.with_name(base.name + suffix) for suffix in _COMPANIONS)


async def backup_database(source: Path, target: Path, *, overwrite: bool = False) -> None:
    """Copy `source` to `target` with VACUUM INTO: one read snapshot, so writers keep going
    and the copy is consistent. The copy appears under its name only when complete."""
    partial = await asyncio.to_thread(_make_way, source, target, overwrite)
    try:
        async with aiosqlite.connect(source, isolation_level=None, timeout=30) as conn:
            await conn.execute_fetchall("PRAGMA busy_timeout = 30000")
            await conn.execute("VACUUM INTO ?", (str(partial),))
    except sqlite3.Error as error:  # a full disk, a folder we may not write
        await asyncio.to_thread(partial.unlink, missing_ok=True)
        raise BackupError(str(error)) from error
    async with aiosqlite.connect(partial) as check:
        [(result,)] = await check.execute_fetchall("PRAGMA integrity_check")
    if result != "ok":
        await asyncio.to_thread(partial.unlink, missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {result}")
    await asyncio.to_thread(_put_in_place, partial, target)


def _make_way(source: Path, target: Path, overwrite: bool) -> Path:
    """The checks before a copy; the name it is written under until complete."""
    if not source.exists():
        raise BackupError(f"no database at {source}")
    from bot.storage.backup_target import check_backup_target  # it imports this module

    check_backup_target(source, target)
    if is_database_file(target, source):
        # Renamed over the open database, the copy would meet the old -wal and -shm files:
        # the bot's next write makes the file unreadable (seen in an operator review).
        raise BackupError(f"{target} is the database itself (or one of its files)")
    if target.exists() and not overwrite:
        raise BackupError(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    return partial


def _put_in_place(partial: Path, target: Path) -> None:
    with partial.open("rb+") as copy:
        os.fsync(copy.fileno())
    os.replace(partial, target)
