"""Memory: peak RSS of the bot while many conversations are in progress and many applications
are stored. Goal: at most a bare aiogram echo bot's own peak RSS + 60 MB, flat as the numbers
grow.

    .venv/bin/python bench/memory.py [--stages 1000:10000,10000:100000,100000:1000000]

For each stage (conversations:applications) this script builds a database file: the
applications by bench/application_table.py (real rule snapshots, events, users), then starts a
fresh process that is the bot: it opens the file (migrations), builds the real dispatcher, walks
SAMPLE citizens through the questionnaire by `dp.feed_update` (each stopping at a different
step, so the FSM rows hold real states and data), copies those rows to make up the rest of the
conversations in progress (SQL, in the same process), then handles UPDATES more updates:
resumed conversations answering their next question, /start from new citizens, /my from
citizens with applications. That process reports its peak RSS (VmHWM) and its RSS at the end.
The floor is measured the same way: a fresh process with a bare aiogram echo bot (one handler,
the same offline session) fed as many updates.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

SAMPLE = 300
UPDATES = 3_000
TODAY = date(2026, 3, 2)
BOT_ID = 1  # OFFLINE_TOKEN's bot id
FIRST_CITIZEN = 50_000_000  # above application_table.FIRST_USER + 1M applications


def status_kib() -> dict[str, int]:
    """VmHWM (peak RSS) and VmRSS of this process, in KiB."""
    values: dict[str, int] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = int(rest.split()[0])
    return values


# -- the bot process --------------------------------------------------------------------------


async def be_the_bot(path: Path, conversations: int) -> dict[str, Any]:
    # `bot` before aiogram, as `jumys run` imports them: bot/__init__ may prepare aiogram's import.
    importlib.import_module("bot")

    from bot.rules.iin import check_digit
    from bot.settings import Settings
    from bot.storage.database import Database
    from bot.telegram.dispatcher import build_bot, build_dispatcher
    from bot.telegram.offline_session import OfflineSession
    from bot.telegram.updates import UpdateFactory
    from handlers.citizen.consent import ConsentChoice
    from handlers.citizen.question_kinds import Answer, Nav

    settings = Settings(_env_file=None)
    db = await Database.open(path)
    bot = build_bot(settings, session=OfflineSession(keep_requests=False))
    dp = build_dispatcher(db, settings, clock=lambda: TODAY)
    rng = random.Random(11)
    handled = 0

    async def feed(factory: UpdateFactory, kind: str, value: str) -> None:
        nonlocal handled
        update = factory.callback(value) if kind == "tap" else factory.text(value)
        await dp.feed_update(bot, update)
        handled += 1

    def valid_iin(n: int) -> str:
        birth = date(1960, 1, 1).toordinal() + n * 37 % (45 * 365)
        born = date.fromordinal(birth)
        first = f"{born:%y%m%d}{3 + n % 2}{n % 10000:04}"
        digit = check_digit(first)
        return first + str(digit) if digit is not None else "700510300019"

    answers: dict[str, Callable[[int], tuple[str, str]]] = {
        "sex": lambda n: ("tap", Answer(step="sex", value=("male", "female")[n % 2]).pack()),
        "region": lambda n: ("tap", Answer(step="region", value="turkistan").pack()),
        "employment": lambda n: (
            "tap",
            Answer(step="employment", value="unemployed_registered").pack(),
        ),
        "education": lambda n: ("tap", Answer(step="education", value="secondary").pack()),
        "graduation": lambda n: ("text", "06.2020"),
        "experience": lambda n: ("tap", Answer(step="experience", value="yes").pack()),
        "groups": lambda n: ("tap", Nav(action="groups_none").pack()),
        "birth_date": lambda n: ("text", "07.03.1985"),
    }

    async def next_answer(factory: UpdateFactory, n: int) -> None:
        """Whatever the citizen's conversation asks now, answered as a citizen would."""
        key = dp.fsm.get_context(bot, factory.user_id, factory.user_id).key
        state = await dp.storage.get_state(key)
        step = (state or "").split(":")[-1]
        if state is None or state == "Flow:consent":
            await feed(factory, "text", "/start")
            await feed(factory, "tap", ConsentChoice(agree=True).pack())
        elif step == "iin":
            await feed(factory, "text", valid_iin(n))
        elif step in answers:
            await feed(factory, *answers[step](n))
        else:  # the summary or beyond: look at the results again
            await feed(factory, "text", "/my")

    started = time.perf_counter()
    for n in range(SAMPLE):
        factory = UpdateFactory(user_id=FIRST_CITIZEN + n, language_code=("kk", "ru")[n % 2])
        for _ in range(1 + n % 7):
            await next_answer(factory, n)
    after_sample = status_kib()

    # The rest of the conversations in progress: copies of the sample's rows.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    rows = conn.execute(
        "SELECT state, data FROM fsm WHERE user_id >= ? ORDER BY user_id", (FIRST_CITIZEN,)
    ).fetchall()
    now = datetime.now(UTC).isoformat()
    conn.executemany(
        "INSERT OR IGNORE INTO fsm (bot_id, chat_id, user_id, thread_id, business_connection_id,"
        " destiny, state, data, updated_at) VALUES (?, ?, ?, 0, '', 'default', ?, ?, ?)",
        (
            (BOT_ID, uid, uid, *rows[uid % len(rows)], now)
            for uid in range(FIRST_CITIZEN + SAMPLE, FIRST_CITIZEN + conversations)
        ),
    )
    conn.execute("COMMIT")
    in_progress = conn.execute("SELECT count(*) FROM fsm").fetchone()[0]
    applications = conn.execute("SELECT count(*) FROM applications").fetchone()[0]
    with_applications = conn.execute("SELECT min(user_id), max(user_id) FROM applications")
    low, high = with_applications.fetchone()
    conn.close()

    # Work on that database: resumed conversations, new citizens, citizens looking at /my.
    for i in range(UPDATES):
        kind = rng.random()
        if kind < 0.7:
            uid = rng.randrange(FIRST_CITIZEN, FIRST_CITIZEN + conversations)
            await next_answer(UpdateFactory(user_id=uid, language_code="ru"), uid)
        elif kind < 0.85:
            factory = UpdateFactory(user_id=FIRST_CITIZEN + conversations + i, language_code="kk")
            await feed(factory, "text", "/start")
        else:
            factory = UpdateFactory(user_id=rng.randint(low, high), language_code="ru")
            await feed(factory, "text", "/my")
    seconds = time.perf_counter() - started
    await bot.session.close()
    await db.close()
    end = status_kib()
    return {
        "conversations": in_progress,
        "applications": applications,
        "updates": handled,
        "seconds": round(seconds, 1),
        "peak_kib_after_sample": after_sample["VmHWM"],
        "peak_kib": end["VmHWM"],
        "rss_kib": end["VmRSS"],
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


async def be_the_echo(updates: int) -> dict[str, Any]:
    from aiogram import Bot, Dispatcher
    from aiogram.types import Message

    from bot.telegram.offline_session import OfflineSession
    from bot.telegram.updates import UpdateFactory

    # Not the bot's OFFLINE_TOKEN import: that would load the whole bot into the floor.
    bot = Bot("1:offline", session=OfflineSession(keep_requests=False))
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    for n in range(updates):
        await dp.feed_update(bot, UpdateFactory(user_id=FIRST_CITIZEN + n).text("/start"))
    await bot.session.close()
    return {"peak_kib": status_kib()["VmHWM"]}


# -- the orchestra ------------------------------------------------------------------------------


def build(path: Path, applications: int) -> float:
    from application_table import fill, snapshots

    began = time.perf_counter()
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    fill(path, applications, now, snapshots(200, now.date()))
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", default="1000:10000,10000:100000,100000:1000000")
    parser.add_argument("--dir", type=Path, default=None, help="where the files go (big)")
    parser.add_argument("--bot", nargs=2, metavar=("PATH", "CONVERSATIONS"), help=argparse.SUPPRESS)
    parser.add_argument("--echo", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bot:
        print(json.dumps(asyncio.run(be_the_bot(Path(args.bot[0]), int(args.bot[1])))))
        return 0
    if args.echo:
        print(json.dumps(asyncio.run(be_the_echo(SAMPLE * 4 + UPDATES))))
        return 0

    from timing import machine

    print(f"{machine()}, load average {os.getloadavg()[0]:.2f}")
    echo = subprocess.run(
        [sys.executable, __file__, "--echo"], check=True, capture_output=True, text=True
    )
    echo_mib = json.loads(echo.stdout.strip().splitlines()[-1])["peak_kib"] / 1024
    print(f"bare aiogram echo bot: peak RSS {echo_mib:.1f} MiB")
    peaks: list[float] = []
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        for stage in args.stages.split(","):
            conversations, applications = (int(part) for part in stage.split(":"))
            path = Path(folder) / f"memory-{applications}.sqlite3"
            built = build(path, applications)
            child = subprocess.run(
                [sys.executable, __file__, "--bot", str(path), str(conversations)],
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(child.stdout.strip().splitlines()[-1])
            result["file_mib"] = round(path.stat().st_size / 2**20)
            print(
                f"{result['conversations']:>9,} conversations, {result['applications']:>9,} "
                f"applications (file {result['file_mib']} MiB, built in {built:.0f} s): "
                f"peak RSS {result['peak_kib'] / 1024:.1f} MiB "
                f"(after the {SAMPLE} walked: {result['peak_kib_after_sample'] / 1024:.1f} MiB), "
                f"RSS at the end {result['rss_kib'] / 1024:.1f} MiB; "
                f"{result['updates']:,} updates handled in {result['seconds']} s",
                flush=True,
            )
            peaks.append(result["peak_kib"] / 1024)
            path.unlink()
    worst = max(peaks) - echo_mib
    verdict = "met" if worst <= 60 * 1e6 / 2**20 else "MISSED"
    print(
        f"goal: peak RSS ≤ the echo's + 60 MB (57.2 MiB), flat: worst +{worst:.1f} MiB ({verdict})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
