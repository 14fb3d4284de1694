"""Long polling that confirms an update to Telegram only once it is kept in the inbox.

aiogram's own polling confirms each update with the next getUpdates while it is still being
handled, so a crash loses what was in hand. Here a batch is stored first (`Intake.accept`) and
confirmed by the following getUpdates; the inbox hands anything unfinished to the next start.

Errors of getUpdates itself (timeouts, 5xx, 429, refused connections, another instance polling)
never stop the loop: it waits with aiogram's backoff and asks again with the same offset, so no
update is skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import GetUpdates
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.api_errors import failure, refuse_wrong_token
from bot.telegram.intake import Intake

log = logging.getLogger(__name__)

BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.6, jitter=0.1)


@dataclass(frozen=True, slots=True)
class PollTimes:
    poll_seconds: int = 25  # how long Telegram holds a getUpdates open when there is nothing new
    grace_seconds: float = 10.0  # how much longer than that the request may take
    backoff: BackoffConfig = BACKOFF


T = TypeVar("T")


class _Stopped(Exception):
    pass


async def _unless_stopped(work: Awaitable[T], stop: asyncio.Event) -> T:
    """`work`'s result, or _Stopped as soon as `stop` is set (work is then cancelled)."""
    task = asyncio.ensure_future(work)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    raise _Stopped


async def _pause(seconds: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def poll(
    bot: Bot,
    intake: Intake,
    stop: asyncio.Event,
    *,
    allowed_updates: Sequence[str] | None = None,
    times: PollTimes = PollTimes(),
    on_contact: Callable[[], None] = lambda: None,
) -> None:
    """Fetch, keep and hand over updates until `stop` is set; `on_contact` after each answer
    from Telegram (`bot.telegram.heartbeat`)."""
    offset: int | None = None
    delays = Backoff(times.backoff)
    failing = False
    while not stop.is_set():
        request = GetUpdates(
            offset=offset,
            timeout=times.poll_seconds,
            allowed_updates=list(allowed_updates) if allowed_updates is not None else None,
        )
        try:
            if intake.in_flight >= intake.max_in_flight:
                await _unless_stopped(intake.room(), stop)
            updates: list[Update] = await _unless_stopped(
                bot(request, request_timeout=int(times.poll_seconds + times.grace_seconds)), stop
            )
            on_contact()
            if updates:
                await intake.accept(updates)
        except _Stopped:
            break
        except Exception as error:
            refuse_wrong_token(error)
            if isinstance(error, TelegramRetryAfter):
                wait = float(error.retry_after)
            else:
                wait = next(delays)
            log.warning("getting updates failed (%s); again in %.1f s", failure(error), wait)
            failing = True
            await _pause(wait, stop)
            continue
        if failing:
            log.info("getting updates works again")
            delays.reset()
            failing = False
        if updates:
            offset = updates[-1].update_id + 1
    if offset is not None:
        await _confirm(bot, offset)


async def _confirm(bot: Bot, offset: int) -> None:
    """Tell Telegram the last batch arrived, so it is not sent again after the restart (the
    inbox would recognise it, but there is no need to fetch it twice)."""
    try:
        await bot(GetUpdates(offset=offset, timeout=0, limit=1), request_timeout=5)
    except Exception as error:
        log.info("could not confirm the last updates (%s)", type(error).__name__)
