"""What each part the issue asks for costs on top of a bare aiogram echo bot, added one at a time.

bench/conversation.py compares the whole conversation with a bare echo. This shows how much of
that gap is the echo plus what every production update needs whatever the handler does, with
the production pieces themselves:

1. echo: `Dispatcher()` and two handlers (a message answered with its text, a button with
   answerCallbackQuery): bench/conversation.py's echo;
2. + the conversation kept in SQLite, one commit per update (nothing typed is lost across a
   crash): `SQLiteStorage`, `ConversationIsolation`, `ConversationTransaction`; the handler
   keeps one value in the conversation data, as every step of the conversation does;
3. + each user's language from the database, the reply through gettext
   (`UserLanguageMiddleware`);
4. + the JSON log line per update (`UpdateLog`) and reply marking (`MarkReplies`);
5. + the per-user flood limit, Telegram's send limits and reply retries (rates set never to
   wait: their cost is counted, Telegram's pace is not).

The updates are bench/conversation.py's citizens' (texts, commands and button presses), sent by
100 citizens at once, flat out, on one core; rounds are interleaved and the median is shown.

Run: .venv/bin/python bench/layers.py [--citizens 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

# isort: split
from aiogram import Bot, Dispatcher, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from citizens import UPDATES_PER_CITIZEN, citizens, log_to_null, pin_to_one_core
from conversation import NEVER_WAIT, QuietSession, drive, echo_dispatcher, mounted
from timing import machine

from bot.i18n import _, get_i18n
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage
from bot.telegram.dispatcher import build_bot
from bot.telegram.flood_limit import FloodLimit
from bot.telegram.isolation import ConversationIsolation
from bot.telegram.language import UserLanguageMiddleware
from bot.telegram.middlewares import ConversationTransaction, Dependencies
from bot.telegram.reply_retries import MarkReplies
from bot.telegram.send_limits import SendSchedule
from bot.telegram.update_log import UpdateLog

CONCURRENCY = 100
LAYERS = (
    "echo",
    "+ SQLite conversation, a commit per update",
    "+ language from the database, gettext",
    "+ JSON log line per update",
    "+ flood limit, send limits, reply retries",
)


def stateful_echo(translated: bool) -> Router:
    router = Router()

    @router.message()
    async def echo(message: Message, state: FSMContext) -> None:
        await state.update_data(last="message")
        text = _("Help") if translated else (message.text or "…")
        await message.answer(text)

    @router.callback_query()
    async def pressed(callback: CallbackQuery, state: FSMContext) -> None:
        await state.update_data(last="button")
        await callback.answer()

    return router


def layered(depth: int, db: Database) -> tuple[Dispatcher, Bot]:
    """The echo with the first `depth` layers after it (0: the bare echo)."""
    if depth == 0:
        return echo_dispatcher(), Bot("1:offline", session=QuietSession())
    settings = Settings(_env_file=None)
    dp = Dispatcher(storage=SQLiteStorage(db), events_isolation=ConversationIsolation())
    dp.update.outer_middleware(Dependencies(db, settings))
    dp.update.outer_middleware(ConversationTransaction())
    if depth >= 2:
        UserLanguageMiddleware(get_i18n()).setup(dp)
    if depth >= 3:
        UpdateLog().setup(dp)
        MarkReplies().setup(dp)
    if depth >= 4:
        FloodLimit(NEVER_WAIT).setup(dp)
        unlimited = SendSchedule(
            global_rate=NEVER_WAIT, private_rate=NEVER_WAIT, group_rate=NEVER_WAIT
        )
        bot = build_bot(settings, QuietSession(), schedule=unlimited)
    else:
        bot = Bot("1:offline", session=QuietSession())
    dp.include_router(stateful_echo(translated=depth >= 2))
    return dp, bot


async def cost(folder: Path, depth: int, count: int, first_user_id: int) -> float:
    """CPU µs per update of `count` citizens' updates through the layered echo."""
    db = await Database.open(folder / f"{uuid.uuid4().hex}.sqlite3")
    try:
        dp, bot = layered(depth, db)
        people = citizens(count, first_user_id=first_user_id)
        conversations = [mounted(person.conversation(), bot) for person in people]
        _wall, cpu, _latencies = await drive(dp, bot, conversations, CONCURRENCY)
    finally:
        await db.close()
    return cpu / (count * UPDATES_PER_CITIZEN) * 1e6


async def main(count: int, rounds: int) -> None:
    core = pin_to_one_core()
    log_to_null()
    print(f"{machine()}, pinned to core {core}, load average {os.getloadavg()[0]:.2f} at start")
    costs: dict[int, list[float]] = {depth: [] for depth in range(len(LAYERS))}
    users: Callable[[], int] = iter(range(30_000_000, 10**9, 1_000_000)).__next__
    with tempfile.TemporaryDirectory() as folder:
        for depth in costs:  # warm: imports, catalogues, schemas
            await cost(Path(folder), depth, 10, users())
        for _round in range(rounds):
            for depth in costs:
                costs[depth].append(await cost(Path(folder), depth, count, users()))
    echo = statistics.median(costs[0])
    print(
        f"{CONCURRENCY} citizens at once, {count * UPDATES_PER_CITIZEN} updates a round, "
        f"median of {rounds} rounds"
    )
    for depth, name in enumerate(LAYERS):
        median = statistics.median(costs[depth])
        runs = ", ".join(f"{each:,.0f}" for each in costs[depth])
        print(f"{name:>44}: {median:6,.0f} µs/update = {median / echo:4.2f}x echo  ({runs})")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=300, help="citizens per round and layer")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    asyncio.run(main(options.citizens, options.rounds))
