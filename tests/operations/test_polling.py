"""`jumys run` with long polling against a Bot API server on 127.0.0.1 that fails on purpose:
no update is lost or handled twice, every reply arrives once."""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.telegram.service import Service
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.question_kinds import Answer

from .bot_api import TRANSIENT_FAILURES, BotApiServer, Failure
from .service import running

CITIZEN = 3131


async def replies(api: BotApiServer, count: int) -> list[str]:
    await api.wait_for(lambda: len(api.texts(CITIZEN)) >= count)
    return api.texts(CITIZEN)


async def test_a_conversation_over_long_polling_and_a_clean_stop(
    api: BotApiServer, service: Service
) -> None:
    async with running(service, webhook=False):
        api.push_text(CITIZEN, "/start")
        assert "Вы согласны?" in (await replies(api, 1))[0]
        api.push_callback(CITIZEN, ConsentChoice(agree=True).pack())
        await replies(api, 2)  # the first question, with its greeting
    assert await service.db.inbox.waiting() == []
    assert api.unconfirmed == 0  # the last batch was confirmed before the stop
    user = await service.db.users.get(CITIZEN)
    assert user is not None and user.consent_version is not None


@pytest.mark.parametrize("failure", TRANSIENT_FAILURES)
async def test_get_updates_failing_loses_and_repeats_nothing(
    api: BotApiServer, service: Service, failure: Failure
) -> None:
    api.timeout_seconds = 1.2
    async with running(service, webhook=False):
        api.push_text(CITIZEN, "/start")
        await replies(api, 1)
        api.fail("getUpdates", failure, times=2)
        api.push_text(CITIZEN, "/help")
        api.push_text(CITIZEN, "/privacy")
        await replies(api, 3)
        await api.wait_for(lambda: api.unconfirmed == 0)
    texts = api.texts(CITIZEN)
    assert len(texts) == 3, texts
    assert await service.db.inbox.waiting() == []


async def test_get_updates_refused_while_the_api_is_down_then_picked_up(
    api: BotApiServer, service: Service
) -> None:
    async with running(service, webhook=False):
        api.push_text(CITIZEN, "/start")
        await replies(api, 1)
        await api.pause()
        api.push_text(CITIZEN, "/help")
        await api.resume()
        await replies(api, 2)
    assert len(api.texts(CITIZEN)) == 2


@pytest.mark.parametrize(
    "failure", [Failure.SERVER_ERROR, Failure.NOT_JSON, Failure.TIMEOUT, Failure.FLOOD]
)
async def test_replies_that_fail_are_sent_again_and_arrive_once(
    api: BotApiServer, service: Service, failure: Failure
) -> None:
    api.timeout_seconds = 1.2
    async with running(service, webhook=False):
        api.push_text(CITIZEN, "/start")
        await replies(api, 1)
        api.push_callback(CITIZEN, ConsentChoice(agree=True).pack())
        await replies(api, 2)  # the first question, with its greeting
        api.fail("sendMessage", failure, times=2)
        api.push_text(CITIZEN, "870510300012")  # an IIN: the answer is saved, then the reply
        texts = await replies(api, 3)
    assert "Где вы живёте?" in texts[2], [t[:40] for t in texts]
    assert len(api.texts(CITIZEN)) == 3
    data = await service.dp.storage.get_data(_key(service))
    assert data["profile"]["birth_date"] == "1987-05-10"


async def test_a_reply_waits_out_a_short_outage_of_the_api(
    api: BotApiServer, service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    async with running(service, webhook=False):
        api.push_text(CITIZEN, "/start")
        await replies(api, 1)
        api.push_callback(CITIZEN, ConsentChoice(agree=True).pack())
        await replies(api, 2)  # the first question, with its greeting
        api.timeout_seconds = 0.1
        api.fail("sendMessage", Failure.TIMEOUT)  # Telegram answers 502 slowly ...
        api.push_text(CITIZEN, "870510300012")
        await asyncio.wait_for(api.hanging.wait(), 5)
        await api.pause()  # ... and then stops answering at all for a moment
        await asyncio.sleep(0.2)
        await api.resume()
        await replies(api, 3)
        api.push_callback(CITIZEN, Answer(step="region", value="almaty_city").pack())
        await replies(api, 4)
    assert len(api.texts(CITIZEN)) == 4
    refused = [
        r for r in caplog.records if "sendMessage failed (TelegramNetworkError)" in r.message
    ]
    assert refused, "the reply never met the refused connection"


def _key(service: Service) -> StorageKey:
    return StorageKey(bot_id=service.bot.id, chat_id=CITIZEN, user_id=CITIZEN)


async def test_get_updates_failing_for_a_while_then_recovering_handles_every_update_once(
    api: BotApiServer, service: Service
) -> None:
    """Refused, then 502s and an HTML page, while three citizens go on typing (a 429 costs a
    real second: tested on its own above)."""
    citizens = (4101, 4102, 4103)
    async with running(service, webhook=False):
        await api.pause()
        for citizen in citizens:
            api.push_text(citizen, "/start")
        await asyncio.sleep(0.3)
        api.fail("getUpdates", Failure.SERVER_ERROR, times=3)
        api.fail("getUpdates", Failure.NOT_JSON)
        api.fail("getUpdates", Failure.SERVER_ERROR, times=2)
        await api.resume()
        for command in ("/help", "/privacy"):
            for citizen in citizens:
                api.push_text(citizen, command)
        await api.wait_for(lambda: all(len(api.texts(c)) >= 3 for c in citizens))
        await api.wait_for(lambda: api.unconfirmed == 0 and service.intake.in_flight == 0)
        assert api.failing("getUpdates") == 0
    first = api.texts(citizens[0])
    assert len(first) == 3 and "Вы согласны?" in first[0]
    for citizen in citizens:
        assert api.texts(citizen) == first  # each answered once, in the order typed
    assert await service.db.inbox.waiting() == []


async def test_a_slow_command_menu_does_not_hold_back_the_first_update(
    api: BotApiServer, service: Service
) -> None:
    # Telegram holds the first menu (Kazakh) until the bot gives up on it after 3 s.
    api.timeout_seconds = 3.0
    service.bot.session.timeout = 3
    api.fail("setMyCommands", Failure.TIMEOUT)
    async with running(service, webhook=False):
        api.push_text(CITIZEN, "/start")
        assert "Вы согласны?" in (await replies(api, 1))[0]
        assert api.sent("setMyCommands") == [], "the reply waited for the menus"
        # The Russian menu still follows once the Kazakh one has failed.
        await api.wait_for(lambda: len(api.sent("setMyCommands")) == 1)
    assert api.sent("setMyCommands")[0].params["language_code"] == "ru"
