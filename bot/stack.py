"""The bot as it runs for real: the citizen dispatcher plus the operational middlewares.

- dispatcher: one log line per update with its latency (`bot.logs.UpdateLog`), the per-user
  flood limit (`bot.throttling.FloodLimit`), and replies marked for `bot.retry`;
- bot: Telegram's limits for outgoing messages (`bot.outgoing.OutgoingLimiter`), inside a short
  retry of replies that fail transiently (`bot.retry.RetryReplies`).

`jumys run`, the benchmarks and the operations tests build the bot here; the conversation tests
and the console use `bot.app` directly (no limits, no log lines).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import date

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession

from bot.app import build_bot, build_dispatcher
from bot.logs import UpdateLog
from bot.outgoing import OutgoingLimiter, SendSchedule
from bot.ratelimit import Rate
from bot.retry import REPLY_RETRY_DELAYS, MarkReplies, RetryReplies
from bot.settings import Settings
from bot.storage.database import Database
from bot.throttling import FLOOD_RATE, FloodLimit


def production_dispatcher(
    db: Database,
    settings: Settings,
    *,
    flood_rate: Rate = FLOOD_RATE,
    clock: Callable[[], date] = date.today,
) -> Dispatcher:
    dp = build_dispatcher(db, settings, clock=clock)
    UpdateLog().setup(dp)
    MarkReplies().setup(dp)
    FloodLimit(flood_rate).setup(dp)
    return dp


def production_bot(
    settings: Settings,
    session: BaseSession | None = None,
    *,
    schedule: SendSchedule | None = None,
    retry_delays: tuple[float, ...] = REPLY_RETRY_DELAYS,
) -> Bot:
    bot = build_bot(settings, session)
    # The first registered middleware is the outermost: every retry waits for a send slot again.
    RetryReplies(retry_delays).setup(bot)
    OutgoingLimiter(schedule).setup(bot)
    return bot


def settle_after_start() -> None:
    """Take what start-up built (aiogram's classes and the schemas built so far, rules,
    catalogues: ~115,000 objects) out of the garbage collector's sight. A full collection walks
    every object: 225 ms on the machine of bench/RESULTS.md, a pause every citizen in line would
    feel. Objects made later are collected as usual; the collector is switched on again if
    `jumys run` had switched it off for the start.

    No collection first: it would free the start's garbage (~1,900 objects, ~0.4 MB) but cost
    ~0.1 s right before the first update."""
    gc.freeze()
    gc.enable()
