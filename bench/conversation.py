"""The full citizen conversation through the dispatcher, 1, 100 and 250 citizens at once.

Full stack: the production dispatcher and bot (`bot.telegram.dispatcher`: update log written to
/dev/null, flood limit, send limits, reply retries), the real handlers and rules, a real SQLite file
(WAL, synchronous=FULL for consent and submissions), and the offline Bot API session that
answers at once. The limits' rates are set so high that they never wait: their cost is counted,
Telegram's pace is not (at 30 messages a second it would be the only thing measured).

In the same run a bare aiogram echo bot (`Dispatcher()`, one handler that answers a message with
its text, one that answers a button) gets the same updates on the same kind of session: the
full stack's CPU cost per update is compared with it.

Two ways of sending, for N = 1, 100 and 250 citizens at once:

- flat out (throughput): each of the N citizen tasks sends an update, waits for it to be handled,
  sends the next at once; when its citizen has applied it takes the next citizen, so N
  conversations are always in progress. Updates/s and CPU per update come from here; latency here
  is mostly waiting in line behind the other N - 1 (N / throughput), not handling.
- paced (latency): N citizens, each taking 0.5-1.5 s (1 s on average) to read and tap before each
  update, so N updates a second are offered. p50/p99 here is what a citizen waits for an answer
  while N people use the bot; the p99 goal applies to this.

The whole process (with SQLite's threads) is pinned to one core.

Goals: >= 500 updates/s flat out at 100 citizens on one core; paced p99 <= 20 ms at 100 citizens
(100 updates/s offered) and <= 50 ms at 250 updates/s offered. The cost against the echo is
reported, not a goal.

Run: .venv/bin/python bench/conversation.py [--levels 1,100,250] [--citizens 2000] [--think 1]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# isort: split
from aiogram import Bot, Dispatcher, Router
from aiogram.types import CallbackQuery, Message, Update
from citizens import UPDATES_PER_CITIZEN, Citizen, citizens, log_to_null, pin_to_one_core
from timing import machine, percentile

from bot.settings import Settings
from bot.storage.database import Database
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.offline_session import OfflineSession, SentRequest
from bot.telegram.rates import Rate
from bot.telegram.send_limits import SendSchedule

TODAY = date(2026, 3, 2)
NEVER_WAIT = Rate(per_second=1e9, burst=1_000_000)
GOAL_PER_SECOND_AT_100 = 500
# Paced p99 goal in ms by citizens at once (each offers about one update a second).
GOAL_P99_MS = {100: 20.0, 250: 50.0}
SORRY = "Извините, у нас что-то пошло не так"


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    concurrency: int
    updates: int
    wall: float
    cpu: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.updates / self.wall

    @property
    def cpu_us_per_update(self) -> float:
        return self.cpu / self.updates * 1e6

    def line(self) -> str:
        return (
            f"{self.name:>10} x{self.concurrency:<5} {self.updates:>6} updates: "
            f"{self.per_second:>7,.0f}/s, CPU {self.cpu_us_per_update:>5,.0f} µs/update, "
            f"p50 {percentile(self.latencies, 0.5) * 1000:6.2f} ms, "
            f"p99 {percentile(self.latencies, 0.99) * 1000:6.2f} ms"
        )


class QuietSession(OfflineSession):
    """The offline session, keeping only what the check needs (not every request forever)."""

    def __init__(self) -> None:
        super().__init__(on_request=self._count_sorry, keep_requests=False)
        self.sorry = 0

    def _count_sorry(self, request: SentRequest) -> None:
        if request.text.startswith(SORRY):
            self.sorry += 1


def mounted(updates: list[Update], bot: Bot) -> list[Update]:
    """Updates as the Bot API session delivers them: bound to the bot. (aiogram rebuilds an
    unbound update through a JSON round trip on every feed_update; neither mode does that.)"""
    return [Update.model_validate(u.model_dump(), context={"bot": bot}) for u in updates]


def echo_dispatcher() -> Dispatcher:
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    @router.callback_query()
    async def pressed(callback: CallbackQuery) -> None:
        await callback.answer()

    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def drive(
    dp: Dispatcher,
    bot: Bot,
    conversations: list[list[Update]],
    concurrency: int,
    think: float = 0.0,
) -> tuple[float, float, list[float]]:
    """Wall seconds, CPU seconds and per-update latencies of all conversations; `think` is the
    mean pause before each update (0: flat out)."""
    queue: Iterator[list[Update]] = iter(conversations)
    latencies: list[float] = []
    clock = time.perf_counter
    pauses = random.Random(7)

    async def citizen_task() -> None:
        for conversation in queue:
            for update in conversation:
                if think:
                    await asyncio.sleep(pauses.uniform(0.5, 1.5) * think)
                started = clock()
                await dp.feed_update(bot, update)
                latencies.append(clock() - started)

    gc.collect()
    wall, cpu = clock(), time.process_time()
    await asyncio.gather(*(citizen_task() for _ in range(concurrency)))
    return clock() - wall, time.process_time() - cpu, latencies


async def full_stack(
    folder: Path, people: list[Citizen], concurrency: int, think: float = 0.0
) -> tuple[Result, int, int]:
    """The result, applications stored, and "something went wrong" answers seen."""
    db = await Database.open(folder / f"bench-{concurrency}-{think:g}.sqlite3")
    settings = Settings(_env_file=None)
    session = QuietSession()
    unlimited = SendSchedule(global_rate=NEVER_WAIT, private_rate=NEVER_WAIT, group_rate=NEVER_WAIT)
    bot = build_bot(settings, session, schedule=unlimited)
    dp = build_dispatcher(db, settings, flood_rate=NEVER_WAIT, clock=lambda: TODAY)
    conversations = [mounted(citizen.conversation(), bot) for citizen in people]
    try:
        wall, cpu, latencies = await drive(dp, bot, conversations, concurrency, think)
        [(stored,)] = await db.connector.fetch_all(
            "SELECT COUNT(*) FROM applications WHERE status = 'queued'"
        )
    finally:
        await db.close()
    updates = len(people) * UPDATES_PER_CITIZEN
    name = "paced" if think else "full stack"
    return Result(name, concurrency, updates, wall, cpu, latencies), stored, session.sorry


async def echo(people: list[Citizen], concurrency: int) -> Result:
    bot = Bot("1:offline", session=QuietSession())
    conversations = [mounted(citizen.conversation(), bot) for citizen in people]
    wall, cpu, latencies = await drive(echo_dispatcher(), bot, conversations, concurrency)
    return Result("echo", concurrency, len(people) * UPDATES_PER_CITIZEN, wall, cpu, latencies)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def check(stored: int, expected: int, sorry: int) -> None:
    if stored != expected or sorry:
        raise SystemExit(
            f"the conversation did not go through ({stored} of {expected} applications, "
            f"{sorry} errors): the figures are void"
        )


async def main(levels: list[int], count: int, think: float) -> None:
    core = pin_to_one_core()
    log_to_null()
    print(f"{machine()}, pinned to core {core}, load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as folder:
        # One short untimed round first: imports, catalogues and caches are warm; then what
        # `jumys run` does once started.
        await full_stack(Path(folder), citizens(20, first_user_id=1), 10)
        await echo(citizens(20, first_user_id=1), 10)
        for concurrency in levels:
            people = citizens(max(count, concurrency))
            full, stored, sorry = await full_stack(Path(folder), people, concurrency)
            check(stored, len(people), sorry)
            bare = await echo(people, concurrency)
            ratio = full.cpu_us_per_update / bare.cpu_us_per_update
            others = citizens(concurrency, first_user_id=20_000_000)
            paced, stored, sorry = await full_stack(Path(folder), others, concurrency, think)
            check(stored, len(others), sorry)
            print(full.line())
            print(bare.line())
            print(paced.line())
            p99 = percentile(paced.latencies, 0.99) * 1000
            line = f"{'':>10}  cost {ratio:.2f}x echo; paced p99 {p99:.2f} ms"
            if concurrency in GOAL_P99_MS:
                line += f" (goal <= {GOAL_P99_MS[concurrency]:g} ms: "
                line += f"{verdict(p99 <= GOAL_P99_MS[concurrency])})"
            if concurrency == 100:
                line += f"; flat out goal >= {GOAL_PER_SECOND_AT_100}/s: "
                line += verdict(full.per_second >= GOAL_PER_SECOND_AT_100)
            print(line)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,100,250", help="citizens at once, comma-separated")
    parser.add_argument("--citizens", type=int, default=2000, help="citizens per level (at least)")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between taps, paced")
    options = parser.parse_args()
    levels = [int(n) for n in options.levels.split(",")]
    asyncio.run(main(levels, options.citizens, options.think))
