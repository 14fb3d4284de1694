"""SIGKILL a real `jumys run` under load, start it again: nothing acknowledged is lost, nothing
is done twice, every conversation goes on.

The Bot API is `operations.bot_api.BotApiServer` on 127.0.0.1 (it keeps updates until the bot
confirms them, as Telegram does). Six citizens talk at once, at Telegram's pace (the bot's own
limit of 30 messages a second); each one's next step is chosen from what the bot stored (the
conversation state in the SQLite file, read-only). A citizen never sends a step twice: an update
lost in the crash would leave them waiting, and the test would fail on its time limit.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from operations.bot_api import BotApiServer

from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.question_kinds import Answer, Nav, ShowResults
from handlers.citizen.results import ApplyFor

from .states import iin

CITIZENS = 6
FIRST_USER = 810_000_001
TOKEN = "123:TEST"
ROOT = Path(__file__).resolve().parents[2]
ACK = re.compile(r"(A-\d{6})")  # "Ваша заявка A-000012 на … отправлена"
# A Send handled again after the crash finds the application stored: "Вы уже подали заявку: …".
TOLD = ("отправлена", "Вы уже подали заявку")
# What nobody should hear after a crash: the error handler's apology, or being sent back to /start.
SORRY = "что-то пошло не так"
START_AGAIN = "отправьте /start"


class Bot:
    """`jumys run` as a child process, its log in a file."""

    def __init__(self, db: Path, api_url: str, log: Path) -> None:
        env = {
            **os.environ,
            "JUMYS_BOT_TOKEN": TOKEN,
            "JUMYS_API_URL": api_url,
            "JUMYS_DB": str(db),
            "JUMYS_SHUTDOWN_SECONDS": "5",
        }
        self.log_path = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    async def stop(self) -> int:
        """SIGTERM, and the exit code (waiting without blocking: the Bot API server runs in
        this event loop and must answer the bot while it stops)."""
        self.process.send_signal(signal.SIGTERM)
        for _ in range(300):
            code = self.process.poll()
            if code is not None:
                return code
            await asyncio.sleep(0.1)
        self.process.kill()
        raise AssertionError(f"no exit 30 s after SIGTERM; log:\n{self.log()}")


def stored_state(db: Path, user_id: int) -> tuple[str | None, int]:
    """The citizen's conversation state and how many applications they have (read-only)."""
    if not db.exists():
        return None, 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute(
            "SELECT state FROM fsm WHERE user_id = ? AND chat_id = ?", (user_id, user_id)
        ).fetchone()
        count = conn.execute(
            "SELECT COUNT(*) FROM applications WHERE user_id = ?", (user_id,)
        ).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return None, 0
    finally:
        conn.close()
    return (None if row is None else row[0]), int(count)


def next_step(api: BotApiServer, user_id: int, state: str | None, applied: int) -> bool:
    """Send what a citizen in `state` sends next; False when they are done."""
    if state is None:
        if applied:
            return False
        api.push_text(user_id, "/start")
    elif state == "Flow:consent":
        api.push_callback(user_id, ConsentChoice(agree=True).pack())
    elif state == "Ask:iin":
        api.push_text(user_id, iin("700510", 3))
    elif state == "Ask:region":
        api.push_callback(user_id, Answer(step="region", value="almaty_city").pack())
    elif state == "Ask:employment":
        api.push_callback(user_id, Answer(step="employment", value="unemployed_registered").pack())
    elif state == "Ask:lost_job":
        api.push_callback(user_id, Answer(step="lost_job", value="no").pack())
    elif state == "Ask:profession":
        api.push_callback(user_id, Answer(step="profession", value="other").pack())
    elif state == "Ask:groups":
        api.push_callback(user_id, Nav(action="groups_none").pack())
    elif state == "Ask:summary":
        api.push_callback(user_id, ShowResults().pack())
    elif state == "Flow:results":
        if applied:
            return False
        api.push_callback(user_id, ApplyFor(programme="kumis_jas").pack())
    elif state == "Applying:phone":
        api.push_text(user_id, "8 701 234 56 78")
    elif state == "Applying:confirm":
        api.push_callback(user_id, ApplyNav(action="submit", programme="kumis_jas").pack())
    else:
        raise AssertionError(f"citizen {user_id} is in an unexpected state {state}")
    return True


async def citizen(api: BotApiServer, db: Path, user_id: int, stop: asyncio.Event) -> None:
    """Step by step to a sent application, each step once, waiting for the bot to take it."""
    while not stop.is_set():
        # At a person's pace: beyond a burst of 10, the flood limit drops more than 2 a second,
        # and a dropped step would leave this citizen waiting for a state that never changes.
        await asyncio.sleep(0.5)
        state, applied = await asyncio.to_thread(stored_state, db, user_id)
        if not next_step(api, user_id, state, applied):
            return
        while not stop.is_set():
            await asyncio.sleep(0.05)
            if await asyncio.to_thread(stored_state, db, user_id) != (state, applied):
                break


def acknowledged(api: BotApiServer) -> dict[int, set[str]]:
    """Application numbers the bot told each citizen were sent."""
    told: dict[int, set[str]] = {}
    for request in api.sent("sendMessage"):
        text = str(request.params.get("text", ""))
        if any(words in text for words in TOLD) and (match := ACK.search(text)):
            told.setdefault(int(request.params["chat_id"]), set()).add(match.group(1))
    return told


def sent_back(api: BotApiServer) -> set[int]:
    """Citizens told something went wrong, or to send /start."""
    return {
        int(request.params["chat_id"])
        for request in api.sent("sendMessage")
        if SORRY in str(request.params.get("text", ""))
        or START_AGAIN in str(request.params.get("text", "")).lower()
    }


@pytest.fixture
async def api() -> AsyncIterator[BotApiServer]:
    server = BotApiServer(bot_id=123)
    await server.start()
    yield server
    await server.close()


async def test_sigkill_under_load_then_restart_loses_nothing_and_doubles_nothing(
    api: BotApiServer, tmp_path: Path
) -> None:
    db = tmp_path / "jumys.sqlite3"
    log = tmp_path / "bot.log"
    stop = asyncio.Event()
    users = [FIRST_USER + n for n in range(CITIZENS)]
    first = Bot(db, api.url, log)
    try:
        talking = [asyncio.create_task(citizen(api, db, user, stop)) for user in users]
        # Kill it in the middle: some citizens have applied, the others are on their way.
        await api.wait_for(lambda: len(acknowledged(api)) >= 2, seconds=90)
        first.kill()
        told_before_crash = acknowledged(api)
        assert len(told_before_crash) < CITIZENS, "the crash came too late to mean anything"
        await asyncio.sleep(0.5)
        second = Bot(db, api.url, log)
        try:
            done, stuck = await asyncio.wait(talking, timeout=120)
            states = [await asyncio.to_thread(stored_state, db, user) for user in users]
            assert not stuck, f"citizens waited in vain (states {states}); log:\n{second.log()}"
            for task in done:
                task.result()
            await api.wait_for(lambda: api.unconfirmed == 0, seconds=30)
        finally:
            assert await second.stop() == 0, second.log()
    finally:
        stop.set()
        if first.process.poll() is None:
            first.kill()

    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT user_id, id, status FROM applications ORDER BY user_id, id"
        ).fetchall()
        waiting = conn.execute("SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL").fetchone()
    finally:
        conn.close()
    by_user: dict[int, list[str]] = {}
    for user_id, app_id, status in rows:
        assert status == "queued"
        by_user.setdefault(user_id, []).append(f"A-{app_id:06d}")
    # Every conversation went on to a sent application, and nobody has two.
    assert sorted(by_user) == users
    assert all(len(numbers) == 1 for numbers in by_user.values()), by_user
    # Every application the bot acknowledged (before or after the crash) is there, and every
    # citizen who pressed Send was told their number, none sent back to the start.
    told = acknowledged(api)
    for user_id, numbers in told.items():
        assert numbers == set(by_user[user_id]), (user_id, numbers, by_user[user_id])
    assert sorted(told) == users
    assert not sent_back(api)
    assert told_before_crash, "nothing was acknowledged before the crash"
    assert waiting == (0,)  # every update taken from the API was handled
    assert "stopped taking updates" in log.read_text()
