"""A citizen of the end-to-end tests: who she is, and how she answers the questionnaire in
Kazakh through the emulator, reading each question as the bot words it; the applications in the
bot's SQLite file, read beside the running bot."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bot.i18n import _, use_locale
from bot.rules.model import Profile
from bot.words.names import region_pages
from handlers.citizen.consent import greeting
from handlers.citizen.questions import QUESTIONS, question

from .conftest import Bots
from .processes import RunningProcess, clean_environment
from .telegram_user import BotMessage, TelegramUser

# A woman born on 7 March 1968 (7th digit 4: born in the 1900s, female), check digit valid.
IIN = "680307410002"
# Karaganda is on the second page of regions: the citizen turns the page to find it.
REGION = "karaganda"
# Button answers by step; a registered unemployed person can join at least one programme.
BUTTON_ANSWERS = {
    "sex": "female",
    "region": REGION,
    "employment": "unemployed_registered",
    "lost_job": "yes",
    "social_insurance": "yes",
    "education": "secondary",
    "experience": "yes",
    "profession": "agriculture",
}
TYPED_ANSWERS = {"iin": IIN, "birth_date": "07.03.1968", "graduation": "30.06.1986"}
# Letters Kazakh has and Russian does not: every Kazakh message of a sentence or more has one.
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
READING_S = 0.5
# Importing aiogram alone takes several seconds on a busy 2-core machine.
STARTUP_TIMEOUT_S = 60.0


def kazakh(render: Callable[[], str]) -> str:
    """What the bot says in Kazakh: `render` called in the kk locale."""
    with use_locale("kk"):
        return render()


def kazakh_questions() -> dict[str, str]:
    """Every questionnaire question as the bot words it in Kazakh, region pages included, and
    the first one as it comes after the consent, in one message with the greeting: the
    question's name by its text."""
    texts: dict[str, str] = {}
    with use_locale("kk"):
        for asked in QUESTIONS:
            pages = region_pages() if asked.name == "region" else 1
            for page in range(pages):
                texts[question(asked.state, Profile(), page=page)[0]] = asked.name
        first = QUESTIONS[0]
        greeted = f"{greeting(again=False)}\n\n{question(first.state, Profile())[0]}"
        texts[greeted] = first.name
    return texts


def start_jumys(bots: Bots, api_url: str, token: str, db_path: Path) -> RunningProcess:
    env = clean_environment(JUMYS_BOT_TOKEN=token, JUMYS_API_URL=api_url, JUMYS_DB=str(db_path))
    return bots.start("jumys run", [sys.executable, "-m", "bot", "run"], env)


async def answer_questions(user: TelegramUser) -> BotMessage:
    """Read each question, answer it by button or by typing; the results' message, which comes
    right after the last answer."""
    questions = kazakh_questions()
    asked: list[str] = []
    for _turn in range(20):
        message = await user.next_message(lambda m: m.text in questions or m.has_buttons("det:"))
        if message.has_buttons("det:"):
            assert "iin" in asked and "region" in asked, asked
            return message
        step = questions[message.text]
        if not asked:  # the greeting comes in the first question's message, not before it
            assert message.text.startswith(kazakh(lambda: greeting(again=False))), message
        asked.append(step)
        # A person reads the question first: the flood limit lets 10 updates through at once,
        # then 2 a second, and the questions are more than 10 with the start and the consent.
        await asyncio.sleep(READING_S)
        if step in TYPED_ANSWERS:
            await user.send_text(TYPED_ANSWERS[step])
        elif step == "groups":
            await user.press(message, message.button("nav:groups_none"))
        elif message.has_buttons(f"ans:{step}:{BUTTON_ANSWERS[step]}"):
            await user.press(message, message.button(f"ans:{step}:{BUTTON_ANSWERS[step]}"))
        else:
            # Not on this page of regions: "Next ▶️" (the bot edits the message in place).
            next_label = kazakh(lambda: _("Next ▶️"))
            next_page = [b for b in message.inline_buttons if b.text == next_label]
            assert next_page, f"no {BUTTON_ANSWERS[step]!r} button on any page:\n{message}"
            await user.press(message, next_page[0])
    raise AssertionError(f"the questions never ended with the results; asked: {asked}")


@dataclass(frozen=True, slots=True)
class StoredApplication:
    id: int
    user_id: int
    programme: str
    region: str
    status: str
    phone: str
    comment: str
    language: str
    created_at: str


def applications_in(db_path: Path) -> list[StoredApplication]:
    # Read-only, beside the running bot (the database is in WAL mode).
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        rows = db.execute(
            "SELECT id, user_id, programme, region, status, phone, comment, language, created_at "
            "FROM applications ORDER BY id"
        ).fetchall()
    return [StoredApplication(*row) for row in rows]


def speaks_kazakh(message: BotMessage) -> bool:
    return bool(KAZAKH_LETTERS & set(message.text))
