"""A second `jumys run` on the same database refuses to start and says which process holds it;
the lock a killed bot leaves behind does not block the next start."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from reliability.test_crash import ROOT, TOKEN, Bot

from bot.telegram.single_run import lock_path

from .bot_api import BotApiServer

CITIZEN = 3131


async def second_run(db: Path, api_url: str) -> tuple[int, str]:
    """Another `jumys run` on `db`: its exit code and what it wrote (the Bot API server runs
    in this event loop, so the wait must not block it)."""
    env = {**os.environ, "JUMYS_BOT_TOKEN": TOKEN, "JUMYS_API_URL": api_url, "JUMYS_DB": str(db)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError("the second `jumys run` did not stop by itself") from None
    return await process.wait(), output.decode(errors="replace")


async def test_a_second_run_on_one_database_refuses_and_names_the_first(
    api: BotApiServer, tmp_path: Path
) -> None:
    db = tmp_path / "jumys.sqlite3"
    first = Bot(db, api.url, tmp_path / "first.log")
    try:
        await api.wait_for(lambda: bool(api.sent("getUpdates")), seconds=60)
        code, said = await second_run(db, api.url)
        assert code == 1, said
        assert f"pid {first.process.pid}, since " in said
        assert "Another `jumys run` is using" in said
        # The first goes on serving, alone.
        api.push_text(CITIZEN, "/start")
        await api.wait_for(lambda: len(api.texts(CITIZEN)) == 1, seconds=30)
    finally:
        assert await first.stop() == 0, first.log()


async def test_the_lock_of_a_killed_bot_does_not_block_the_next_start(
    api: BotApiServer, tmp_path: Path
) -> None:
    db = tmp_path / "jumys.sqlite3"
    first = Bot(db, api.url, tmp_path / "first.log")
    await api.wait_for(lambda: bool(api.sent("getUpdates")), seconds=60)
    first.kill()
    assert lock_path(db).read_text().startswith(f"pid {first.process.pid}")
    again = Bot(db, api.url, tmp_path / "again.log")
    try:
        api.push_text(CITIZEN, "/start")
        await api.wait_for(lambda: len(api.texts(CITIZEN)) == 1, seconds=60)
        assert lock_path(db).read_text().startswith(f"pid {again.process.pid}")
    finally:
        assert await again.stop() == 0, again.log()
