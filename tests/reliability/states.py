"""Every state a conversation can be in, reached once by real updates, then copied cheaply.

`record_snapshots` walks citizens through the real dispatcher (consent, each question of the
questionnaire for three kinds of people, results, applying, an application sent, a question from
the career centre) and keeps, at each state, what the bot stored: the conversation state and
data and the user's row. `Snapshot.place` puts a new citizen in exactly that situation (and
gives them the application the situation needs), so a fuzz example starts anywhere in a few
database writes instead of a dozen updates.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Update

from bot.rules.iin import check_digit
from bot.storage.database import Database
from bot.storage.models import AppStatus
from bot.telegram.updates import UpdateFactory
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.question_kinds import Answer, ChangeAnswer, Nav, ShowResults
from handlers.citizen.results import ApplyFor

TODAY = date(2026, 3, 2)
REVIEWER = 900_000_001
ANSWERING = "Account:answering"


@dataclass(frozen=True)
class Snapshot:
    name: str
    state: str | None
    data: dict[str, Any]
    language: str | None
    consented: bool
    profile: dict[str, Any]
    application: AppStatus | None = None  # the citizen has one in this status
    telegram_language: str | None = "ru"

    async def place(self, dp: Dispatcher, bot: Bot, db: Database, user_id: int) -> None:
        """Make `user_id` a citizen in this situation."""
        if self.language is not None:
            await db.users.set_language(user_id, self.language)
        if self.consented:
            await db.users.give_consent(user_id, "2026-11-23.1")
        if self.profile:
            await db.users.save_profile(user_id, self.profile)
        key = StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id)
        await dp.storage.set_data(key, self.data)
        await dp.storage.set_state(key, self.state)
        if self.application is not None:
            application, _ = await db.applications.submit(
                user_id, "kumis_jas", "almaty_city", self.profile, {}, "+77012345678", None, "ru"
            )
            if self.application is AppStatus.NEEDS_INFO:
                await db.applications.claim(application.id, REVIEWER, timedelta(minutes=30))
                await db.applications.decide(
                    application.id, REVIEWER, AppStatus.NEEDS_INFO, "Где вы работали раньше?"
                )
            if self.state == ANSWERING:
                # What the "Answer" button of /my stores: which application is being answered.
                await dp.storage.update_data(key, {"answering": application.id})


def iin(birth: str, century_sex: int) -> str:
    for serial in range(1, 10_000):
        first = f"{birth}{century_sex}{serial:04d}"
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)
    raise AssertionError("no valid IIN")


class _Walker:
    def __init__(self, dp: Dispatcher, bot: Bot, db: Database, user_id: int) -> None:
        self.dp, self.bot, self.db = dp, bot, db
        self.talk = UpdateFactory(
            user_id=user_id, language_code="ru", _update_ids=itertools.count(user_id * 100)
        )
        self.key = StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id)

    async def feed(self, update: Update) -> None:
        await self.dp.feed_update(self.bot, update)

    async def send(self, text: str) -> None:
        await self.feed(self.talk.text(text))

    async def tap(self, data: str) -> None:
        await self.feed(self.talk.callback(data))

    async def snapshot(self, name: str, application: AppStatus | None = None) -> Snapshot:
        user = await self.db.users.get(self.talk.user_id)
        return Snapshot(
            name=name,
            state=await self.dp.storage.get_state(self.key),
            data=await self.dp.storage.get_data(self.key),
            language=None if user is None else user.language,
            consented=user is not None and user.consent_version is not None,
            profile={} if user is None else dict(user.profile),
            application=application,
        )


# What each kind of citizen answers, by step.
PEOPLE: dict[str, dict[str, str]] = {
    "typed birth date, a graduate": {
        "birth_date": "15.01.2000",
        "sex": "female",
        "region": "turkistan",
        "employment": "unemployed_registered",
        "education": "higher",
        "graduation": "06.2024",
        "experience": "no",
        "lost_job": "no",
        "profession": "education",
    },
    "by IIN, fifty-five": {
        "iin": iin("700510", 3),
        "region": "almaty_city",
        "employment": "unemployed_registered",
        "lost_job": "yes",
        "social_insurance": "dont_know",
        "profession": "other",
    },
    "by IIN, thirty, with a disability": {
        "iin": iin("950301", 4),
        "region": "astana",
        "employment": "unemployed_registered",
        "education": "secondary",
        "experience": "yes",
        "lost_job": "dont_know",
        "profession": "health",
        "groups": "disability",
    },
}


async def record_snapshots(dp: Dispatcher, bot: Bot, db: Database) -> list[Snapshot]:
    found: dict[str, Snapshot] = {}
    user_ids = itertools.count(700_000_001)

    stranger = _Walker(dp, bot, db, next(user_ids))
    found["new citizen"] = await stranger.snapshot("new citizen")
    unknown_language = _Walker(dp, bot, db, next(user_ids))
    unknown_language.talk.language_code = None
    await unknown_language.send("/start")
    found["choosing a language"] = await unknown_language.snapshot("choosing a language")
    reading = _Walker(dp, bot, db, next(user_ids))
    await reading.send("/start")
    found["reading the consent"] = await reading.snapshot("reading the consent")

    for answers in PEOPLE.values():
        walker = _Walker(dp, bot, db, next(user_ids))
        await walker.send("/start")
        await walker.tap(ConsentChoice(agree=True).pack())
        for _ in range(15):
            state = await dp.storage.get_state(walker.key)
            if state == "Flow:results":  # the last answer shows them; the answers are a tap away
                await walker.tap(ChangeAnswer(step="summary").pack())
                state = await dp.storage.get_state(walker.key)
            assert state is not None and state.startswith("Ask:"), state
            step = state.removeprefix("Ask:")
            found.setdefault(state, await walker.snapshot(state))
            if step == "summary":
                break
            if step == "iin":
                if "iin" in answers:
                    await walker.send(answers["iin"])
                else:
                    await walker.tap(Nav(action="no_iin").pack())
            elif step in ("birth_date", "graduation"):
                await walker.send(answers[step])
            elif step == "groups":
                await walker.tap(Nav(action="groups_none").pack())
            else:
                await walker.tap(Answer(step=step, value=answers[step]).pack())
        if "groups" in answers:
            # Answered "none of these" on the way; "change" opens it again to tick one.
            await walker.tap(ChangeAnswer(step="groups").pack())
            found.setdefault("Ask:groups", await walker.snapshot("Ask:groups"))
            await walker.tap(Answer(step="groups", value=answers["groups"]).pack())
            picked = await walker.snapshot("Ask:groups, one picked")
            found.setdefault(picked.name, picked)
            await walker.tap(Nav(action="groups_done").pack())
        if "iin" in answers and answers["region"] == "almaty_city":
            await walker.tap(ShowResults().pack())
            found.setdefault("Flow:results", await walker.snapshot("Flow:results"))
            await walker.tap(ApplyFor(programme="kumis_jas").pack())
            found.setdefault("Applying:phone", await walker.snapshot("Applying:phone"))
            await walker.send("+7 701 234 56 78")
            found.setdefault("Applying:confirm", await walker.snapshot("Applying:confirm"))
            await walker.send("Звоните после обеда")  # typed at the confirmation: the comment
            commented = await walker.snapshot("Applying:confirm, with a comment")
            found.setdefault(commented.name, commented)

    done = found["Flow:results"]
    found["applied, waiting"] = Snapshot(
        **{**done.__dict__, "name": "applied, waiting", "application": AppStatus.QUEUED}
    )
    found["asked for information"] = Snapshot(
        **{**done.__dict__, "name": "asked for information", "application": AppStatus.NEEDS_INFO}
    )
    found["answering the career centre"] = Snapshot(
        **{
            **done.__dict__,
            "name": "answering the career centre",
            "state": ANSWERING,
            "application": AppStatus.NEEDS_INFO,
        }
    )
    return list(found.values())
