"""The outbox delivery loop: every queued message reaches its chat once, in its language.

One pass (`deliver_due`): take the due messages (leased, so no other pass takes them), render
each, send it, and mark it sent right after Telegram accepts it.

- 429 (TelegramRetryAfter): wait exactly what Telegram asks (`not_before = now + retry_after`).
- 5xx, network errors, an answer that is not JSON (a proxy's HTML 502 page): retry with the
  outbox's backoff (5 s, 10 s, 20 s, ... up to an hour; given up after a day of trying,
  `bot.storage.outbox.TRY_FOR`). A timeout is retried too: Telegram may have delivered the
  message before the answer was lost, and a second copy of a decision is the lesser harm than
  none (the one duplicate we cannot rule out; every send Telegram answered is marked at once).
- "bot was blocked", "chat not found", any other refusal: retrying cannot help; given up at once
  and kept in the table with the error. A decision or question to a citizen that is given up
  is reported to the staff member who made it: they phone the citizen instead.

Never twice where we can know: a message is marked sent in its own commit right after Telegram's
answer; if the database cannot take that commit at that moment, the process keeps it in mind
and records it at the next pass instead of sending again. The only ways to send it again are a
timeout after Telegram delivered it (above) and a crash between the answer and that record (the
lease runs out and the next pass sends it again): at-least-once then, exactly once otherwise.
Telegram offers no idempotency key that would close that gap.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramRetryAfter,
)

from bot.api_errors import TokenRefused, is_transient, refuse_wrong_token
from bot.outbox.notices import NoticeKind, Rendered, render
from bot.outbox.relay import (
    StaffRouting,
    relay_events,
    reroute_from_staff_chat,
    tell_member_lost,
    tell_unreachable,
)
from bot.storage.database import Database
from bot.storage.models import OutboxMessage

log = logging.getLogger(__name__)


def _chat_lost(error: TelegramAPIError) -> bool:
    """The chat itself refuses the bot (removed, gone, or moved to a new id), not one message
    (a 400 about the text would be ours to fix, and other chats would refuse it too)."""
    if isinstance(error, TelegramForbiddenError | TelegramMigrateToChat):
        return True
    return isinstance(error, TelegramBadRequest) and "chat not found" in error.message.lower()


def _error(error: BaseException) -> str:
    # Telegram's description names the problem, never the person; the chat id stays out.
    return f"{type(error).__name__}: {error}"[:500]


class _Outcome(StrEnum):
    SENT = "sent"
    LATER = "later"  # will be tried again
    DROPPED = "dropped"  # given up, or no longer applies
    FLOOD = "flood"  # Telegram asked the whole bot to wait


async def _deliver(
    bot: Bot, db: Database, message: OutboxMessage, now: datetime, routing: StaffRouting
) -> tuple[_Outcome, timedelta | None]:
    rendered = await render(message, db, now, routing.telegram)
    if rendered is None:
        await db.outbox.give_up(message.id, "no longer applies")
        return _Outcome.DROPPED, None
    try:
        sent_id = await _send(bot, message, rendered)
    except TelegramRetryAfter as error:
        wait = timedelta(seconds=error.retry_after)
        retrying = await db.outbox.record_failure(message, _error(error), retry_after=wait)
        log.warning("outbox %s: Telegram asks to wait %s s", message.id, error.retry_after)
        if not retrying:
            await tell_unreachable(db.connector, message, routing)
        return _Outcome.FLOOD, wait
    except Exception as error:
        # A wrong token is not this message's fault: nothing is given up (the bot stops).
        refuse_wrong_token(error)
        if is_transient(error):
            retrying = await db.outbox.record_failure(message, _error(error))
            log.warning("outbox %s: %s (retrying: %s)", message.id, type(error).__name__, retrying)
            if retrying:
                return _Outcome.LATER, None
        elif isinstance(error, TelegramAPIError):
            await db.outbox.give_up(message.id, _error(error))
            if message.chat_id != routing.staff_chat and _chat_lost(error):
                await tell_member_lost(db.connector, message, routing)
            if message.chat_id == routing.staff_chat and _chat_lost(error):
                new_id = getattr(error, "migrate_to_chat_id", None)
                await reroute_from_staff_chat(
                    db.connector, message, routing, type(error).__name__, new_id
                )
                log.error("the staff chat refuses the bot (%s): cards go privately", _error(error))
        else:
            raise
        log.warning("outbox %s (%s) given up: %s", message.id, message.kind, type(error).__name__)
        await tell_unreachable(db.connector, message, routing)
        return _Outcome.DROPPED, None
    try:
        await db.outbox.mark_sent(message.id)
    except sqlite3.Error as error:
        # Telegram has it: never sent again by this process (the next pass records it).
        log.warning("outbox %s sent; recording it failed: %s", message.id, type(error).__name__)
    if rendered.card_of is not None and sent_id is not None:
        try:
            await db.cards.keep(rendered.card_of, message.chat_id, sent_id, message.language)
        except sqlite3.Error as error:  # the card is out; only its later redraws are lost
            log.warning("outbox %s: its card copy not kept: %s", message.id, type(error).__name__)
    return _Outcome.SENT, None


async def _send(bot: Bot, message: OutboxMessage, rendered: Rendered) -> int | None:
    """Send the message (its id), or, for a redraw, edit the copies of a card in its chat."""
    if message.kind != NoticeKind.STAFF_REDRAW:
        sent = await bot.send_message(
            chat_id=message.chat_id, text=rendered.text, reply_markup=rendered.markup
        )
        return sent.message_id
    ids = message.payload.get("message_ids")
    for message_id in ids if isinstance(ids, list) else []:
        try:
            await bot.edit_message_text(
                chat_id=message.chat_id,
                message_id=int(message_id),
                text=rendered.text,
                reply_markup=rendered.markup,
            )
        except TelegramBadRequest as error:
            # Already as it should be ("not modified"), deleted, or too old to edit: nothing
            # to do for this copy (the others are still edited).
            log.info("outbox %s: a card copy not edited: %s", message.id, error.message[:80])
    return None


# Without a staff chat: a citizen who cannot be reached is reported to the reviewer privately.
PRIVATE_ROUTING = StaffRouting(staff_chat=None, staff_chat_language="ru", admins=())


async def deliver_due(
    bot: Bot, db: Database, now: datetime | None = None, routing: StaffRouting = PRIVATE_ROUTING
) -> int:
    """One pass over the due messages; returns how many were sent.

    A decision or question given up for good is reported to the staff member who made it
    (in the staff chat of `routing`, if there is one).

    After a 429 the rest of the pass is held back for the same wait (without counting an
    attempt): Telegram's flood wait is for the bot, and sending on would only earn more 429s.
    """
    moment = now if now is not None else db.connector.now()
    sent = 0
    due = await db.outbox.fetch_due(moment)
    for index, message in enumerate(due):
        try:
            outcome, wait = await _deliver(bot, db, message, moment, routing)
        except TokenRefused:
            raise  # the rest stay due; their leases run out
        except Exception as error:
            # A bug in one message must not hold back the rest of the pass: they are leased
            # with it, and would come back behind it at every pass.
            log.exception("outbox %s (%s) failed; trying again later", message.id, message.kind)
            with contextlib.suppress(Exception):
                if not await db.outbox.record_failure(message, _error(error)):
                    # Given up for good: whoever decided should know the citizen was not told.
                    await tell_unreachable(db.connector, message, routing)
            continue
        if outcome is _Outcome.SENT:
            sent += 1
        elif outcome is _Outcome.FLOOD and wait is not None:
            await db.outbox.postpone([m.id for m in due[index + 1 :]], moment + wait)
            break
    return sent


@dataclass(frozen=True, slots=True)
class NotifierTimes:
    interval: float = 2.0  # seconds between passes when idle


async def run_notifier(
    bot: Bot,
    db: Database,
    routing: StaffRouting,
    stop: asyncio.Event,
    times: NotifierTimes = NotifierTimes(),
) -> None:
    """Until `stop` is set: relay new events to staff, deliver what is due, sleep a little.

    A failing pass (the database busy, a bug in one message) is logged and retried on the next
    pass: the loop itself never dies while the bot runs.
    """
    while not stop.is_set():
        try:
            await relay_events(db.connector, routing)
            await deliver_due(bot, db, routing=routing)
        except TokenRefused:
            log.error("outbox: Telegram refused the token; nothing is given up, sent once it works")
        except Exception:
            log.exception("notifier pass failed; retrying")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=times.interval)
    try:
        # A delivery the database refused to record must not be sent again after a restart.
        await db.outbox.record_unrecorded()
    except Exception:
        log.exception("could not record the deliveries made; they may be sent again")
