"""The webhook server on 127.0.0.1 against connections that never finish a request: each is
closed within the webhook timeout, at most `webhook_max_connections` are open at once, and the
bot goes on answering citizens. Raw sockets, a bounded number of them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.telegram.service import Service
from bot.telegram.updates import UpdateFactory

from .service import SECRET, HeldSession, running, settings_for
from .test_webhook import body, post, replies_to

TIMEOUT = 1.0
CAP = 20
CITIZEN = 4343
PATH = "/telegram/updates"

Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


@pytest.fixture
async def service(tmp_path: Path) -> AsyncIterator[Service]:
    settings = settings_for(tmp_path, webhook_timeout_seconds=TIMEOUT, webhook_max_connections=CAP)
    opened = await Service.open(settings, session=HeldSession(), workers=[])
    yield opened
    await opened.close()


async def connect(service: Service, first_bytes: bytes = b"") -> Connection:
    reader, writer = await asyncio.open_connection("127.0.0.1", service.web_port)
    if first_bytes:
        writer.write(first_bytes)
        await writer.drain()
    return reader, writer


async def closed_within(connection: Connection, seconds: float) -> bytes | None:
    """What the server said before closing the connection; None if it is still open."""
    reader, _ = connection
    try:
        return await asyncio.wait_for(reader.read(), timeout=seconds)
    except TimeoutError:
        return None
    except ConnectionResetError:
        return b""


def hang_up(connections: list[Connection]) -> None:
    for _, writer in connections:
        with contextlib.suppress(Exception):
            writer.close()


PARTIAL_HEADERS = f"POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Type: appl".encode()
PROMISED_BODY = (
    f"POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
    f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: 1000\r\n\r\n"
    '{"update_id": 1'
).encode()
HEALTH_KEEP_ALIVE = b"GET /healthz HTTP/1.1\r\nHost: bot\r\nConnection: keep-alive\r\n\r\n"


async def test_connections_without_a_whole_request_are_closed_within_the_timeout(
    service: Service,
) -> None:
    async with running(service, webhook=True):
        silent = [await connect(service) for _ in range(4)]
        partial = [await connect(service, PARTIAL_HEADERS) for _ in range(4)]
        promised = [await connect(service, PROMISED_BODY) for _ in range(4)]
        idle = [await connect(service, HEALTH_KEEP_ALIVE) for _ in range(4)]
        try:
            said = await asyncio.gather(
                *(closed_within(c, TIMEOUT * 5) for c in silent + partial + promised + idle)
            )
        finally:
            hang_up(silent + partial + promised + idle)
        assert all(answer is not None for answer in said), "a connection stayed open"
        assert all(b" 408 " in answer for answer in said[8:12] if answer is not None)
        assert all(b" 200 OK" in answer for answer in said[12:] if answer is not None)


async def test_connections_beyond_the_cap_are_closed_and_citizens_are_still_answered(
    service: Service,
) -> None:
    citizen = UpdateFactory(user_id=CITIZEN, language_code="ru")
    async with running(service, webhook=True):
        held = [await connect(service) for _ in range(CAP)]
        extra = [await connect(service) for _ in range(CAP)]
        try:
            over = await asyncio.gather(*(closed_within(c, TIMEOUT / 2) for c in extra))
            assert all(answer == b"" for answer in over), "a connection beyond the cap was kept"
            # The held ones time out, and their places serve Telegram again.
            freed = await asyncio.gather(*(closed_within(c, TIMEOUT * 5) for c in held))
            assert all(answer is not None for answer in freed)
        finally:
            hang_up(held + extra)
        status, _ = await post(service, body(citizen.text("/start")))
        assert status == 200
        assert await replies_to(service.bot.session, CITIZEN, 1)  # type: ignore[arg-type]


def test_the_webhook_listens_on_this_machine_only_by_default() -> None:
    assert Settings(_env_file=None).webhook_host == "127.0.0.1"
