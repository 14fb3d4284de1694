"""An update handled again after the bot died half-way through it: the edit it had made already
is no failure, and an update counts as handled only once its answer (or its apology) went out.

The "crash" is a stop whose time runs out while a reply hangs: the update's task is cancelled at
that point, as a SIGKILL would leave it (its conversation changes not committed, the inbox still
holding it; what committed on its own, like a sent application, stays). A second service on the
same database then handles it again (tests/reliability/test_crash.py does it with real SIGKILLs).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from reliability.test_crash import next_step, stored_state
from support.limits import NEVER_LIMIT

from bot.telegram.service import Service
from handlers.citizen.application_draft import ApplyNav

from .bot_api import BotApiServer, Failure
from .conftest import QUICK, REPLY_RETRY_DELAYS
from .service import running, settings_for

CITIZEN = 3131
SORRY = "Извините, у нас что-то пошло не так."
SENT = "Ваша заявка A-000001"


async def _open(tmp_path: Path, api: BotApiServer) -> Service:
    # A short stop: the update in hand is cut off where it hangs.
    settings = settings_for(tmp_path, api_url=api.url, shutdown_seconds=0.2)
    # The citizen taps as fast as the bot answers: the flood limit, not tested here, is lifted.
    opened = await Service.open(settings, retry_delays=REPLY_RETRY_DELAYS, flood_rate=NEVER_LIMIT)
    opened.poll_times = QUICK
    opened.bot.session.timeout = 60
    return opened


async def _walk_to(api: BotApiServer, db: Path, wanted: str) -> None:
    """The citizen takes step after step until their conversation is at `wanted`."""
    while True:
        state, applied = stored_state(db, CITIZEN)
        if state == wanted:
            return
        assert next_step(api, CITIZEN, state, applied)
        await api.wait_for(lambda s=state: stored_state(db, CITIZEN)[0] != s)


async def test_send_handled_again_after_a_crash_tells_the_application_number(
    api: BotApiServer, tmp_path: Path
) -> None:
    service = await _open(tmp_path, api)
    db = service.settings.db
    api.timeout_seconds = 30
    async with running(service, webhook=False):
        await _walk_to(api, db, "Applying:confirm")
        # The buttons go, the application is stored; the confirmation never leaves.
        api.fail("sendMessage", Failure.TIMEOUT)
        api.push_callback(CITIZEN, ApplyNav(action="submit", programme="kumis_jas").pack())
        await api.wait_for(lambda: api.hanging.is_set())
    assert stored_state(db, CITIZEN) == ("Applying:confirm", 1)
    assert len(await service.db.inbox.waiting()) == 1
    await service.close()
    before = len(api.texts(CITIZEN))

    second = await _open(tmp_path, api)
    try:
        async with running(second, webhook=False):
            await api.wait_for(lambda: len(api.texts(CITIZEN)) > before)
            await api.wait_for(lambda: second.intake.in_flight == 0)
        told = api.texts(CITIZEN)[before:]
        assert len(told) == 1 and told[0].startswith(SENT), told
        assert stored_state(db, CITIZEN) == ("Flow:results", 1)
        assert await second.db.inbox.waiting() == []
    finally:
        await second.close()


async def test_an_update_whose_apology_never_left_is_answered_after_a_restart(
    api: BotApiServer, tmp_path: Path
) -> None:
    service = await _open(tmp_path, api)
    db = service.settings.db
    api.timeout_seconds = 30
    async with running(service, webhook=False):
        await _walk_to(api, db, "Ask:iin")
        # The IIN's reply is refused; the apology after it hangs, and the bot dies there.
        api.fail("sendMessage", Failure.CHAT_NOT_FOUND)
        api.fail("sendMessage", Failure.TIMEOUT)
        next_step(api, CITIZEN, "Ask:iin", 0)
        await api.wait_for(lambda: api.hanging.is_set())
    await service.close()
    before = len(api.texts(CITIZEN))

    second = await _open(tmp_path, api)
    try:
        async with running(second, webhook=False):
            await api.wait_for(lambda: second.intake.in_flight == 0 and api.unconfirmed == 0)
            await asyncio.sleep(0.3)
            await api.wait_for(lambda: second.intake.in_flight == 0)
        # The citizen hears something after all: the next question.
        assert api.texts(CITIZEN)[before:], "the citizen never heard back"
        assert await second.db.inbox.waiting() == []
    finally:
        await second.close()
