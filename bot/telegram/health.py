"""What /healthz reports: the database answers, and how much waits in the outbox and inbox."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from bot.storage.database import Database

log = logging.getLogger(__name__)

# A health check must answer even when the database does not.
CHECK_SECONDS = 3.0


@dataclass(frozen=True, slots=True)
class Health:
    database: bool
    outbox_backlog: int | None = None  # messages to citizens and staff not yet delivered
    inbox_waiting: int | None = None  # updates taken from Telegram, not yet handled
    webhook_set: bool = True  # False while setWebhook keeps failing: Telegram sends nothing

    @property
    def ok(self) -> bool:
        return self.database and self.webhook_set

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "database": "ok" if self.database else "unreachable",
            "webhook": "set" if self.webhook_set else "not set yet",
            "outbox_backlog": self.outbox_backlog,
            "inbox_waiting": self.inbox_waiting,
        }


async def check_health(db: Database, *, seconds: float = CHECK_SECONDS) -> Health:
    async def read() -> Health:
        backlog = await db.outbox.backlog()
        inbox = await db.inbox.counts()
        return Health(database=True, outbox_backlog=backlog, inbox_waiting=inbox.waiting)

    try:
        return await asyncio.wait_for(read(), timeout=seconds)
    except Exception as error:
        log.warning("health check: the database does not answer (%s)", type(error).__name__)
        return Health(database=False)
