"""The one place that builds the bot: the dispatcher with its whole middleware chain, and the Bot
with its Bot API session limits. `jumys run`, the console, the tests and the benchmarks all build
them here; what differs between them (the clock, the flood limit, the send schedule, the session)
is a parameter, never another chain.

An update goes through, in this order (each outer middleware around all that follows):

1. aiogram's own, which `Dispatcher()` registers first: its errors middleware, the user and chat
   in handler data, and the FSM context, which takes the conversation's lock (our
   `ConversationIsolation`: one update at a time per conversation) and reads its state;
2. `UpdateLog`: one log line per update, timing everything below, the commit included (not the
   wait for the conversation's lock);
3. `PeopleOnly`: an update without a sender, from a bot or with impossible ids goes no further;
4. `Dependencies`: the database and the settings in handler data;
5. `ConversationTransaction`: the update's conversation changes commit together at its end;
6. `UserLanguageMiddleware`: the user's language (from our users table) for every text;
7. `MarkReplies`: Bot API requests made from here on are replies, retried briefly if they fail;
8. `FloodLimit`, outer per event type: a flooding user is slowed down, told in their language;
9. the routers of `handlers/` (`handlers.router()`), with `CallbackAnswerMiddleware` answering
   every button press.

(`bench/layers.py` alone builds chains of its own: it adds these parts one at a time to an echo
bot, to show what each costs.)

Requests the bot makes go through `EditsInPlace` (an edit with nothing left to edit succeeds),
`RetryReplies` around `SendLimits` (a retried reply waits for a send slot again), then the session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseStorage
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

import handlers
from bot.i18n import get_i18n
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage
from bot.storage.wal import WalScrubber
from bot.telegram.edits import EditsInPlace
from bot.telegram.flood_limit import FLOOD_RATE, FloodLimit
from bot.telegram.isolation import ConversationIsolation
from bot.telegram.language import UserLanguageMiddleware
from bot.telegram.middlewares import ConversationTransaction, Dependencies
from bot.telegram.rates import Rate
from bot.telegram.reply_retries import REPLY_RETRY_DELAYS, MarkReplies, RetryReplies
from bot.telegram.send_limits import SendLimits, SendSchedule
from bot.telegram.senders import PeopleOnly
from bot.telegram.update_log import UpdateLog

# Used only where no token is set: the console and tests talk to an offline session.
OFFLINE_TOKEN = "1:offline"


def build_dispatcher(
    db: Database,
    settings: Settings,
    *,
    clock: Callable[[], date] = date.today,
    flood_rate: Rate = FLOOD_RATE,
    storage: BaseStorage | None = None,
) -> Dispatcher:
    """Everything an update goes through, citizen's or staff's, in the order of the module's
    docstring. `clock` gives "today" for the rules."""
    dp = Dispatcher(
        storage=SQLiteStorage(db) if storage is None else storage,
        events_isolation=ConversationIsolation(),
        clock=clock,
    )
    # What /forget and retention erased leaves the write-ahead log soon after, not days later.
    db.connector.on_forget(WalScrubber(db.connector.path))
    UpdateLog().setup(dp)
    PeopleOnly().setup(dp)
    dp.update.outer_middleware(Dependencies(db, settings))
    dp.update.outer_middleware(ConversationTransaction())
    UserLanguageMiddleware(get_i18n()).setup(dp)
    MarkReplies().setup(dp)
    FloodLimit(flood_rate).setup(dp)
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    dp.include_router(handlers.router())
    return dp


def build_bot(
    settings: Settings,
    session: BaseSession | None = None,
    *,
    schedule: SendSchedule | None = None,
    retry_delays: tuple[float, ...] = REPLY_RETRY_DELAYS,
) -> Bot:
    """A Bot for the token in settings (an offline token when there is none), with Telegram's
    send limits, short retries of replies and edits that find their work done."""
    if session is None:
        session = (
            AiohttpSession(api=TelegramAPIServer.from_base(settings.api_url))
            if settings.api_url
            else AiohttpSession()
        )
    token = settings.bot_token.get_secret_value() if settings.bot_token else OFFLINE_TOKEN
    bot = Bot(token=token, session=session)
    # The first registered is the outermost: every retry waits for a send slot again.
    EditsInPlace().setup(bot)
    RetryReplies(retry_delays).setup(bot)
    SendLimits(schedule).setup(bot)
    return bot
