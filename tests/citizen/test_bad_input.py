"""Input that does not fit the step: a short reply in the user's language, the step unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from support.client import ChatClient
from support.walk import PERSONAS_FOR_STEPS, agree, answer_until_summary, iin

from handlers.citizen.question_kinds import Answer, Nav, ShowResults
from handlers.citizen.results import ApplyFor

Reach = Callable[[ChatClient], Awaitable[None]]


async def at_iin(client: ChatClient) -> None:
    await agree(client)


async def at_birth_date(client: ChatClient) -> None:
    await agree(client)
    await client.tap(Nav(action="no_iin").pack())


async def at_sex(client: ChatClient) -> None:
    await at_birth_date(client)
    await client.send("07.03.1972")


async def at_region(client: ChatClient) -> None:
    await at_sex(client)
    await client.tap(Answer(step="sex", value="female").pack())


async def at_employment(client: ChatClient) -> None:
    await at_region(client)
    await client.tap(Answer(step="region", value="turkistan").pack())


async def at_summary(client: ChatClient) -> None:
    await agree(client)
    await answer_until_summary(client, PERSONAS_FOR_STEPS)


async def at_phone(client: ChatClient) -> None:
    await at_summary(client)
    await client.tap(ShowResults().pack())
    await client.tap(ApplyFor(programme="kumis_jas").pack())


STEPS: dict[str, Reach] = {
    "Ask:iin": at_iin,
    "Ask:birth_date": at_birth_date,
    "Ask:sex": at_sex,
    "Ask:region": at_region,
    "Ask:employment": at_employment,
    "Ask:summary": at_summary,
    "Applying:phone": at_phone,
}

INPUTS: dict[str, Callable[[ChatClient], Awaitable[object]]] = {
    "sticker": lambda c: c.feed(c.factory.sticker()),
    "photo": lambda c: c.feed(c.factory.photo()),
    "voice": lambda c: c.feed(c.factory.voice()),
    "long text": lambda c: c.send("9" * 5000),
    "unknown command": lambda c: c.send("/frobnicate"),
    "forged button": lambda c: c.tap("ans:region:atlantis"),
    "garbage button": lambda c: c.tap("x" * 60),
    "wrong text": lambda c: c.send("не знаю"),
    "edited message": lambda c: c.feed(c.factory.edited("исправил")),
}


@pytest.mark.parametrize("bad", INPUTS, ids=str)
@pytest.mark.parametrize("step", STEPS, ids=str)
async def test_bad_input_gets_a_russian_reply_and_the_step_stays(
    client: ChatClient, step: str, bad: str
) -> None:
    await STEPS[step](client)
    assert await client.state() == step
    data_before = await client.data()
    await INPUTS[bad](client)
    assert client.texts, "the citizen must get an answer"
    reply = client.text
    assert any("а" <= char <= "я" for char in reply.lower())
    assert "9" * 100 not in reply  # long text is never echoed back
    assert "Traceback" not in reply
    assert await client.state() == step
    after = await client.data()
    assert after.get("profile") == data_before.get("profile")


# What the citizen typed at a step, one after another, and a part of each reply.
TYPOS: dict[str, list[tuple[str, str]]] = {
    "Ask:iin": [
        ("12345", "12 цифр"),
        ("70051030001Z", "только из цифр"),
        ("701310300019", "дата рождения"),
        ("700510900019", "7-я цифра"),
        ("700510300018", "Последняя цифра"),
        # Valid, but of someone born in 1850: every later message was "something went wrong".
        (iin("500101", 1), "вы родились до 1900 года"),
        (iin("200101", 5), "По этой дате вам 6 лет"),
    ],
    "Ask:birth_date": [
        ("31.02.1980", "Такой даты нет"),
        ("01.01.2090", "ещё не наступила"),
        ("вчера", "день.месяц.год"),
        ("14.05.24", "четырьмя цифрами"),  # 1924 or 2024: neither is a job seeker
        ("14.05.20", "четырьмя цифрами"),
        ("01.05.2021", "По этой дате вам 4 года"),
    ],
    # One digit short must not pass as someone else's number.
    "Applying:phone": [
        ("+7 777 123 45 6", "не похоже"),
        ("7 777 123 45 6", "не похоже"),
        ("+7 701 234 56 789", "не похоже"),
    ],
}


@pytest.mark.parametrize("step", TYPOS, ids=str)
async def test_a_typed_answer_that_does_not_fit_says_what_is_wrong(
    client: ChatClient, step: str
) -> None:
    await STEPS[step](client)
    for typed, said in TYPOS[step]:
        await client.send(typed)
        assert said in client.text, typed
    assert await client.state() == step


async def test_phone_in_a_wrong_format_or_someone_elses_contact_is_refused(
    client: ChatClient,
) -> None:
    await at_phone(client)
    await client.send("12345")
    assert "не похоже" in client.text
    await client.send("8 701 234 56 7²")  # a superscript: str.isdigit() says yes
    assert "не похоже" in client.text
    await client.feed(client.factory.contact("+77011112233", owner_id=999))
    assert "другого человека" in client.text
    assert await client.state() == "Applying:phone"
    await client.feed(client.factory.contact("+7 701 111 22 33"))
    assert await client.state() == "Applying:confirm"


async def test_a_phone_typed_in_full_width_digits_is_kept_in_plain_digits(
    client: ChatClient,
) -> None:
    await at_phone(client)
    await client.send("８ ７０１ ２３４ ５６ ７８")
    assert await client.state() == "Applying:confirm"
    assert "Телефон: +7 701 234 56 78" in client.text


async def test_kazakh_user_gets_bad_input_replies_in_kazakh(kk_client: ChatClient) -> None:
    await agree(kk_client)
    await kk_client.feed(kk_client.factory.sticker())
    assert "тек мәтін" in kk_client.text
    await kk_client.send("/frobnicate")
    assert "команданы білмеймін" in kk_client.text


async def test_group_chat_gets_a_pointer_to_the_private_chat(client: ChatClient) -> None:
    client.factory.chat_type = "group"
    await client.send("/start")
    assert "личном чате" in client.text


async def test_two_messages_at_once_are_answered_in_order(client: ChatClient) -> None:
    """A citizen who sends the date twice before the bot answers: the first moves on to the
    next question, the second is answered at that question; neither is lost or crashes."""
    await at_birth_date(client)
    before = len(client.session.requests)
    first, second = client.factory.text("07.03.1972"), client.factory.text("07.03.1972")
    await asyncio.gather(
        client.dp.feed_update(client.bot, first), client.dp.feed_update(client.bot, second)
    )
    answers = [r.text or "" for r in client.session.requests[before:] if r.method == "sendMessage"]
    assert "мужчина или женщина" in answers[0]
    assert "ответьте кнопками" in answers[1]
    assert "мужчина или женщина" in answers[-1]
    assert await client.state() == "Ask:sex"
    profile = (await client.data())["profile"]
    assert "1972-03-07" in str(profile)


@pytest.mark.parametrize("typed", ["14051971", "1971-05-14", "14 05 1971", "14/5/1971"])
async def test_a_birth_date_in_another_common_form_is_taken(client: ChatClient, typed: str) -> None:
    await STEPS["Ask:birth_date"](client)
    await client.send(typed)
    assert (await client.data())["profile"]["birth_date"] == "1971-05-14"
    assert await client.state() != "Ask:birth_date"


async def test_an_old_button_says_where_we_are_only_when_there_is_a_step(
    client: ChatClient,
) -> None:
    await STEPS["Ask:birth_date"](client)
    await client.tap("apply:gone_programme_of_2019")
    assert "Вот где мы остановились" in client.text
    await client.send("/cancel")
    await client.tap("apply:gone_programme_of_2019")
    assert "Эта кнопка уже не действует." in client.text
    assert "Вот где мы остановились" not in client.text


async def test_someone_whose_telegram_speaks_english_is_asked_the_language_first(
    tmp_path: Path,
) -> None:
    """Not answered in Kazakh alone: whatever they send first gets the question in both."""
    english = await ChatClient.open(tmp_path / "en.sqlite3", language_code="en")
    try:
        await english.send("/help")
        assert "Выберите язык общения." in english.text
        assert "Қазақша" in english.buttons() and "Русский" in english.buttons()
        await english.press("Русский")
        assert "Вы согласны?" in english.text  # then on, in Russian, from consent
        await english.send("/help")
        assert "/my" in english.text and "Выберите язык" not in english.text
    finally:
        await english.close()


@pytest.mark.parametrize("second", ["/my", "/forget", "/help", "здравствуйте"])
async def test_someone_who_does_not_choose_a_language_is_asked_again_not_answered_in_kazakh(
    tmp_path: Path, second: str
) -> None:
    english = await ChatClient.open(tmp_path / "en.sqlite3", language_code="en")
    try:
        await english.send("hello")
        await english.send(second)
        assert english.texts == ["Сөйлесу тілін таңдаңыз.\nВыберите язык общения."]
        assert english.buttons() == ["Қазақша", "Русский"]
        await english.press("Русский")
        await english.send("/my")
        assert "Выберите язык" not in english.text and "/start" in english.text
    finally:
        await english.close()


async def test_the_phone_is_said_back_in_full_once_saved(client: ChatClient) -> None:
    await at_phone(client)
    await client.send("777 123 45 67")  # ten digits, no 8 in front: the operator code 777
    assert "Спасибо, номер +7 777 123 45 67 сохранён." in client.text
    assert await client.state() == "Applying:confirm"


async def test_a_birth_date_typed_at_the_iin_question_is_taken_as_the_birth_date(
    client: ChatClient,
) -> None:
    """The IIN question offers the date instead; typing it there was refused as 'digits only'."""
    await at_iin(client)
    await client.send("10.05.1966")
    assert await client.state() == "Ask:sex"
    profile = (await client.data())["profile"]
    assert profile["birth_date"] == "1966-05-10" and "iin" not in profile


async def test_an_iin_written_with_a_dash_after_the_date_is_taken(client: ChatClient) -> None:
    await at_iin(client)
    await client.send("660510-400015")
    assert await client.state() == "Ask:region"
    assert (await client.data())["profile"]["iin"] == "660510400015"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("+8 777 123 45 67", "+7 777 123 45 67"),  # the 8 written with a plus out of habit
        ("8 (7172) 55-66-77", "+7 717 255 66 77"),  # a home phone: the centre can call it
    ],
)
async def test_numbers_people_really_write_are_taken(
    client: ChatClient, typed: str, kept: str
) -> None:
    await at_phone(client)
    await client.send(typed)
    assert f"Спасибо, номер {kept} сохранён." in client.text
