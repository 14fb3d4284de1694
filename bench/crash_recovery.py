"""The long variant of tests/reliability/test_crash.py: many citizens applying through the real
`jumys run` (long polling, the fake Bot API of tests/operations on 127.0.0.1) while the bot is
killed with SIGKILL again and again and started again each time.

    .venv/bin/python bench/crash_recovery.py [--citizens 200] [--kills 14] [--every 6]

Each citizen goes from /start to a sent application, each step once (the next step chosen from
what the bot stored). Printed at the end: applications confirmed to citizens and stored, any
stored twice, SQLite's integrity check, how many citizens who pressed Send were never told their
application number, the longest wait from pressing Send to hearing the number, and how many were
told something went wrong or sent back to /start.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' packages: operations, reliability

from operations.bot_api import BotApiServer  # noqa: E402
from reliability.test_crash import (  # noqa: E402
    ACK,
    TOLD,
    Bot,
    acknowledged,
    next_step,
    sent_back,
    stored_state,
)
from timing import machine  # noqa: E402

FIRST_USER = 830_000_001


async def citizen(
    api: BotApiServer, db: Path, user_id: int, pressed_send: dict[int, float]
) -> None:
    """Step by step to a sent application, each step once, waiting for the bot to take it."""
    while True:
        state, applied = await asyncio.to_thread(stored_state, db, user_id)
        if state == "Applying:confirm":
            pressed_send.setdefault(user_id, time.monotonic())
        if not next_step(api, user_id, state, applied):
            return
        while True:
            await asyncio.sleep(0.2)
            if await asyncio.to_thread(stored_state, db, user_id) != (state, applied):
                break


def told_at(api: BotApiServer) -> dict[int, float]:
    """When each citizen first heard their application number."""
    first: dict[int, float] = {}
    for request in api.sent("sendMessage"):
        chat, text = int(request.params["chat_id"]), str(request.params.get("text", ""))
        if chat not in first and any(words in text for words in TOLD) and ACK.search(text):
            first[chat] = request.at
    return first


async def run(citizens: int, kills: int, every: float, deadline: float) -> int:
    api = BotApiServer(bot_id=123)
    await api.start()
    folder = tempfile.TemporaryDirectory()
    db = Path(folder.name) / "jumys.sqlite3"
    log = Path(folder.name) / "bot.log"
    users = [FIRST_USER + n for n in range(citizens)]
    pressed_send: dict[int, float] = {}
    started = time.monotonic()
    bot = Bot(db, api.url, log)
    killed = 0
    try:
        talking = asyncio.gather(*(citizen(api, db, user, pressed_send) for user in users))
        while not talking.done() and killed < kills:
            await asyncio.sleep(every)
            if talking.done():
                break
            bot.kill()
            killed += 1
            bot = Bot(db, api.url, log)
        try:
            await asyncio.wait_for(talking, timeout=deadline)
        except TimeoutError:
            print(f"citizens still on their way after {deadline:.0f} s")
        await api.wait_for(lambda: api.unconfirmed == 0, seconds=60)
        await asyncio.sleep(2)  # the last replies
    finally:
        code = await bot.stop() if bot.process.poll() is None else bot.process.returncode
        await api.close()
    conn = sqlite3.connect(db)
    try:
        stored = conn.execute("SELECT user_id, COUNT(*) FROM applications GROUP BY user_id")
        per_user = dict(stored.fetchall())
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    folder.cleanup()

    told = acknowledged(api)
    first_told = told_at(api)
    waits = [first_told[u] - pressed_send[u] for u in pressed_send if u in first_told]
    never_told = [u for u in pressed_send if per_user.get(u) and u not in told]
    twice = [u for u, n in per_user.items() if n > 1]
    back = sent_back(api)
    print(
        f"{citizens} citizens, {killed} SIGKILLs, {time.monotonic() - started:.0f} s, "
        f"last stop exit code {code}"
    )
    print(
        f"applications confirmed {sum(len(n) for n in told.values())}, stored "
        f"{sum(per_user.values())}, stored twice {len(twice)}, integrity_check {integrity}"
    )
    print(
        f"pressed Send {len(pressed_send)}; never told their number {len(never_told)}; "
        f"longest wait from Send to the number {max(waits, default=0):.1f} s"
    )
    print(f"told something went wrong or to send /start: {len(back)}")
    ok = (
        len(per_user) == citizens
        and not twice
        and integrity == "ok"
        and not never_told
        and sorted(told) == users
        and not back
    )
    print("ok" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--kills", type=int, default=14)
    parser.add_argument("--every", type=float, default=6.0, help="seconds between SIGKILLs")
    parser.add_argument("--deadline", type=float, default=300.0)
    options = parser.parse_args()
    print(f"{machine()}, load average {os.getloadavg()[0]:.2f}")
    return asyncio.run(run(options.citizens, options.kills, options.every, options.deadline))


if __name__ == "__main__":
    raise SystemExit(main())
