"""The real `jumys run` process, driven through the Bot API emulator as a citizen would: from
/start to a queued application in the SQLite file and on /my.

The citizen reads each question and answers it with its buttons or by typing. What the bot
should say is rendered here from the same code and Kazakh catalogue the bot uses, so rewording
a text does not break this test, but a text in the wrong language, a missing translation or a
message out of place does. Buttons are pressed by their callback data, as a tap sends it.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from bot.i18n import _, use_locale
from bot.rules.model import Profile
from bot.storage.codec import time_from_db
from bot.storage.models import AppStatus, application_number
from bot.words import labels
from bot.words.formatting import day
from bot.words.names import programme_name, region_pages, short_name
from handlers.citizen.application_draft import confirm_prompt
from handlers.citizen.consent import consent_text, greeting
from handlers.citizen.language import language_question
from handlers.citizen.phone import phone_prompt
from handlers.citizen.questions import QUESTIONS, question

from .conftest import Bots
from .processes import RunningProcess, clean_environment
from .telegram_user import BotMessage, TelegramUser

# A woman born on 7 March 1968 (7th digit 4: born in the 1900s, female), check digit valid.
IIN = "680307410002"
PHONE_TYPED = "+7 701 234 56 78"
PHONE_STORED = "+77012345678"
COMMENT = "Түстен кейін хабарласыңыздар"
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


async def test_citizen_applies_in_kazakh_from_start_to_a_queued_application(
    bots: Bots, bot_api_url: str, bot_token: str, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    db_path = tmp_path / "jumys.sqlite3"
    jumys = start_jumys(bots, bot_api_url, bot_token, db_path)
    jumys.wait_for_line("long polling started", STARTUP_TIMEOUT_S)
    # Telegram set to English, neither kk nor ru: the bot asks which language.
    user = TelegramUser(
        http,
        bot_api_url,
        bot_token,
        user_id=5550123,
        first_name="Айгүл",
        language_code="en",
        check_alive=bots.check_alive,
    )

    await user.send_text("/start")
    languages = await user.next_message_with_buttons("lang:")
    assert languages.text == language_question()
    await user.press(languages, languages.button("lang:kk"))
    chose_kazakh_at = len(user.transcript)

    consent = await user.next_message_with_buttons("cons:")
    assert consent.text == kazakh(consent_text)
    await user.press(consent, consent.button("cons:1"))

    # The results: one message, a line per programme that fits or may fit, with what it gives;
    # the citizen opens the first one that has an Apply button (its details replace the list
    # in place), goes back to the list, and applies from there.
    results = await answer_questions(user)
    assert len(results.text) <= 1500, results.text
    assert "₸" in results.text, "the list says what the programmes give"
    apply = results.button("apply:")
    assert apply.callback_data is not None
    programme = apply.callback_data.removeprefix("apply:")
    await user.press(results, results.button(f"det:{programme}"))
    details = await user.next_message(lambda m: m.edited and m.message_id == results.message_id)
    short = kazakh(lambda: short_name(programme))
    assert details.text.splitlines()[0] in (f"✅ {short}", f"❓ {short}"), details.text
    await user.press(details, details.button("lst"))
    listed = await user.next_message(lambda m: m.edited and m.message_id == results.message_id)
    assert listed.text == results.text
    name = kazakh(lambda: programme_name(programme))
    await user.press(listed, listed.button(f"apply:{programme}"))

    # The contact button is offered; this citizen types the number instead.
    phone_question = await user.next_message(lambda m: bool(m.reply_keyboard))
    assert phone_question.text == kazakh(lambda: phone_prompt(programme)[0])
    assert any(key.request_contact for row in phone_question.reply_keyboard for key in row)
    await user.send_text(PHONE_TYPED)

    # One message: the number said back, the application to check, and the way to comment.
    checking = await user.next_message_with_buttons("apn:submit:")
    assert checking.text == kazakh(
        lambda: confirm_prompt(programme, REGION, PHONE_STORED, None, phone_saved=True)[0]
    )
    assert PHONE_TYPED in checking.text
    await user.send_text(COMMENT)

    # The comment typed there: the first one's Send goes, the application comes again with it.
    stripped = await user.next_message(lambda m: m.edited and m.message_id == checking.message_id)
    assert not stripped.has_buttons("apn:")
    confirm = await user.next_message_with_buttons("apn:submit:")
    assert confirm.message_id != checking.message_id
    assert confirm.text == kazakh(
        lambda: confirm_prompt(programme, REGION, PHONE_STORED, COMMENT)[0]
    )
    await user.press(confirm, confirm.button(f"apn:submit:{programme}"))

    queued = kazakh(lambda: labels.label(labels.APP_STATUS, AppStatus.QUEUED))
    sent = await user.next_message(lambda m: not m.edited and queued in m.text)
    [stored] = applications_in(db_path)
    number = application_number(stored.id)
    assert number in sent.text
    assert name in sent.text

    # Later the citizen looks the application up.
    await user.send_text("/my")
    listed = await user.next_message(lambda m: number in m.text)
    assert listed.text.splitlines() == [
        kazakh(lambda: _("Application {number}").format(number=number)),
        name,
        kazakh(lambda: _("Sent: {date}").format(date=day(time_from_db(stored.created_at)))),
        kazakh(lambda: _("Status: {status}").format(status=queued)),
    ]
    assert listed.has_buttons(f"my:withdraw:{stored.id}")

    not_kazakh = [str(m) for m in user.transcript[chose_kazakh_at:] if not speaks_kazakh(m)]
    assert not not_kazakh, "after choosing Kazakh, every message is in Kazakh"

    assert bots.stop(jumys) == 0, "jumys run exits cleanly on SIGTERM"
    assert stored == StoredApplication(
        id=stored.id,
        user_id=user.user["id"],
        programme=programme,
        region=REGION,
        status="queued",
        phone=PHONE_STORED,
        comment=COMMENT,
        language="kk",
        created_at=stored.created_at,
    )
    assert applications_in(db_path) == [stored], "one application, kept after the stop"
    log = jumys.log_path.read_text()
    for personal in (IIN, PHONE_STORED, PHONE_STORED.removeprefix("+"), COMMENT):
        assert personal not in log, "personal data never goes into the log"
