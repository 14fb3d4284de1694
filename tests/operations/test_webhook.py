"""`jumys run --webhook`: a real aiohttp server in this process, Telegram played by the test."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.storage.models import OutboxDraft
from bot.telegram.service import Service
from bot.telegram.updates import UpdateFactory
from handlers.citizen.consent import ConsentChoice

from .service import SECRET, HeldSession, running, settings_for

HEADER = "X-Telegram-Bot-Api-Secret-Token"
CITIZEN = 4242


def body(update: Any) -> str:
    return str(update.model_dump_json(exclude_unset=True, by_alias=True))


async def post(service: Service, payload: str, secret: str | None = SECRET) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[HEADER] = secret
    url = f"http://127.0.0.1:{service.web_port}/telegram/updates"
    async with aiohttp.ClientSession() as http, http.post(url, data=payload, headers=headers) as r:
        return r.status, await r.text()


async def healthz(service: Service) -> tuple[int, dict[str, Any]]:
    url = f"http://127.0.0.1:{service.web_port}/healthz"
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, json.loads(await response.text())


async def replies_to(session: HeldSession, chat_id: int, count: int) -> list[str]:
    for _ in range(500):
        texts = [r.text for r in session.sent() if r.params.get("chat_id") == chat_id]
        if len(texts) >= count:
            return texts
        await asyncio.sleep(0.01)
    raise AssertionError(f"expected {count} replies to {chat_id}, got {len(texts)}")


@pytest.fixture
async def service(tmp_path: Path) -> Any:
    # No notifier: the outbox backlog /healthz reports must stay as the test made it.
    opened = await Service.open(settings_for(tmp_path), session=HeldSession(), workers=[])
    yield opened
    await opened.close()


def session_of(service: Service) -> HeldSession:
    session = service.bot.session
    assert isinstance(session, HeldSession)
    return session


async def test_an_update_with_the_secret_is_answered_and_the_webhook_is_registered(
    service: Service,
) -> None:
    citizen = UpdateFactory(user_id=CITIZEN, language_code="ru")
    async with running(service, webhook=True):
        [registered] = session_of(service).sent("setWebhook")
        assert registered.params["url"] == "https://bot.example.kz/telegram/updates"
        assert registered.params["secret_token"] == SECRET
        assert await post(service, body(citizen.text("/start"))) == (200, "{}")
        [consent] = await replies_to(session_of(service), CITIZEN, 1)
        assert "Вы согласны?" in consent
        assert await post(service, body(citizen.callback(ConsentChoice(agree=True).pack())))
        await replies_to(session_of(service), CITIZEN, 2)
    user = await service.db.users.get(CITIZEN)
    assert user is not None and user.consent_version is not None


@pytest.mark.parametrize("secret", ["wrong-token", "", None], ids=["wrong", "empty", "missing"])
async def test_a_request_without_the_right_secret_gets_401_and_nothing_is_done(
    service: Service, secret: str | None
) -> None:
    citizen = UpdateFactory(user_id=CITIZEN)
    async with running(service, webhook=True):
        status, text = await post(service, body(citizen.text("/start")), secret=secret)
        assert (status, text) == (401, "Unauthorized")
        await asyncio.sleep(0.1)
    assert [r for r in session_of(service).sent() if r.params.get("chat_id") == CITIZEN] == []
    assert await service.db.inbox.waiting() == []
    assert await service.db.users.get(CITIZEN) is None


async def test_a_body_that_is_not_an_update_is_refused(service: Service) -> None:
    async with running(service, webhook=True):
        assert (await post(service, '{"hello": 1}'))[0] == 400
        assert (await post(service, "not json"))[0] == 400


async def test_an_update_sent_twice_by_telegram_is_handled_once(service: Service) -> None:
    update = body(UpdateFactory(user_id=CITIZEN).text("/start"))
    async with running(service, webhook=True):
        assert (await post(service, update))[0] == 200
        await replies_to(session_of(service), CITIZEN, 1)
        assert (await post(service, update))[0] == 200
        await asyncio.sleep(0.2)
    assert len([r for r in session_of(service).sent() if r.params["chat_id"] == CITIZEN]) == 1


async def test_healthz_reports_the_database_and_the_outbox_backlog(service: Service) -> None:
    await service.db.outbox.enqueue(OutboxDraft(CITIZEN, "approved", {"number": "A-000007"}))
    async with running(service, webhook=True):
        assert await healthz(service) == (
            200,
            {
                "ok": True,
                "database": "ok",
                "webhook": "set",
                "outbox_backlog": 1,
                "inbox_waiting": 0,
            },
        )
        await service.db.connector.close()  # the disk went away
        status, report = await healthz(service)
    assert (status, report["ok"], report["database"]) == (503, False, "unreachable")


async def test_on_stop_the_update_in_hand_finishes_and_no_new_one_is_taken(
    service: Service,
) -> None:
    session = session_of(service)
    citizen = UpdateFactory(user_id=CITIZEN, language_code="ru")
    async with running(service, webhook=True) as (stop, task):
        session.release.clear()  # Telegram is slow to take our answer
        assert (await post(service, body(citizen.text("/start"))))[0] == 200
        await asyncio.wait_for(session.holding.wait(), 5)
        stop.set()  # what SIGTERM does
        await asyncio.sleep(0.2)
        assert not task.done()  # still finishing the update in hand
        with pytest.raises(aiohttp.ClientConnectionError):
            await post(service, body(citizen.text("/help")))
        session.release.set()
        await asyncio.wait_for(task, 5)
    [reply] = await replies_to(session, CITIZEN, 1)
    assert "Вы согласны?" in reply
    assert await service.db.inbox.waiting() == []


async def test_an_update_not_finished_in_time_is_handled_after_the_restart(
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path, shutdown_seconds=0.2)
    citizen = UpdateFactory(user_id=CITIZEN, language_code="ru")
    first = await Service.open(settings, session=HeldSession())
    session = session_of(first)
    try:
        async with running(first, webhook=True):
            session.release.clear()  # and it never answers
            assert (await post(first, body(citizen.text("/start"))))[0] == 200
            await asyncio.wait_for(session.holding.wait(), 5)
        assert [u.update_id for u in await first.db.inbox.waiting()] == [1]
    finally:
        await first.close()

    second = await Service.open(settings, session=HeldSession())
    try:
        async with running(second, webhook=True):
            [reply] = await replies_to(session_of(second), CITIZEN, 1)
            assert "Вы согласны?" in reply
        assert await second.db.inbox.waiting() == []
    finally:
        await second.close()
