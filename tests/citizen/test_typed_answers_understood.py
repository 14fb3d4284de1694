"""Typed answers understood, through the real dispatcher in kk and ru (issue 17, point 6):
region names and their short forms, dates with month names and 2-digit years, yes and no at
yes/no questions, a phone inside a sentence; and every message after a cancelled application
ends with a way forward."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from support.client import ChatClient
from support.walk import Persona, agree, answer_until, answer_until_summary, iin

from handlers.citizen.question_kinds import Nav, ShowResults
from handlers.citizen.results import ApplyFor

FIFTY_FIVE = Persona("fifty-five, registered", "kumis_jas", iin=iin("700510", 3))
GRADUATE = Persona(
    "23-year-old graduate",
    "jastar_praktikasy",
    birth_date="01.09.2002",
    sex="female",
    employment="unemployed_unregistered",
    education="higher",
)
FORTY = Persona("forty, registered", "public_works", iin=iin("860110", 3))
WORDS = {
    "ru": {
        "buttons": "Пожалуйста, ответьте кнопками ниже.",
        "four digits": "Напишите год полностью, четырьмя цифрами",
        "saved": "Спасибо, номер {phone} сохранён.",
        "not a number": "Это не похоже на казахстанский мобильный номер.",
        "back": "⬅️ Назад",
        "programmes": "Показать мои программы ▶️",
        "applications": "📋 Мои заявки",
    },
    "kk": {
        "buttons": "Төмендегі батырмалармен жауап беріңізші.",
        "four digits": "Жылды толық, төрт цифрмен жазыңыз",
        "saved": "Рақмет, {phone} нөмірі сақталды.",
        "not a number": "Бұл қазақстандық ұялы нөмірге ұқсамайды.",
        "back": "⬅️ Артқа",
        "programmes": "Бағдарламаларды көру ▶️",
        "applications": "📋 Менің өтінімдерім",
    },
}


@pytest.fixture(params=["ru", "kk"])
async def chat(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ChatClient]:
    client = await ChatClient.open(tmp_path / "bot.sqlite3", language_code=request.param)
    yield client
    await client.close()


def words(chat: ChatClient) -> dict[str, str]:
    return WORDS[str(chat.factory.language_code)]


async def profile(chat: ChatClient) -> dict[str, object]:
    return dict((await chat.data())["profile"])


@pytest.mark.parametrize(
    ("typed", "region"),
    [
        ("Павлодар", "pavlodar"),
        ("павлодар", "pavlodar"),
        ("Шымкент", "shymkent_city"),
        ("ВКО", "east_kazakhstan"),
        ("Алматы облысы", "almaty_region"),
        ("Алматинская обл.", "almaty_region"),
        ("город Алматы", "almaty_city"),
        ("г. Алматы", "almaty_city"),
        ("Алматы", "almaty_city"),
        ("Алматы қаласы", "almaty_city"),
        ("Алматыда", "almaty_city"),
        ("Қарағанды облысы", "karaganda"),
        ("Караганды", "karaganda"),
        ("Караганда", "karaganda"),
        ("Шығыс Қазақстан облысы", "east_kazakhstan"),
        ("Өскемен", "east_kazakhstan"),
        ("Усть-Каменогорск", "east_kazakhstan"),
        ("Нур-Султан", "astana_city"),
        ("Астана қаласы", "astana_city"),
        ("я живу в Павлодаре", "pavlodar"),
        ("Түркістан облысы", "turkistan"),
        ("Туркестанская область", "turkistan"),
        ("СКО", "north_kazakhstan"),
        ("Жетісу облысы", "zhetisu"),
        ("область Ұлытау", "ulytau"),
        ("Улытауская область", "ulytau"),
        ("Семей", "abai"),
        ("Мангистауская область", "mangystau"),
    ],
)
async def test_a_region_typed_as_people_write_it_is_the_answer(
    chat: ChatClient, typed: str, region: str
) -> None:
    await agree(chat)
    await answer_until(chat, FIFTY_FIVE, "region")
    await chat.send(typed)
    assert await chat.state() == "Ask:employment"
    assert (await profile(chat))["region"] == region


@pytest.mark.parametrize("typed", ["Москва", "не Алматы, а Астана", "где-то на юге"])
async def test_a_region_not_understood_asks_for_the_buttons_and_keeps_the_step(
    chat: ChatClient, typed: str
) -> None:
    await agree(chat)
    await answer_until(chat, FIFTY_FIVE, "region")
    await chat.send(typed)
    assert words(chat)["buttons"] in chat.text
    assert await chat.state() == "Ask:region"
    assert "region" not in await profile(chat)


@pytest.mark.parametrize(
    "typed",
    [
        "12 мая 1964",
        "12 май 1964 г.",
        "1964 ж. 12 мамыр",
        "1964 жылғы 12 мамыр",
        "12 мамыр 1964",
        "12.05.64",
        "12 мая 64",
    ],
)
async def test_a_birth_date_with_the_month_in_words_or_a_short_year_is_understood(
    chat: ChatClient, typed: str
) -> None:
    await agree(chat)
    await chat.tap(Nav(action="no_iin").pack())
    await chat.send(typed)
    assert await chat.state() == "Ask:sex"
    assert (await profile(chat))["birth_date"] == "1964-05-12"


@pytest.mark.parametrize("typed", ["12 мая 1964", "1964 ж. 12 мамыр"])
async def test_a_birth_date_in_words_at_the_iin_question_is_taken_instead(
    chat: ChatClient, typed: str
) -> None:
    await agree(chat)
    await chat.send(typed)
    assert await chat.state() == "Ask:sex"
    assert (await profile(chat))["birth_date"] == "1964-05-12"


async def test_a_short_year_that_fits_two_centuries_is_asked_in_full(chat: ChatClient) -> None:
    await agree(chat)
    await chat.tap(Nav(action="no_iin").pack())
    await chat.send("07.03.24")  # 1924 (102 years old) or 2024 (a baby): neither is likely
    assert words(chat)["four digits"] in chat.text
    assert await chat.state() == "Ask:birth_date"


@pytest.mark.parametrize(
    ("typed", "finished"),
    [
        ("июнь 2025", "2025-06-30"),
        ("2025 ж. маусым", "2025-06-30"),
        ("маусым 2025", "2025-06-30"),
        ("30 июня 2025", "2025-06-30"),
        ("30.06.25", "2025-06-30"),
        ("20 мамыр 2025 жылы", "2025-05-20"),
    ],
)
async def test_a_graduation_month_in_words_is_understood(
    chat: ChatClient, typed: str, finished: str
) -> None:
    await agree(chat)
    await answer_until(chat, GRADUATE, "graduation")
    await chat.send(typed)
    assert (await profile(chat))["graduation_date"] == finished


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("нет", "no"),
        ("Нет.", "no"),
        ("жоқ", "no"),
        ("жок", "no"),
        ("да", "yes"),
        ("Да, сократили", "yes"),
        ("иә", "yes"),
        ("ия", "yes"),
        ("не знаю", "dont_know"),
        ("білмеймін", "dont_know"),
    ],
)
async def test_yes_no_and_i_do_not_know_typed_at_a_yes_no_question(
    chat: ChatClient, typed: str, answer: str
) -> None:
    await agree(chat)
    await answer_until(chat, FORTY, "lost_job")
    await chat.send(typed)
    assert (await profile(chat))["lost_job_recently"] == answer
    expected = "Ask:social_insurance" if answer == "yes" else "Ask:profession"
    assert await chat.state() == expected


@pytest.mark.parametrize(("typed", "worked"), [("нет", False), ("жоқ", False), ("да", True)])
async def test_yes_or_no_typed_about_work_experience(
    chat: ChatClient, typed: str, worked: bool
) -> None:
    await agree(chat)
    await answer_until(chat, GRADUATE, "experience")
    await chat.send(typed)
    assert (await profile(chat))["has_work_experience"] is worked


async def test_a_word_that_is_neither_yes_nor_no_asks_for_the_buttons(chat: ChatClient) -> None:
    await agree(chat)
    await answer_until(chat, FORTY, "lost_job")
    await chat.send("может быть")
    assert words(chat)["buttons"] in chat.text
    assert await chat.state() == "Ask:lost_job"


async def _at_the_phone(chat: ChatClient) -> None:
    await agree(chat)
    await answer_until_summary(chat, FIFTY_FIVE)
    await chat.tap(ShowResults().pack())
    await chat.tap(ApplyFor(programme="kumis_jas").pack())
    assert await chat.state() == "Applying:phone"


@pytest.mark.parametrize(
    "typed",
    [
        "мой телефон 8777 123 45 67",
        "Менің нөмірім: +7 (777) 123-45-67",
        "звоните на 87771234567, лучше вечером",
    ],
)
async def test_a_phone_inside_a_sentence_is_understood(chat: ChatClient, typed: str) -> None:
    await _at_the_phone(chat)
    await chat.send(typed)
    assert words(chat)["saved"].format(phone="+7 777 123 45 67") in chat.text
    assert await chat.state() == "Applying:confirm"


async def test_two_phones_in_a_sentence_are_asked_again(chat: ChatClient) -> None:
    await _at_the_phone(chat)
    await chat.send("8777 123 45 67 или 8701 234 56 78")
    assert words(chat)["not a number"] in chat.text
    assert await chat.state() == "Applying:phone"


async def test_after_back_at_the_phone_the_bot_offers_the_programmes_and_applications(
    chat: ChatClient,
) -> None:
    await _at_the_phone(chat)
    await chat.send(words(chat)["back"])
    assert chat.buttons() == [words(chat)["programmes"], words(chat)["applications"]]
    await chat.press(words(chat)["programmes"])
    assert await chat.state() == "Flow:results"
    assert chat.texts  # the results again
