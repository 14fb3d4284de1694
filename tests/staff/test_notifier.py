"""Delivery through a real HTTP Bot API server that fails first: 429 with retry_after, a proxy's
HTML 502, a JSON 502. Every message arrives once, after the waits Telegram asked for."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from storage.conftest import TestClock
from support.bots import bare_bot

from bot.outbox.delivery import deliver_due
from bot.outbox.notices import decision_notice
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus

REVIEWER = 7101
TTL = timedelta(minutes=30)

TOO_MANY = (
    429,
    json.dumps(
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 7",
            "parameters": {"retry_after": 7},
        }
    ),
    "application/json",
)
PROXY_502 = (502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
JSON_502 = (
    502,
    json.dumps({"ok": False, "error_code": 502, "description": "Bad Gateway"}),
    "application/json",
)


class FlakyBotApi:
    """sendMessage answers the queued failures first, then accepts and records the message."""

    def __init__(self, failures: list[tuple[int, str, str]]) -> None:
        self.failures = failures
        self.calls = 0
        self.delivered: list[dict[str, str]] = []

    async def handle(self, request: web.Request) -> web.Response:
        assert request.match_info["method"] == "sendMessage"
        form = {key: str(value) for key, value in (await request.post()).items()}
        self.calls += 1
        if self.failures:
            status, body, content_type = self.failures.pop(0)
            return web.Response(status=status, text=body, content_type=content_type)
        self.delivered.append(form)
        message = {
            "message_id": len(self.delivered),
            "date": 0,
            "chat": {"id": int(form["chat_id"]), "type": "private"},
            "text": form.get("text", ""),
        }
        return web.json_response({"ok": True, "result": message})


@pytest.fixture
async def db(tmp_path: Path, clock: TestClock) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "jumys.sqlite3", clock=clock)
    yield database
    await database.close()


async def _server(api: FlakyBotApi) -> TestServer:
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    server = TestServer(app)
    await server.start_server()
    return server


async def _approved(db: Database, citizen: int, language: str = "kk") -> Application:
    application, _created = await db.applications.submit(
        citizen, "kumis_jas", "turkistan", {}, {}, "+77011234567", None, language
    )
    await db.applications.claim(application.id, REVIEWER, TTL)
    notice = decision_notice(application, AppStatus.APPROVED, None)
    return await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None, notice)


async def test_429_then_502_pages_then_success_delivers_once_after_the_asked_waits(
    db: Database, clock: TestClock
) -> None:
    api = FlakyBotApi([TOO_MANY, PROXY_502, JSON_502])
    server = await _server(api)
    bot = bare_bot(Settings(_env_file=None, api_url=str(server.make_url(""))))
    try:
        application = await _approved(db, 5001)

        assert await deliver_due(bot, db) == 0  # 429: Telegram asks for 7 seconds
        clock.advance(timedelta(seconds=6))
        assert await deliver_due(bot, db) == 0
        assert api.calls == 1  # not asked again before the 7 seconds

        clock.advance(timedelta(seconds=1, milliseconds=1))
        assert await deliver_due(bot, db) == 0  # an HTML 502 from a proxy: back off 10 s
        assert api.calls == 2
        clock.advance(timedelta(seconds=9))
        assert await deliver_due(bot, db) == 0
        assert api.calls == 2
        clock.advance(timedelta(seconds=1, milliseconds=1))
        assert await deliver_due(bot, db) == 0  # a JSON 502: back off 20 s
        clock.advance(timedelta(seconds=20, milliseconds=1))
        assert await deliver_due(bot, db) == 1

        [message] = api.delivered
        assert message["chat_id"] == "5001"
        assert application.number in message["text"] and "мақұлданды" in message["text"]
        clock.advance(timedelta(hours=2))
        assert await deliver_due(bot, db) == 0
        assert (api.calls, len(api.delivered), await db.outbox.backlog()) == (4, 1, 0)
    finally:
        await bot.session.close()
        await server.close()


async def test_a_429_holds_back_the_rest_of_the_pass_without_counting_an_attempt(
    db: Database, clock: TestClock
) -> None:
    api = FlakyBotApi([TOO_MANY])
    server = await _server(api)
    bot = bare_bot(Settings(_env_file=None, api_url=str(server.make_url(""))))
    try:
        await _approved(db, 5001)
        await _approved(db, 5002, "ru")

        assert await deliver_due(bot, db) == 0
        assert api.calls == 1  # the second message was not tried into the flood wait
        clock.advance(timedelta(seconds=7, milliseconds=1))
        assert await deliver_due(bot, db) == 2
        assert sorted(m["chat_id"] for m in api.delivered) == ["5001", "5002"]
        [russian] = [m["text"] for m in api.delivered if m["chat_id"] == "5002"]
        assert "одобрена" in russian
    finally:
        await bot.session.close()
        await server.close()


async def test_two_notifiers_at_once_send_each_message_once(db: Database) -> None:
    api = FlakyBotApi([])
    server = await _server(api)
    bot = bare_bot(Settings(_env_file=None, api_url=str(server.make_url(""))))
    try:
        for citizen in range(5001, 5011):
            await _approved(db, citizen)
        sent = await asyncio.gather(deliver_due(bot, db), deliver_due(bot, db))
        assert sum(sent) == 10
        assert sorted(m["chat_id"] for m in api.delivered) == [str(c) for c in range(5001, 5011)]
    finally:
        await bot.session.close()
        await server.close()


async def test_a_citizen_who_blocked_the_bot_is_given_up_at_once_and_kept_for_the_record(
    db: Database,
) -> None:
    blocked = (
        403,
        json.dumps(
            {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            }
        ),
        "application/json",
    )
    api = FlakyBotApi([blocked])
    server = await _server(api)
    bot = bare_bot(Settings(_env_file=None, api_url=str(server.make_url(""))))
    try:
        await _approved(db, 5001)
        assert await deliver_due(bot, db) == 0
        assert await db.outbox.backlog() == 1  # only the reviewer's "please phone them"
        assert await deliver_due(bot, db) == 1
        assert api.calls == 2  # the citizen's message is not tried again
        assert [m["chat_id"] for m in api.delivered] == [str(REVIEWER)]
    finally:
        await bot.session.close()
        await server.close()
