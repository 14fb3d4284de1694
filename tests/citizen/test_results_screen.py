"""The results on one screen: one message, each programme's details in its place, a changed
answer shown in the same message, and the words of the list and the details."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.client import ChatClient
from support.walk import Persona, agree, answer_until_results, details_of, iin

from bot.i18n import compile_catalogs, use_locale
from bot.words.names import short_name
from citizen.test_conversations import PERSONAS
from handlers.citizen.question_kinds import ChangeAnswer

LIMIT = 1500
FIFTY_FIVE = Persona("fifty-five", "kumis_jas", iin=iin("700610", 4), sex="female")
GRADUATE = Persona(
    "graduate, not registered",
    "vocational_training",
    iin=iin("020915", 5),
    employment="unemployed_unregistered",
    education="higher",
    graduation="06.2025",
)
CHANGE = {"kk": "✏️ Жауаптарымды өзгерту", "ru": "✏️ Изменить ответы"}
WORK = {"kk": "✏️ Жұмыс", "ru": "✏️ Работа"}
SELF_EMPLOYED = {"kk": "Өзін-өзі жұмыспен қамтыған", "ru": "Самозанятый"}


async def opened(tmp_path: Path, persona: Persona, language: str) -> ChatClient:
    client = await ChatClient.open(tmp_path / f"{language}.sqlite3", language_code=language)
    await agree(client)
    await answer_until_results(client, persona)
    return client


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("persona", [*PERSONAS, FIFTY_FIVE, GRADUATE], ids=lambda p: p.name)
async def test_the_results_are_one_message_of_at_most_1500_characters(
    tmp_path: Path, persona: Persona, language: str
) -> None:
    client = await opened(tmp_path, persona, language)
    try:
        [results] = client.replies_of("sendMessage")
        assert len(results.text) <= LIMIT, (len(results.text), results.text)
        with use_locale(language):
            name = short_name(persona.programme)
        assert f"{name} — " in results.text
        assert any(label.endswith(name) for label in client.buttons())
    finally:
        await client.close()


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_programme_s_details_replace_the_list_and_the_list_comes_back_in_place(
    tmp_path: Path, language: str
) -> None:
    client = await opened(tmp_path, FIFTY_FIVE, language)
    try:
        [results] = client.replies_of("sendMessage")
        listed_id, _ = client.keyboards()[0]
        with use_locale(language):
            name = short_name("kumis_jas")
        _, buttons = await details_of(client, name)
        assert not client.replies_of("sendMessage"), "the details come in place of the list"
        [edit] = client.replies_of("editMessageText")
        assert edit.params["message_id"] == listed_id
        assert "📝" in buttons[0]  # Apply, then back to the list
        await client.press(buttons[-1])
        [back] = client.replies_of("editMessageText")
        assert back.params["message_id"] == listed_id and back.text == results.text
        assert not client.replies_of("sendMessage")
    finally:
        await client.close()


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_changed_answer_shows_the_new_results_in_the_same_message(
    tmp_path: Path, language: str
) -> None:
    client = await opened(tmp_path, FIFTY_FIVE, language)
    try:
        [results] = client.replies_of("sendMessage")
        listed_id, _ = client.keyboards()[0]
        await client.press(CHANGE[language])  # the answers, in place
        await client.press(WORK[language])  # the question, in place
        await client.press(SELF_EMPLOYED[language])
        assert await client.state() == "Flow:results"
        [updated] = client.replies_of("editMessageText")
        assert updated.params["message_id"] == listed_id
        assert updated.text != results.text
        with use_locale(language):
            silver = short_name("kumis_jas")
        assert silver in updated.text.split("❌")[-1]  # silver age is for the unemployed
        sent = [r for r in client.session.requests if r.method == "sendMessage"]
        assert sent[-1] is results, "no new message for the change"
        data = await client.data()
        assert data["profile"]["employment"] == "self_employed"
        rows = updated.params["reply_markup"]["inline_keyboard"]
        assert ChangeAnswer(step="summary").pack() in {
            b["callback_data"] for row in rows for b in row
        }
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("language", "salary", "cap"),
    [
        (
            "ru",
            "Зарплату вам платит работодатель, а государство возмещает ему часть",
            "Доля государства — не больше 129\u00a0750\u00a0₸ в месяц.",
        ),
        (
            "kk",
            "Жалақыны сізге жұмыс беруші төлейді, ал мемлекет оның бір бөлігін",
            "Мемлекеттің үлесі айына ең көбі 129\u00a0750\u00a0₸.",
        ),
    ],
)
async def test_silver_age_says_the_employer_pays_the_salary_and_caps_only_the_state_s_part(
    tmp_path: Path, language: str, salary: str, cap: str
) -> None:
    client = await opened(tmp_path, FIFTY_FIVE, language)
    try:
        with use_locale(language):
            details, _ = await details_of(client, short_name("kumis_jas"))
        assert salary in details and cap in details
    finally:
        await client.close()


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_a_23_year_old_is_not_told_their_retirement_date(
    tmp_path: Path, language: str
) -> None:
    registered = Persona("23, registered", "public_works", iin=iin("020915", 5), education="higher")
    client = await opened(tmp_path, registered, language)
    try:
        with use_locale(language):
            details, _ = await details_of(client, short_name("public_works"))
        assert details.startswith("✅")
        assert "2067" not in details and "2068" not in details  # the year he would retire
        assert ("пенси" not in details) if language == "ru" else ("зейнет" not in details)
    finally:
        await client.close()


def test_the_kazakh_catalogue_has_one_word_for_a_button_and_no_form_lines() -> None:
    compile_catalogs()
    kazakh = (Path(__file__).parents[2] / "locales/kk/LC_MESSAGES/messages.po").read_text()
    russian = (Path(__file__).parents[2] / "locales/ru/LC_MESSAGES/messages.po").read_text()
    assert "түйме" not in kazakh.lower() and "батырма" in kazakh
    assert "Кімге арналған:" not in kazakh
    assert "растай алмадық" not in kazakh
    assert "ситуация с работой" not in russian
    assert "вы достигнете его" not in russian
