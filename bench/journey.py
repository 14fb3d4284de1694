"""A citizen's journey from /start to an application number, counted as a person lives it.

Three personas of issue 17, each in Kazakh and Russian, talk to the production dispatcher and bot
(`bot.telegram.dispatcher`, a real SQLite file, the offline Bot API session): they press only
buttons that are on the screen (a button of a message the bot sent or edited, found by what it
does) and type what a person types (the IIN, a graduation month, a phone number). Counted:

- actions: every tap and every typed message, /start included;
- bot messages: every sendMessage to the citizen (edits in place are counted apart);
- the results: the messages (and their characters) of the answer that first shows an Apply.

Goals (issue 17): from /start to an application number ≤ 12 bot messages and ≤ 9 actions; the
results ≤ 2 messages and ≤ 1,500 characters.

Run: .venv/bin/python bench/journey.py
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from aiogram.fsm.storage.base import StorageKey
from aiogram.types import InlineKeyboardMarkup

from bot.rules.iin import check_digit
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import application_number
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.offline_session import OfflineSession, SentRequest
from bot.telegram.rates import Rate
from bot.telegram.send_limits import SendSchedule
from bot.telegram.updates import UpdateFactory
from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.question_kinds import Answer, Nav, ShowResults
from handlers.citizen.results import ApplyFor

TODAY = date(2026, 3, 2)
NEVER_WAIT = Rate(per_second=1e9, burst=1_000_000)
GOAL_MESSAGES, GOAL_ACTIONS, GOAL_RESULT_MESSAGES, GOAL_RESULT_CHARS = 12, 9, 2, 1500
PHONE = "8 701 234 56 78"
SENT = ("sendMessage",)
EDITS = ("editMessageText", "editMessageReplyMarkup")


def iin(birth: str, century_sex: int) -> str:
    """A valid IIN for YYMMDD and the 7th digit (serial 0001, the check digit computed)."""
    for serial in range(1, 10_000):
        first = f"{birth}{century_sex}{serial:04d}"
        digit = check_digit(first)
        if digit is not None:
            return first + str(digit)
    raise AssertionError(birth)


@dataclass(frozen=True)
class Persona:
    """Who the citizen is: the answer to each question by its step's name (a button's value, or
    the text typed), the situations ticked, and the programmes wanted, in order (else the first
    one the results offer to apply for)."""

    name: str
    iin: str
    answers: Mapping[str, str]
    groups: tuple[str, ...] = ()
    wants: tuple[str, ...] = ()
    typed: frozenset[str] = field(default_factory=lambda: frozenset({"graduation"}))


PERSONAS = (
    Persona(
        "55, registered woman, IIN",
        iin("700610", 4),
        {
            "region": "almaty_city",
            "employment": "unemployed_registered",
            "lost_job": "no",
            "profession": "other",
        },
        wants=("kumis_jas",),
    ),
    Persona(
        "23, unregistered graduate",
        iin("020915", 5),
        {
            "region": "almaty_city",
            "employment": "unemployed_unregistered",
            "lost_job": "no",
            "education": "higher",
            "graduation": "06.2025",
            "experience": "no",
            "profession": "other",
        },
        wants=("jastar_praktikasy", "first_job"),
    ),
    Persona(
        "40, disability, wants a grant",
        iin("851120", 3),
        {
            "region": "almaty_city",
            "employment": "unemployed_registered",
            "lost_job": "no",
            "education": "secondary",
            "experience": "yes",
            "profession": "other",
        },
        groups=("disability", "own_business"),  # "I want to start my own business" is a tick
        wants=("business_grant",),
    ),
)


@dataclass
class Figures:
    actions: int = 0
    messages: int = 0
    edits: int = 0
    result_messages: int = 0
    result_chars: int = 0
    programme: str = ""
    number: str = ""

    def met(self) -> bool:
        return (
            self.messages <= GOAL_MESSAGES
            and self.actions <= GOAL_ACTIONS
            and self.result_messages <= GOAL_RESULT_MESSAGES
            and self.result_chars <= GOAL_RESULT_CHARS
        )


class Screen:
    """What the citizen sees: every message's newest keyboard, by message id."""

    def __init__(self) -> None:
        self.keyboards: dict[int, InlineKeyboardMarkup | None] = {}
        self._next_id = 1000  # the offline session numbers its messages from 1001

    def saw(self, request: SentRequest) -> None:
        call: Any = request.call
        if request.method in ("sendMessage", "sendDocument"):
            self._next_id += 1
            markup = getattr(call, "reply_markup", None)
            inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
            self.keyboards[self._next_id] = inline
        elif request.method in EDITS:
            markup = call.reply_markup
            self.keyboards[int(call.message_id)] = (
                markup if isinstance(markup, InlineKeyboardMarkup) else None
            )

    def button(self, data: str) -> int | None:
        """The newest message with a button that sends `data`, or None when none shows it."""
        for message_id in sorted(self.keyboards, reverse=True):
            markup = self.keyboards[message_id]
            for row in markup.inline_keyboard if markup else ():
                if any(button.callback_data == data for button in row):
                    return message_id
        return None

    def buttons(self, prefix: str) -> list[str]:
        """Every visible button's data that starts with `prefix`, in the order they are shown
        (the oldest message first)."""
        found: list[str] = []
        for message_id in sorted(self.keyboards):
            markup = self.keyboards[message_id]
            for row in markup.inline_keyboard if markup else ():
                found += [
                    b.callback_data
                    for b in row
                    if b.callback_data and b.callback_data.startswith(prefix)
                ]
        return found


class Journey:
    def __init__(self, db: Database, persona: Persona, language: str, user_id: int) -> None:
        self.db = db
        self.persona = persona
        self.session = OfflineSession()
        self.screen = Screen()
        settings = Settings(_env_file=None)
        unlimited = SendSchedule(
            global_rate=NEVER_WAIT, private_rate=NEVER_WAIT, group_rate=NEVER_WAIT
        )
        self.bot = build_bot(settings, self.session, schedule=unlimited)
        self.dp = build_dispatcher(db, settings, flood_rate=NEVER_WAIT, clock=lambda: TODAY)
        self.talk = UpdateFactory(
            user_id=user_id,
            language_code=language,
            first_name="Айгүл",
            _update_ids=itertools.count(user_id * 1000),
        )
        self.figures = Figures()
        self.last: list[SentRequest] = []

    async def _feed(self, update: Any) -> list[SentRequest]:
        before = len(self.session.requests)
        await self.dp.feed_update(self.bot, update)
        replies = self.session.requests[before:]
        self.figures.actions += 1
        mine = [r for r in replies if str(r.params.get("chat_id")) == str(self.talk.user_id)]
        self.figures.messages += sum(r.method in SENT for r in mine)
        self.figures.edits += sum(r.method in EDITS for r in mine)
        for request in mine:
            self.screen.saw(request)
        self.last = mine
        return mine

    async def type(self, text: str) -> list[SentRequest]:
        return await self._feed(self.talk.text(text))

    async def press(self, data: str) -> list[SentRequest]:
        message_id = self.screen.button(data)
        if message_id is None:
            raise AssertionError(f"{self.persona.name}: no button {data!r} on the screen")
        return await self._feed(self.talk.callback(data, message_id=message_id))

    def _key(self) -> StorageKey:
        uid = self.talk.user_id
        return StorageKey(bot_id=self.bot.id, chat_id=uid, user_id=uid)

    async def state(self) -> str:
        return str(await self.dp.storage.get_state(self._key()))

    def _apply_button(self) -> str | None:
        offered = self.screen.buttons(ApplyFor.__prefix__ + ":")
        for programme in self.persona.wants:
            if ApplyFor(programme=programme).pack() in offered:
                return ApplyFor(programme=programme).pack()
        return offered[0] if offered else None

    async def answer(self, step: str) -> None:
        persona = self.persona
        if step == "iin":
            await self.type(persona.iin)
        elif step == "groups":
            for group in persona.groups:
                await self.press(Answer(step="groups", value=group).pack())
            done = Nav(action="groups_done" if persona.groups else "groups_none").pack()
            await self.press(done)
        elif step in persona.typed:
            await self.type(persona.answers[step])
        elif step in persona.answers:
            wanted = Answer(step=step, value=persona.answers[step]).pack()
            while self.screen.button(wanted) is None:
                turns = self.screen.buttons(Nav.__prefix__ + ":page:")
                if not turns:
                    raise AssertionError(f"{persona.name}: no {wanted!r} on any page")
                await self.press(turns[-1])  # "Next ▶️", the last arrow
        else:
            raise AssertionError(f"{persona.name}: the bench does not know the step {step!r}")
        if step in persona.answers and step not in persona.typed:
            await self.press(Answer(step=step, value=persona.answers[step]).pack())

    async def walk(self) -> Figures:
        await self.type("/start")
        await self.press(ConsentChoice(agree=True).pack())
        for _turn in range(40):
            state = await self.state()
            if await self._applied():
                return self.figures
            apply = self._apply_button()
            if state.startswith("Ask:") and state != "Ask:summary":
                await self.answer(state.removeprefix("Ask:"))
                if apply is None and self._apply_button() is not None:
                    self._count_results()
            elif state == "Applying:phone":
                await self.type(PHONE)
            elif state == "Applying:confirm":
                await self.press(self._apply_nav("submit"))
            elif apply is not None:
                self.figures.programme = apply.split(":", 1)[1]
                await self.press(apply)
            else:
                await self.press(ShowResults().pack())
                self._count_results()
        raise AssertionError(f"{self.persona.name}: no application after 40 turns")

    def _apply_nav(self, action: str) -> str:
        for data in self.screen.buttons(ApplyNav.__prefix__ + ":" + action + ":"):
            return data
        raise AssertionError(f"{self.persona.name}: no {action!r} button on the screen")

    def _count_results(self) -> None:
        """The last action's messages: where the results first came."""
        last = self.last
        self.figures.result_messages = sum(r.method in SENT for r in last)
        self.figures.result_chars = sum(
            len(r.text) for r in last if r.method in ("sendMessage", "editMessageText")
        )

    async def _applied(self) -> bool:
        rows = await self.db.connector.fetch_all(
            "SELECT id FROM applications WHERE user_id = ?", (self.talk.user_id,)
        )
        if not rows:
            return False
        number = application_number(int(rows[0][0]))
        told = any(number in r.text for r in self.session.requests if r.method in SENT)
        if not told:
            raise AssertionError(f"{self.persona.name}: application {number} stored, not told")
        self.figures.number = number
        return True


async def measure(folder: Path) -> list[tuple[str, str, Figures]]:
    rows: list[tuple[str, str, Figures]] = []
    db = await Database.open(folder / "journey.sqlite3")
    try:
        user_id = 100
        for persona in PERSONAS:
            for language in ("kk", "ru"):
                user_id += 1
                journey = Journey(db, persona, language, user_id)
                rows.append((persona.name, language, await journey.walk()))
    finally:
        await db.close()
    return rows


def table(rows: list[tuple[str, str, Figures]]) -> str:
    head = (
        f"{'persona':<31} {'lang':<4} {'actions':>7} {'messages':>8} {'edits':>5} "
        f"{'results':>7} {'chars':>5}  applied for"
    )
    lines = [head, "-" * len(head)]
    for name, language, f in rows:
        mark = "" if f.met() else "  (goal missed)"
        lines.append(
            f"{name:<31} {language:<4} {f.actions:>7} {f.messages:>8} {f.edits:>5} "
            f"{f.result_messages:>7} {f.result_chars:>5}  {f.programme} {f.number}{mark}"
        )
    lines.append(
        f"goals: actions <= {GOAL_ACTIONS}, messages <= {GOAL_MESSAGES}, results <= "
        f"{GOAL_RESULT_MESSAGES} messages and <= {GOAL_RESULT_CHARS} characters"
    )
    return "\n".join(lines)


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(table(await measure(Path(folder))))


if __name__ == "__main__":
    asyncio.run(main())
