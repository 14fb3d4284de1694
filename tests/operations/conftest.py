"""A Bot API server on 127.0.0.1 and `jumys run`'s service talking to it with short timeouts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram.utils.backoff import BackoffConfig

from bot.telegram.polling import PollTimes
from bot.telegram.service import Service

from .bot_api import BotApiServer
from .service import settings_for

QUICK = PollTimes(
    poll_seconds=1,
    grace_seconds=1.0,  # the request may take 2 s: the client must not give up before the server
    backoff=BackoffConfig(min_delay=0.05, max_delay=0.2, factor=1.5, jitter=0.0),
)
REPLY_RETRY_DELAYS = (0.05, 0.1, 0.2)


@pytest.fixture
async def api() -> AsyncIterator[BotApiServer]:
    server = BotApiServer()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def service(tmp_path: Path, api: BotApiServer) -> AsyncIterator[Service]:
    opened = await Service.open(
        settings_for(tmp_path, api_url=api.url), retry_delays=REPLY_RETRY_DELAYS
    )
    opened.poll_times = QUICK
    opened.bot.session.timeout = 1  # a Bot API request that hangs longer has failed
    yield opened
    await opened.close()
