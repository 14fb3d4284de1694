"""Taking updates in: kept in the inbox first, handled as tasks, recorded as handled at the end.

Both ways of receiving updates (long polling and the webhook) go through `Intake`:

1. `accept` / `accept_json` stores the updates in the inbox and only then lets the caller confirm
   them to Telegram (the next getUpdates offset, or the webhook's 200). An update Telegram sends
   again is recognised by its id and not handled twice.
2. Each new update is handled in its own task through `dp.feed_update`; aiogram's event isolation
   keeps one user's updates in order, other users go on in parallel.
3. A handled update is recorded as handled (its payload erased) in the same commit as the
   conversation changes it made (`bot.telegram.middlewares.ConversationTransaction`): after a crash
   an update is either wholly done or handled again from the state it found. An update that
   failed is recorded only after the error handler's answer went out, so a crash before that
   answer handles it again rather than leave the citizen without a word. An update whose task
   was cancelled by a stop that ran out of time stays waiting; `resume` handles it next start.

`room()` is the back-pressure: at most `max_in_flight` updates are handled at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from pydantic import ValidationError

from bot.storage.database import Database
from bot.storage.inbox import InboxUpdate
from bot.telegram.middlewares import INBOX_MARK, InboxMark

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 256


class UnreadableUpdate(ValueError):
    """A webhook body that is not a Telegram update."""


def encode(update: Update) -> str:
    return update.model_dump_json(exclude_unset=True, by_alias=True)


class Intake:
    def __init__(
        self, dp: Dispatcher, bot: Bot, db: Database, *, max_in_flight: int = MAX_IN_FLIGHT
    ) -> None:
        self.dp = dp
        self.bot = bot
        self.db = db
        self.max_in_flight = max_in_flight
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._has_room = asyncio.Event()
        self._has_room.set()

    @property
    def in_flight(self) -> int:
        return len(self._tasks)

    async def accept(self, updates: Sequence[Update]) -> int:
        """Keep and start the updates not seen before; returns how many were new."""
        fresh = await self.db.inbox.keep([InboxUpdate(u.update_id, encode(u)) for u in updates])
        new_ids = {item.update_id for item in fresh}
        for update in updates:
            if update.update_id in new_ids:
                self._start(update)
        return len(new_ids)

    async def accept_json(self, payload: str) -> bool:
        """The webhook's body: keep it as sent and start it; False if it was seen before."""
        try:
            update = Update.model_validate_json(payload, context={"bot": self.bot})
        except ValidationError as error:
            problems = error.error_count()
            raise UnreadableUpdate(f"not a Telegram update ({problems} problems)") from None
        fresh = await self.db.inbox.keep([InboxUpdate(update.update_id, payload)])
        if not fresh:
            return False
        self._start(update)
        return True

    async def resume(self) -> int:
        """Handle what the inbox still holds from before (a crash, a stop out of time)."""
        resumed = 0
        for item in await self.db.inbox.waiting():
            if item.update_id in self._tasks:
                continue
            try:
                update = Update.model_validate_json(item.payload, context={"bot": self.bot})
            except ValidationError:
                log.error("inbox update %s is unreadable; dropped", item.update_id)
                await self.db.inbox.handled([item.update_id])
                continue
            self._start(update)
            resumed += 1
        if resumed:
            log.info("resumed %s updates left from the previous run", resumed)
        return resumed

    async def room(self) -> None:
        """Wait until fewer than `max_in_flight` updates are being handled."""
        while len(self._tasks) >= self.max_in_flight:
            self._has_room.clear()
            await self._has_room.wait()

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109 - a deadline, not a call timeout
        """Wait up to `timeout` seconds for the updates in hand; cancel the rest (they stay in
        the inbox for the next start). Returns how many were cancelled."""
        tasks = list(self._tasks.values())
        if not tasks:
            return 0
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
            log.warning(
                "%s updates not finished in %s s; kept for the next start", len(pending), timeout
            )
        return len(pending)

    def _start(self, update: Update) -> None:
        task = asyncio.create_task(self._handle(update), name=f"update-{update.update_id}")
        self._tasks[update.update_id] = task
        task.add_done_callback(lambda _: self._finished(update.update_id))

    def _finished(self, update_id: int) -> None:
        self._tasks.pop(update_id, None)
        if len(self._tasks) < self.max_in_flight:
            self._has_room.set()

    async def _handle(self, update: Update) -> None:
        mark = InboxMark()
        try:
            await self.dp.feed_update(self.bot, update, **{INBOX_MARK: mark})
        except Exception:
            # The error router answers the citizen; this is only reached if that failed too.
            log.exception("update %s failed", update.update_id)
        if mark.recorded:
            return  # committed with the conversation's changes (bot.telegram.middlewares)
        # A failed update is recorded as handled all the same: one that fails every time
        # must not come back at every start.
        try:
            await self.db.inbox.handled([update.update_id])
        except Exception:
            log.exception("could not record update %s as handled", update.update_id)
