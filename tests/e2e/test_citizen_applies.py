"""The real `jumys run` process, driven through the Bot API emulator as a citizen would: from
/start to a queued application in the SQLite file and on /my.

The citizen reads each question and answers it with its buttons or by typing. What the bot
should say is rendered here from the same code and Kazakh catalogue the bot uses, so rewording
a text does not break this test, but a text in the wrong language, a missing translation or a
message out of place does. Buttons are pressed by their callback data, as a tap sends it.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp

from bot.i18n import _
from bot.storage.codec import time_from_db
from bot.storage.models import AppStatus, application_number
from bot.words import labels
from bot.words.formatting import day
from bot.words.names import programme_name, short_name
from handlers.citizen.application_draft import confirm_prompt
from handlers.citizen.consent import consent_text
from handlers.citizen.language import language_question
from handlers.citizen.phone import phone_prompt

from .citizen import (
    IIN,
    REGION,
    STARTUP_TIMEOUT_S,
    StoredApplication,
    answer_questions,
    applications_in,
    kazakh,
    speaks_kazakh,
    start_jumys,
)
from .conftest import Bots
from .telegram_user import TelegramUser

PHONE_TYPED = "+7 701 234 56 78"
PHONE_STORED = "+77012345678"
COMMENT = "Түстен кейін хабарласыңыздар"


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
