"""The running bot erases what is past keeping by itself, shortly after start and then once a day,
and its log says how many, never who."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from aiogram import Bot

from bot.storage.database import Database
from bot.telegram.daily_retention import erase_expired_daily
from bot.telegram.service import WORKER_STOP_SECONDS, background_workers

from .service import TOKEN, settings_for

FIRST, SECOND = 734512980, 734512981
IIN = "900101300123"
SOON = timedelta(milliseconds=10)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def db(tmp_path: Path, clock: Clock) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "jumys.sqlite3", clock=clock)
    yield database
    await database.close()


async def _gone(db: Database, user_id: int) -> None:
    """Waits until `user_id` was erased (at most a few seconds)."""
    for _ in range(500):
        if await db.users.get(user_id) is None:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{user_id} was not erased")


def test_the_running_bot_has_a_retention_worker_that_keeps_the_admins(tmp_path: Path) -> None:
    workers = background_workers(settings_for(tmp_path, admins={7001, 7002}))
    [erase] = [w for w in workers if getattr(w, "func", None) is erase_expired_daily]
    assert isinstance(erase, partial) and erase.keywords["keep"] == {7001, 7002}


async def test_the_bot_erases_shortly_after_start_then_daily_and_logs_only_counts(
    db: Database, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    await db.users.save_profile(FIRST, {"iin": IIN})
    clock.now += timedelta(days=200)
    await db.users.save_profile(SECOND, {"iin": IIN})
    clock.now += timedelta(days=166)
    stop = asyncio.Event()
    caplog.set_level(logging.INFO, logger="bot.telegram.daily_retention")

    worker = asyncio.create_task(
        erase_expired_daily(Bot(TOKEN), db, stop, first_after=SOON, every=timedelta(seconds=0.2))
    )
    try:
        await _gone(db, FIRST)
        assert await db.users.get(SECOND) is not None
        clock.now += timedelta(days=200)  # the next day's run finds the second one due
        await _gone(db, SECOND)
    finally:
        stop.set()
        await asyncio.wait_for(worker, timeout=WORKER_STOP_SECONDS)

    lines = [record.getMessage() for record in caplog.records]
    assert "erased citizens past keeping: 1 (0 decided over a year ago, 1 idle for a year)" in lines
    for line in lines:
        assert str(FIRST) not in line and str(SECOND) not in line and IIN not in line


async def test_the_worker_waits_before_its_first_run_and_stops_when_told(
    db: Database, clock: Clock
) -> None:
    await db.users.save_profile(FIRST, {"iin": IIN})
    clock.now += timedelta(days=400)
    stop = asyncio.Event()
    worker = asyncio.create_task(erase_expired_daily(Bot(TOKEN), db, stop))

    await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(worker, timeout=1)

    assert await db.users.get(FIRST) is not None  # the first run was a minute away
