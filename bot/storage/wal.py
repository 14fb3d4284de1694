"""Personal data out of the write-ahead log once it is erased, and the log kept small.

SQLite writes every change to `jumys.sqlite3-wal` first; the pages there still hold what /forget
and retention erased (an IIN, a phone, a name, a staff note) until a checkpoint copies them into
the database and the log is started over, which the regular checkpoint does only after many
writes: days on a quiet server. So each erasure is followed by a TRUNCATE checkpoint (the log
emptied to zero bytes), and `JOURNAL_SIZE_LIMIT` caps what the log keeps after any checkpoint.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024
BUSY_TIMEOUT_SECONDS = 5.0


def truncate_wal(path: Path) -> bool:
    """Copy the whole log into the database and empty it; False if readers or a writer kept
    it busy for longer than the busy timeout (the next erasure tries again)."""
    if not path.exists():
        return False
    conn = sqlite3.connect(
        f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_SECONDS
    )
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        conn.close()
    return int(busy) == 0


class WalScrubber:
    """A forget hook (`Connector.on_forget`): a TRUNCATE checkpoint soon after a user's data is
    erased, off the event loop. Erasures that come while one runs share the next one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._again = False
        self._task: asyncio.Task[None] | None = None

    def __call__(self, user_id: int) -> None:
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._scrub())

    async def _scrub(self) -> None:
        self._again = True
        while self._again:
            self._again = False
            try:
                if not await asyncio.to_thread(truncate_wal, self.path):
                    log.warning("the write-ahead log was busy; emptied after the next erasure")
            except sqlite3.Error as error:
                log.error("could not empty the write-ahead log (%s)", type(error).__name__)

    async def idle(self) -> None:
        """Wait until the checkpoints asked for are done."""
        while self._task is not None and not self._task.done():
            await asyncio.shield(self._task)
