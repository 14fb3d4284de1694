"""Consent through the real dispatcher, in kk and ru: short, with «More» for the full text in
its place, agreed or declined by a button or a typed word, and nothing kept before it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from support.client import ChatClient
from support.walk import iin

from bot.i18n import use_locale
from handlers.citizen.consent import consent_in_full

CONSENT_LIMIT = 300
WORDS = {
    "ru": {"agree": "✅ Даю согласие", "decline": "Нет, спасибо", "more": "ℹ️ Подробнее о данных"},
    "kk": {
        "agree": "✅ Келісемін",
        "decline": "Жоқ, рақмет",
        "more": "ℹ️ Деректер туралы толығырақ",
    },
}
IIN_QUESTION = {"ru": "ИИН", "kk": "ЖСН"}
DECLINED = {"ru": "мы ничего о вас не храним", "kk": "ештеңе сақтамаймыз"}


@pytest.fixture(params=["ru", "kk"])
async def chat(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ChatClient]:
    client = await ChatClient.open(tmp_path / "bot.sqlite3", language_code=request.param)
    yield client
    await client.close()


def language(chat: ChatClient) -> str:
    return str(chat.factory.language_code)


async def test_consent_is_one_short_message_with_agree_decline_and_more(chat: ChatClient) -> None:
    await chat.send("/start")
    words = WORDS[language(chat)]
    assert len(chat.texts) == 1
    assert len(chat.text) <= CONSENT_LIMIT
    assert "/privacy" in chat.text and "/forget" in chat.text
    assert chat.buttons() == [words["agree"], words["decline"], words["more"]]


async def test_more_shows_the_full_text_in_place_and_agreeing_still_works(
    chat: ChatClient,
) -> None:
    await chat.send("/start")
    words = WORDS[language(chat)]
    await chat.press(words["more"])
    assert [r.method for r in chat.replies if r.method != "answerCallbackQuery"] == [
        "editMessageText"
    ]
    with use_locale(language(chat)):
        assert chat.text == consent_in_full()
    assert chat.buttons() == [words["agree"], words["decline"]]
    await chat.press(words["agree"])
    assert await chat.state() == "Ask:iin"
    assert IIN_QUESTION[language(chat)] in chat.text


GREETING = {
    "ru": "Давайте найдём государственные программы занятости, которые вам подходят.",
    "kk": "Сізге сай келетін мемлекеттік жұмыспен қамту бағдарламаларын табайық.",
}
WELCOME_BACK = {"ru": "С возвращением!", "kk": "Қайта қош келдіңіз!"}


async def test_after_agreeing_the_greeting_and_the_first_question_are_one_message(
    chat: ChatClient,
) -> None:
    await chat.send("/start")
    await chat.press(WORDS[language(chat)]["agree"])
    [first] = [r.text for r in chat.replies_of("sendMessage")]
    greeting, question = first.split("\n\n", 1)
    assert greeting == GREETING[language(chat)]
    assert IIN_QUESTION[language(chat)] in question
    assert len(chat.buttons()) == 1  # the way without the IIN


async def test_coming_back_is_greeted_in_the_message_of_the_question_it_goes_on_with(
    chat: ChatClient,
) -> None:
    await chat.send("/start")
    await chat.press(WORDS[language(chat)]["agree"])
    await chat.send(iin("700510", 3))
    await chat.send("/start")
    [again] = [r.text for r in chat.replies_of("sendMessage")]
    assert again.startswith(WELCOME_BACK[language(chat)])
    assert await chat.state() == "Ask:region"
    assert chat.buttons(), "the region question's buttons come with it"


@pytest.mark.parametrize("typed", ["да", "Да, согласен", "ок", "иә", "Иә!", "ия", "әрине"])
async def test_a_typed_yes_at_consent_agrees(chat: ChatClient, typed: str) -> None:
    await chat.send("/start")
    await chat.send(typed)
    assert await chat.state() == "Ask:iin"
    account = await chat.db.users.get(chat.factory.user_id)
    assert account is not None and account.consent_version is not None


@pytest.mark.parametrize("typed", ["нет", "Нет, спасибо", "жоқ", "жок"])
async def test_a_typed_no_at_consent_declines_and_keeps_nothing(
    chat: ChatClient, typed: str
) -> None:
    await chat.send("/start")
    await chat.send(typed)
    assert DECLINED[language(chat)] in chat.text
    account = await chat.db.users.get(chat.factory.user_id)
    assert account is None or account.consent_version is None


async def test_what_is_typed_before_consent_is_kept_nowhere(chat: ChatClient) -> None:
    number = iin("700510", 3)
    await chat.send("/start")
    await chat.press(WORDS[language(chat)]["more"])
    await chat.send(number)
    await chat.send("мой телефон 87772345678")
    # Neither is an answer to the consent: it is shown again, short, with its buttons.
    assert len(chat.text) <= CONSENT_LIMIT and WORDS[language(chat)]["more"] in chat.buttons()
    account = await chat.db.users.get(chat.factory.user_id)
    assert account is None or (account.consent_version is None and not account.profile)
    assert "profile" not in await chat.data()
    await chat.db.close()
    stored = b"".join(path.read_bytes() for path in chat.path.parent.glob("bot.sqlite3*"))
    assert number.encode() not in stored and b"87772345678" not in stored
    chat.db = await type(chat.db).open(chat.path)
