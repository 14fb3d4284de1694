"""An online, consistent copy of the database file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


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


def backup_database(source: Path, target: Path, *, overwrite: bool = False) -> None:
    """Copy `source` to `target` with VACUUM INTO: one read snapshot, so writers keep going
    and the copy is consistent. The copy appears under its name only when complete."""
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
    conn = sqlite3.connect(source, isolation_level=None, timeout=30)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("VACUUM INTO ?", (str(partial),))
    except sqlite3.Error as error:  # a full disk, a folder we may not write
        partial.unlink(missing_ok=True)
        raise BackupError(str(error)) from error
    finally:
        conn.close()
    check = sqlite3.connect(partial)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy failed its integrity check: {result}")
    with partial.open("rb+") as copy:
        os.fsync(copy.fileno())
    os.replace(partial, target)
