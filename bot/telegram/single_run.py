"""One `jumys run` per database: a second one refuses to start and says which process holds it.

Two bots on one database answer every citizen twice and trip over each other's conversations.
The lock is an advisory `flock` on a file beside the database (`jumys.sqlite3.lock`) holding the
owner's pid and start time. The kernel drops the lock when its process ends, however it ends, so
a file left behind by a crash never blocks the next start; the file itself is never removed
(removing it would let a third process lock a new file while the second still holds the old).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

HOLDER_BYTES = 200


class AlreadyRunning(Exception):
    """Another process holds the database's lock."""

    def __init__(self, db: Path, holder: str) -> None:
        super().__init__(
            f"Another `jumys run` is using {db} ({holder}). Stop it first: two bots on one"
            " database answer every citizen twice."
        )


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


@contextmanager
def only_run(db: Path) -> Iterator[None]:
    """Hold the database's lock while inside; AlreadyRunning if another process holds it."""
    path = lock_path(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, HOLDER_BYTES, 0).decode(errors="replace").strip()
            raise AlreadyRunning(db, holder or "pid unknown") from None
        since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, since {since}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # and with it the lock
