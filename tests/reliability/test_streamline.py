"""The bot's own dispatcher answers alike streamlined (`bot.routing`) and as aiogram walks it.

tests/test_routing.py compares the two walks on routers made for it; this compares them on the
real ones (`bot.app.build_dispatcher`: staff first, the access router, the citizen's routers with
their state, command and button filters, the repair middleware, the fallbacks). Each example is
a citizen's path up to some step (/start, consent, IIN, region, situation, results, apply,
phone, comment, send, /my) followed by 1-4 generated updates (tests/reliability/inputs.py:
adversarial text, commands, forged and stale buttons, media, contacts, edits, in the private
chat, another group or the staff chat). The same updates go to two new databases with the same
clock, once through each walk: every request the bot makes must be the same.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import tempfile
from pathlib import Path
from typing import Any

from aiogram.types import Update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from storage.conftest import TestClock

from bot.app import build_bot, build_dispatcher
from bot.chat.callbacks import Answer, ApplyFor, ApplyNav, ConsentChoice, ShowResults
from bot.offline_session import OfflineSession, SentRequest
from bot.routing import unstreamline
from bot.settings import Settings
from bot.storage.database import Database
from bot.updates import UpdateFactory

from .inputs import STAFF_CHAT, Action, actions, update_for
from .states import TODAY, iin

CITIZEN = 800_000_001
SETTINGS = Settings(_env_file=None, admins=frozenset({7}), staff_chat=STAFF_CHAT)


def citizen_path(talk: UpdateFactory) -> list[Update]:
    return [
        talk.text("/start"),
        talk.callback(ConsentChoice(agree=True).pack()),
        talk.text(iin("700501", 3)),
        talk.callback(Answer(step="region", value="almaty_city").pack()),
        talk.callback(Answer(step="employment", value="unemployed_registered").pack()),
        talk.callback(ShowResults().pack()),
        talk.callback(ApplyFor(programme="kumis_jas").pack()),
        talk.text("8 701 234 56 78"),
        talk.callback(ApplyNav(action="skip", programme="kumis_jas").pack()),
        talk.callback(ApplyNav(action="submit", programme="kumis_jas").pack()),
        talk.text("/my"),
    ]


def seen(request: SentRequest) -> tuple[str, str]:
    return request.method, json.dumps(request.params, sort_keys=True, default=str)


async def replies(updates: list[Update], folder: Path, *, streamlined: bool) -> list[Any]:
    db = await Database.open(folder / f"{streamlined}.sqlite3", clock=TestClock())
    try:
        session = OfflineSession()
        bot = build_bot(SETTINGS, session=session)
        dp = build_dispatcher(db, SETTINGS, clock=lambda: TODAY)
        if not streamlined:
            unstreamline(dp)
        answers: list[Any] = []
        for update in updates:
            before = len(session.requests)
            await dp.feed_update(bot, update)
            answers.append([seen(request) for request in session.requests[before:]])
        return answers
    finally:
        await db.close()


async def both(updates: list[Update]) -> tuple[list[Any], list[Any]]:
    with tempfile.TemporaryDirectory() as folder:
        plain = await replies(updates, Path(folder), streamlined=False)
        fast = await replies(updates, Path(folder), streamlined=True)
    return plain, fast


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps=st.integers(0, 11), more=st.lists(actions, min_size=1, max_size=4))
def test_the_real_dispatcher_answers_alike_in_both_walks(steps: int, more: list[Action]) -> None:
    talk = UpdateFactory(user_id=CITIZEN, _update_ids=itertools.count(1))
    updates = citizen_path(talk)[:steps] + [update_for(action, talk) for action in more]
    plain, fast = asyncio.run(both(updates))
    assert fast == plain


def test_a_whole_application_is_answered_alike() -> None:
    """The comparison above is not one of silences: the whole path, answered at every step."""
    talk = UpdateFactory(user_id=CITIZEN, _update_ids=itertools.count(1))
    plain, fast = asyncio.run(both(citizen_path(talk)))
    assert fast == plain
    assert all(plain)
    assert any("A-000001" in text for step in plain for _method, text in step)
