"""Running `bot.telegram.service.Service` inside a test: settings for a temporary database, a task
that runs the service until the test stops it, and an offline session that can hold a reply back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiogram.methods import SendMessage, TelegramMethod

from bot.settings import Settings
from bot.telegram.offline_session import OfflineSession
from bot.telegram.service import Service

SECRET = "s3cret-Token_42"
TOKEN = "123:TEST"


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "db": tmp_path / "data" / "jumys.sqlite3",
        "webhook_url": "https://bot.example.kz/telegram/updates",
        "webhook_secret": SECRET,
        "webhook_host": "127.0.0.1",
        "webhook_port": 0,
        "shutdown_seconds": 5.0,
        **overrides,
    }
    return Settings(_env_file=None, **values)


class HeldSession(OfflineSession):
    """An offline Bot API whose sendMessage waits until `release` is set (a slow Telegram)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.release.set()
        self.holding = asyncio.Event()

    async def before_answer(self, method: TelegramMethod[Any]) -> None:
        if isinstance(method, SendMessage) and not self.release.is_set():
            self.holding.set()
            await self.release.wait()


@asynccontextmanager
async def running(
    service: Service, *, webhook: bool
) -> AsyncIterator[tuple[asyncio.Event, asyncio.Task[None]]]:
    """Runs the service in a task until the block ends (then stops it and waits)."""
    stop = asyncio.Event()
    task = asyncio.create_task(service.run(stop, webhook=webhook))
    started = asyncio.create_task(service.started.wait())
    await asyncio.wait({task, started}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        started.cancel()
        await task  # raises what went wrong at start
    try:
        yield stop, task
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)
