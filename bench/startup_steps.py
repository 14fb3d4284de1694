"""Where `jumys run`'s start-up goes: the CPU time of each step, in the order the bot takes them.

    .venv/bin/python bench/startup_steps.py [--runs 5]

Each run is a fresh interpreter that takes the steps of `jumys run` one by one (imports with the
collector off, as `jumys run` does; a new database; the bot and dispatcher; the schemas every
update needs) and prints the CPU milliseconds of each; the medians over the runs are shown. CPU
time, not wall time: on a shared machine it moves far less. The first line is the interpreter
itself (`python -c pass`). What is left after the floor (pydantic, aiohttp) is what to cut.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import machine

STEPS = """
import gc, json, sys, time
gc.disable()
took = {}
mark = time.process_time()

def step(name):
    global mark
    now = time.process_time()
    took[name] = (now - mark) * 1000
    mark = now

import bot
step("bot")
import pydantic.main
step("pydantic")
import aiohttp
step("aiohttp (client)")
import aiogram
step("aiogram (types and methods, their schemas built)")
import bot.settings
step("pydantic_settings, bot.settings")
import bot.storage.database
step("bot.storage (aiosqlite)")
import bot.rules
step("bot.rules")
import bot.telegram.dispatcher
step("bot.telegram.dispatcher (handlers, i18n, babel)")
import bot.telegram.service
step("bot.telegram.service and the rest")

import asyncio
from bot.settings import Settings
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.storage.database import Database


async def start():
    settings = Settings(_env_file=None, bot_token="1:startup", db=sys.argv[1])
    step("Settings()")
    db = await Database.from_settings(settings)
    step("new database (migrations)")
    bot = build_bot(settings)
    step("Bot (aiogram's session loads certifi's CA bundle)")
    build_dispatcher(db, settings)
    step("dispatcher (routers, catalogues)")
    await bot.session.close()
    await db.close()


asyncio.run(start())
print(json.dumps(took))
"""


def interpreter_cpu() -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000


def one_run(folder: Path, run: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
    result = subprocess.run(
        [sys.executable, "-c", STEPS, str(folder / f"steps-{run}.sqlite3")],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=folder,
    )
    took: dict[str, float] = {"python itself (-c pass)": interpreter_cpu()}
    took.update(json.loads(result.stdout.strip().splitlines()[-1]))
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{machine()}, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        runs = [one_run(Path(folder), run) for run in range(args.runs)]
    total = 0.0
    for name in runs[0]:
        median = statistics.median(run[name] for run in runs)
        total += median
        print(f"  {median:7.0f} ms CPU  {name}")
    print(
        f"  {total:7.0f} ms CPU  in all (sum of medians); load average now {os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
