"""How long a citizen's personal data is kept, and erasing it once that time is over.

The consent text (handlers/citizen/consent.py) promises: "How long: while your application is
handled and one year after it, or until you delete it." So a citizen is erased, exactly as by
/forget (`Users.forget`: applications keep programme, region, status and times for statistics), once
RETENTION has passed

- since the last of their applications was decided (approved, rejected or withdrawn), and none is
  still active (queued, in review, needs info): an active application keeps them whatever the
  dates; or,
- for a citizen who never applied, since their answers or conversation last changed
  (`users.updated_at`, `fsm.updated_at`).

Staff members are left out, and so are the admins the caller names (`keep`: JUMYS_ADMINS, who
are in no table here): their own private chat with the bot (and the staff messages queued to
it) is where they work, and the consent text is not what they agreed to. A citizen whose
answers or conversation changed since the cutoff has come back and is left alone too.

Reports are counts only: nothing here hands out who was erased.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

import aiosqlite

from bot.storage.codec import time_to_db
from bot.storage.connection import Connector, fetch_all
from bot.storage.models import ACTIVE_STATUSES
from bot.storage.users import Users

# "one year after it" (handlers/citizen/consent.py). 365 days: in a leap year a citizen goes a day
# before the anniversary, never after it.
RETENTION = timedelta(days=365)

_ACTIVE = ", ".join(f"'{status}'" for status in sorted(ACTIVE_STATUSES))

# Citizens whose applications are all decided, the last one at or before the cutoff. A decided
# application never moves again, so its updated_at is when it was decided.
# Someone who has come back since (their answers or conversation changed after the cutoff)
# is in the middle of using the bot again: not erased under their feet.
_DECIDED_SQL = (
    "SELECT user_id FROM applications WHERE user_id IS NOT NULL{only}"
    " AND user_id NOT IN (SELECT user_id FROM staff)"
    " AND user_id NOT IN (SELECT id FROM users WHERE updated_at > ?)"
    " AND user_id NOT IN (SELECT user_id FROM fsm WHERE updated_at > ?)"
    " GROUP BY user_id"
    f" HAVING SUM(status IN ({_ACTIVE})) = 0 AND MAX(updated_at) <= ?"
)

# Citizens who never applied, whose user row and conversations all last changed at or before
# the cutoff. Someone who only chatted has conversation rows and no user row.
_IDLE_SQL = (
    "SELECT id FROM (SELECT id, updated_at FROM users"
    " UNION ALL SELECT user_id, updated_at FROM fsm)"
    " WHERE 1{only}"
    " AND id NOT IN (SELECT user_id FROM applications WHERE user_id IS NOT NULL)"
    " AND id NOT IN (SELECT user_id FROM staff)"
    " GROUP BY id HAVING MAX(updated_at) <= ?"
)


@dataclass(frozen=True, slots=True)
class Expired:
    """Citizens whose time is over (or was, when erased), in counts only."""

    decided: int  # their last application was decided over RETENTION ago
    idle: int  # never applied, idle for over RETENTION

    @property
    def total(self) -> int:
        return self.decided + self.idle


async def _due(
    conn: aiosqlite.Connection,
    cutoff: str,
    user_id: int | None = None,
    keep: frozenset[int] = frozenset(),
) -> tuple[set[int], set[int]]:
    """(decided, idle) citizens due for erasure, never those in `keep`; only `user_id` if
    given."""
    only_decided = "" if user_id is None else " AND user_id = ?"
    only_idle = "" if user_id is None else " AND id = ?"
    who = () if user_id is None else (user_id,)
    decided = await fetch_all(
        conn, _DECIDED_SQL.format(only=only_decided), (*who, cutoff, cutoff, cutoff)
    )
    idle = await fetch_all(conn, _IDLE_SQL.format(only=only_idle), (*who, cutoff))
    return {row[0] for row in decided} - keep, {row[0] for row in idle} - keep


class Retention:
    """Applies RETENTION with the connector's clock; erasing goes through `Users.forget`."""

    def __init__(self, connector: Connector, users: Users) -> None:
        self._db = connector
        self._users = users

    def cutoff(self) -> datetime:
        """Whatever last happened at or before this moment is past keeping."""
        return self._db.now() - RETENTION

    async def expired(self, *, keep: Collection[int] = ()) -> Expired:
        """How many citizens are due for erasure now; nothing is changed."""
        cutoff = time_to_db(self.cutoff())
        kept = frozenset(keep)
        decided, idle = await self._db.read(lambda conn: _due(conn, cutoff, keep=kept))
        return Expired(decided=len(decided), idle=len(idle))

    async def erase_expired(
        self, *, stop: Callable[[], bool] = lambda: False, keep: Collection[int] = ()
    ) -> Expired:
        """Forget every citizen due for erasure, one `forget` transaction each; the counts of
        those erased. `stop()` is asked before each one: what is left waits for the next run."""
        cutoff = time_to_db(self.cutoff())
        kept = frozenset(keep)
        decided, idle = await self._db.read(lambda conn: _due(conn, cutoff, keep=kept))
        erased_decided = erased_idle = 0
        for user_id in sorted(decided | idle):
            if stop():
                break
            # Asked again just before: since the first read the citizen may have come back and
            # applied, and forget would withdraw that new application. No other coroutine runs
            # between this read and forget's write being queued; only a submission already
            # waiting for its commit (milliseconds) could still slip in between.
            still_decided, still_idle = await self._db.read(
                partial(_due, cutoff=cutoff, user_id=user_id, keep=kept)
            )
            if not (still_decided or still_idle):
                continue
            await self._users.forget(user_id)
            if still_decided:
                erased_decided += 1
            else:
                erased_idle += 1
        return Expired(decided=erased_decided, idle=erased_idle)
