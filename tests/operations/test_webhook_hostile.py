"""Hostile webhook requests get a one-line answer, never a 500: a secret header that is not
ASCII is a wrong secret (401), a body that is not UTF-8 is not an update (400)."""

from __future__ import annotations

from bot.telegram.service import Service

from .service import SECRET, running
from .test_webhook_connections import PATH, TIMEOUT, closed_within, connect, service

__all__ = ["service"]  # the fixture, with the short webhook timeout
NOT_UTF8 = b'{"update_id": 1, "message": "\xff\xfe"}'


def request(secret: bytes, body: bytes) -> bytes:
    return (
        f"POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n".encode()
        + b"X-Telegram-Bot-Api-Secret-Token: "
        + secret
        + f"\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )


async def answer(service: Service, raw: bytes) -> bytes:
    said = await closed_within(await connect(service, raw), TIMEOUT * 5)
    assert said is not None
    return said.split(b"\r\n", 1)[0]


async def test_a_secret_header_that_is_not_ascii_is_refused_as_wrong(service: Service) -> None:
    async with running(service, webhook=True):
        status = await answer(service, request("секрет".encode(), b'{"update_id": 1}'))
    assert status == b"HTTP/1.1 401 Unauthorized"
    assert await service.db.inbox.waiting() == []


async def test_a_body_that_is_not_utf8_is_not_an_update(service: Service) -> None:
    async with running(service, webhook=True):
        status = await answer(
            service, request(SECRET.encode(), b'{"update_id": 1, "x": "\xff\xfe"}')
        )
    assert status == b"HTTP/1.1 400 Bad Request"
    assert await service.db.inbox.waiting() == []
