"""A file beside the database that `jumys run` touches while it is in touch with Telegram, so
that `jumys health` (Docker's HEALTHCHECK, a monitoring script) can tell a bot that works from
one that is up but deaf: polling keeps failing, or the webhook could not be set.

Polling touches it after each answer to getUpdates (one comes at least every poll timeout even
when nobody writes); webhook mode every BEAT_SECONDS once the webhook is set. At most one touch
per BEAT_SECONDS: a busy bot does not write a file per update.
"""

from __future__ import annotations

import time
from pathlib import Path

BEAT_SECONDS = 10.0
# Polling answers within its timeout (25 s) plus grace; a few of those missed is trouble.
STALE_SECONDS = 120.0


def heartbeat_path(database: Path) -> Path:
    return database.with_name(f"{database.name}.alive")


class Heartbeat:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._last = float("-inf")

    def beat(self) -> None:
        now = time.monotonic()
        if now - self._last < BEAT_SECONDS:
            return
        self._last = now
        try:
            self.path.touch()
        except OSError:
            # A full or read-only disk shows up in the database first; health says stale.
            self._last = float("-inf")

    def stop(self) -> None:
        """The bot has stopped: no beat to go by any more."""
        self.path.unlink(missing_ok=True)
        self._last = float("-inf")


def seconds_since_beat(path: Path) -> float | None:
    """Seconds since the last beat; None if there never was one."""
    try:
        return max(0.0, time.time() - path.stat().st_mtime)
    except FileNotFoundError:
        return None
