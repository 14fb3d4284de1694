"""`jumys run` keeps the deadlines by itself (bot/outbox/deadlines.py): shortly after start and
then every half hour, in the day (Kazakhstan time), questions left unanswered are recalled and
then given back to the queue, and once on each working day staff hear of their overdue work.
What was done is remembered in the database, so a restart repeats nothing. It logs counts only,
never who."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.outbox.deadlines import deadline_pass
from bot.telegram.daily_retention import FIRST_RUN_AFTER, stopped_within

if TYPE_CHECKING:
    import asyncio

    from aiogram import Bot

    from bot.rules.deadlines import Deadlines
    from bot.storage.database import Database

log = logging.getLogger(__name__)

EVERY = timedelta(minutes=30)


async def keep_deadlines(
    bot: Bot,
    db: Database,
    stop: asyncio.Event,
    *,
    deadlines: Deadlines,
    first_after: timedelta = FIRST_RUN_AFTER,
    every: timedelta = EVERY,
) -> None:
    """A background worker (bot/telegram/service.py): returns soon after `stop` is set."""
    wait = first_after
    while not await stopped_within(stop, wait):
        wait = every
        try:
            done = await deadline_pass(db.connector, deadlines)
        except Exception:
            log.exception("keeping the deadlines failed; again in %s", every)
            continue
        if done.reminded or done.returned or done.digests:
            log.info(
                "deadlines: %s question(s) recalled, %s given back unanswered, %s staff told"
                " of overdue work",
                done.reminded,
                done.returned,
                done.digests or 0,
                extra={
                    "reminded": done.reminded,
                    "returned": done.returned,
                    "digests": done.digests or 0,
                },
            )
