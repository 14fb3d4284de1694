"""`jumys run` erases what is past keeping by itself (bot/storage/retention.py): first shortly
after start, then once a day. It logs counts only, never who."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiogram import Bot

    from bot.storage.database import Database

log = logging.getLogger(__name__)

# Not at once: the first minute after a start belongs to the updates and messages that waited.
FIRST_RUN_AFTER = timedelta(minutes=1)
EVERY = timedelta(days=1)


async def stopped_within(stop: asyncio.Event, wait: timedelta) -> bool:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=wait.total_seconds())
    return stop.is_set()


async def erase_expired_daily(
    bot: Bot,
    db: Database,
    stop: asyncio.Event,
    *,
    first_after: timedelta = FIRST_RUN_AFTER,
    every: timedelta = EVERY,
    keep: Collection[int] = (),
) -> None:
    """A background worker (bot/service.py): returns soon after `stop` is set, also in the
    middle of a run (the citizens left are erased by the next one). `keep`: the admins."""
    wait = first_after
    while not await stopped_within(stop, wait):
        wait = every
        try:
            erased = await db.retention.erase_expired(stop=stop.is_set, keep=keep)
        except Exception:
            log.exception("erasing personal data past keeping failed; again in %s", every)
            continue
        log.info(
            "erased citizens past keeping: %s (%s decided over a year ago, %s idle for a year)",
            erased.total,
            erased.decided,
            erased.idle,
            extra={"erased_decided": erased.decided, "erased_idle": erased.idle},
        )
