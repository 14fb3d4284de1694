"""Replies the Bot API will not take for longer than their retries, or takes without saying so.

The design (bot/retry.py, bot/middlewares.py): a reply is retried a few times, then given up; the
answer it replied to stays saved and the update counts as handled, so the citizen's next message
continues from the new step (the bot asks the step's question again). A reply Telegram delivered
but answered too late is sent again: shown twice, never lost.
"""

from __future__ import annotations

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.telegram.service import Service
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.question_kinds import Answer

from .bot_api import BotApiServer, Failure
from .service import running

CITIZEN = 3131
IIN = "870510300012"
REGION_QUESTION = "Где вы живёте?"
USE_THE_BUTTONS = "Пожалуйста, ответьте кнопками ниже."
# One reply and the "something went wrong" after it: 1 + 3 retries, then 1.
EVERY_ATTEMPT = 5


async def replies(api: BotApiServer, count: int) -> list[str]:
    await api.wait_for(lambda: len(api.texts(CITIZEN)) >= count)
    return api.texts(CITIZEN)


async def _to_the_iin_question(api: BotApiServer) -> None:
    api.push_text(CITIZEN, "/start")
    await replies(api, 1)
    api.push_callback(CITIZEN, ConsentChoice(agree=True).pack())
    await replies(api, 2)  # the first question, with its greeting


async def _settled(api: BotApiServer, service: Service) -> None:
    """Every update fetched and handled, nothing in hand."""
    await api.wait_for(lambda: api.unconfirmed == 0 and service.intake.in_flight == 0)
    await asyncio.sleep(0.05)
    await api.wait_for(lambda: service.intake.in_flight == 0)


async def _saved(service: Service) -> tuple[str | None, dict[str, object]]:
    key = StorageKey(bot_id=service.bot.id, chat_id=CITIZEN, user_id=CITIZEN)
    return await service.dp.storage.get_state(key), await service.dp.storage.get_data(key)


async def _after_the_lost_reply_the_conversation_goes_on(
    api: BotApiServer, service: Service
) -> None:
    """The IIN whose reply was lost is saved; the next message gets the region question."""
    state, data = await _saved(service)
    assert state == "Ask:region"
    profile = data["profile"]
    assert isinstance(profile, dict) and profile["birth_date"] == "1987-05-10"
    before = len(api.texts(CITIZEN))
    api.push_text(CITIZEN, "алло? не вижу вопроса")
    texts = await replies(api, before + 2)
    assert texts[before:] == [USE_THE_BUTTONS, texts[before + 1]]
    assert REGION_QUESTION in texts[before + 1]
    api.push_callback(CITIZEN, Answer(step="region", value="almaty_city").pack())
    await replies(api, before + 3)
    await _settled(api, service)
    assert (await _saved(service))[0] != state  # the region was taken: the next step
    assert await service.db.inbox.waiting() == []


@pytest.mark.parametrize(
    ("failure", "times"),
    [
        (Failure.SERVER_ERROR, EVERY_ATTEMPT),
        (Failure.NOT_JSON, EVERY_ATTEMPT),
        (Failure.TIMEOUT, EVERY_ATTEMPT),
        # A flood wait of an hour is not waited out inside a handler (bot/outgoing.py), nor
        # retried (bot/retry.py): the reply and the "something went wrong" after it, once each.
        (Failure.FLOOD, 2),
    ],
)
async def test_a_reply_that_keeps_failing_is_given_up_and_the_answer_stays_saved(
    api: BotApiServer, service: Service, failure: Failure, times: int
) -> None:
    api.timeout_seconds = 0.4
    api.flood_seconds = 3600
    service.bot.session.timeout = 0.2
    async with running(service, webhook=False):
        await _to_the_iin_question(api)
        api.fail("sendMessage", failure, times=times)
        api.push_text(CITIZEN, IIN)
        await api.wait_for(lambda: not api.failing("sendMessage"))
        await _settled(api, service)
        assert len(api.texts(CITIZEN)) == 2  # the citizen saw nothing
        await _after_the_lost_reply_the_conversation_goes_on(api, service)


async def test_a_reply_refused_while_the_api_is_down_is_given_up_and_the_answer_stays_saved(
    api: BotApiServer, service: Service
) -> None:
    async with running(service, webhook=False):
        await _to_the_iin_question(api)
        api.timeout_seconds = 0.1
        api.fail("sendMessage", Failure.TIMEOUT)  # a slow 502 while the update is in hand ...
        api.push_text(CITIZEN, IIN)
        await asyncio.wait_for(api.hanging.wait(), 5)
        await api.pause()  # ... then the API is down for longer than all the retries
        await asyncio.sleep(0.6)  # the retries take 0.35 s and four refused attempts
        await api.resume()
        await _settled(api, service)
        assert len(api.texts(CITIZEN)) == 2
        await _after_the_lost_reply_the_conversation_goes_on(api, service)


async def test_a_reply_delivered_but_answered_too_late_is_shown_twice_never_lost(
    api: BotApiServer, service: Service
) -> None:
    """Telegram took the reply, the answer came after the client gave up: the client cannot
    tell this from a reply that never arrived, so it sends it again (bot/retry.py)."""
    api.timeout_seconds = 0.4
    service.bot.session.timeout = 0.2
    async with running(service, webhook=False):
        await _to_the_iin_question(api)
        api.fail("sendMessage", Failure.LATE)
        api.push_text(CITIZEN, IIN)
        texts = await replies(api, 4)
        await _settled(api, service)
        assert [REGION_QUESTION in text for text in texts[2:]] == [True, True]
        assert texts[2] == texts[3]
        api.push_callback(CITIZEN, Answer(step="region", value="almaty_city").pack())
        texts = await replies(api, 5)
        await _settled(api, service)
    assert len(api.texts(CITIZEN)) == 5  # and every later step once
    state, data = await _saved(service)
    assert state != "Ask:region"
    assert isinstance(data["profile"], dict) and data["profile"]["iin"] == IIN


async def test_an_agreement_whose_replies_were_given_up_still_leads_to_the_iin_question(
    api: BotApiServer, service: Service
) -> None:
    """The agreement is recorded and the conversation is at the first question even if the
    citizen never saw it: their next message (the IIN) is taken as its answer, not lost."""
    api.timeout_seconds = 0.4
    service.bot.session.timeout = 0.2
    async with running(service, webhook=False):
        api.push_text(CITIZEN, "/start")
        await replies(api, 1)
        api.fail("sendMessage", Failure.SERVER_ERROR, times=EVERY_ATTEMPT)
        api.push_callback(CITIZEN, ConsentChoice(agree=True).pack())
        await api.wait_for(lambda: not api.failing("sendMessage"))
        await _settled(api, service)
        assert (await _saved(service))[0] == "Ask:iin"
        before = len(api.texts(CITIZEN))
        api.push_text(CITIZEN, IIN)
        texts = await replies(api, before + 1)
        await _settled(api, service)
    assert REGION_QUESTION in texts[-1]
    state, data = await _saved(service)
    assert state == "Ask:region"
    assert isinstance(data["profile"], dict) and data["profile"]["iin"] == IIN
