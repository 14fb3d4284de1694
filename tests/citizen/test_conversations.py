"""Whole conversations through the real dispatcher and a real SQLite file, in kk and ru."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from support.client import ChatClient
from support.walk import Persona, agree, answer_until_results, answer_until_summary, apply, iin

from bot.i18n import use_locale
from bot.storage.models import Application, AppStatus
from bot.words.names import short_name
from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.language import LanguageChoice
from handlers.citizen.question_kinds import Nav

PERSONAS = [
    Persona("silver age, by IIN", "kumis_jas", iin=iin("700510", 3)),
    Persona(
        "graduate of 2024",
        "jastar_praktikasy",
        birth_date="15.01.2000",
        sex="female",
        education="higher",
        graduation="06.2024",
    ),
    Persona("school leaver", "first_job", birth_date="05.05.2004", experience="no"),
    Persona("forty-year-old", "public_works", iin=iin("860301", 3), experience="yes"),
    Persona("with a disability", "social_jobs", birth_date="01.02.1990", groups=("disability",)),
    Persona(
        "large family",
        "business_grant",
        iin=iin("880101", 4),
        groups=("large_family",),
        own_business=True,
    ),
    Persona("mentor candidate", "generations_contract", iin=iin("690505", 3)),
    # The measures of corrections 2026-12 §3 applied for through the bot (the job-loss payment
    # and «Дипломмен – ауылға!» are information cards: no Apply button).
    Persona("short course", "vocational_training", birth_date="03.03.1995"),
    Persona("own business", "bastau_business", birth_date="04.04.1992", own_business=True),
    Persona("quota job", "disability_quota", birth_date="05.05.1985", groups=("disability",)),
    Persona("moving north", "resettlement", birth_date="06.06.1988", groups=("kandas",)),
]

SENT = {"kk": "өтініміңіз жіберілді", "ru": "отправлена"}


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
async def test_citizen_goes_from_start_to_a_submitted_application(
    tmp_path: Path, persona: Persona, language: str
) -> None:
    client = await ChatClient.open(tmp_path / "bot.sqlite3", language_code=language)
    try:
        await agree(client)
        await answer_until_results(client, persona)
        [results] = client.replies_of("sendMessage")
        with use_locale(language):
            assert f"{short_name(persona.programme)} — " in results.text
        await apply(client, persona.programme)
        assert SENT[language] in client.text
        applications = await client.db.applications.list_for_user(client.factory.user_id)
        assert [(a.programme, a.status, a.phone, a.language) for a in applications] == [
            (persona.programme, AppStatus.QUEUED, "+77012345678", language)
        ]
        assert applications[0].number in client.text
        user = await client.db.users.get(client.factory.user_id)
        assert user is not None and user.consent_version is not None
        assert user.profile["region"] == persona.region
    finally:
        await client.close()


async def test_double_tap_on_send_gives_one_application(client: ChatClient) -> None:
    persona = PERSONAS[0]
    await agree(client)
    await answer_until_summary(client, persona)
    await apply(client, persona.programme)
    first = client.text
    await client.tap(ApplyNav(action="submit", programme=persona.programme).pack())
    applications = await client.db.applications.list_for_user(client.factory.user_id)
    assert len(applications) == 1
    assert applications[0].number in first
    assert applications[0].number in client.text and "уже подали" in client.text


async def test_restart_halfway_continues_at_the_same_step_with_the_same_answers(
    client: ChatClient,
) -> None:
    await agree(client)
    await client.send(iin("700510", 3))
    assert await client.state() == "Ask:region"
    before = await client.data()
    await client.reopen()
    assert await client.state() == "Ask:region"
    assert await client.data() == before
    await client.send("/start")
    assert "С возвращением" in client.text
    assert await client.state() == "Ask:region"
    assert "область" in " ".join(client.buttons()) or "город" in " ".join(client.buttons())


async def test_language_switch_answers_in_the_new_language_at_once(client: ChatClient) -> None:
    await agree(client)
    await client.send("/language")
    await client.tap(LanguageChoice(code="kk").pack())
    assert "қазақша" in client.text
    assert "ЖСН" in client.text  # the question repeated, in Kazakh
    user = await client.db.users.get(client.factory.user_id)
    assert user is not None and user.language == "kk"
    assert await client.state() == "Ask:iin"


async def test_unknown_telegram_language_is_asked_first(tmp_path: Path) -> None:
    client = await ChatClient.open(tmp_path / "bot.sqlite3", language_code="en")
    try:
        await client.send("/start")
        assert "Сөйлесу тілін таңдаңыз" in client.text and "Выберите язык" in client.text
        await client.tap(LanguageChoice(code="ru").pack())
        assert "Вы согласны?" in client.text
    finally:
        await client.close()


async def test_declining_consent_stores_nothing_personal(client: ChatClient) -> None:
    await client.send("/start")
    await client.tap(ConsentChoice(agree=False).pack())
    assert "enbek.kz" in client.text and "eGov.kz" in client.text
    user = await client.db.users.get(client.factory.user_id)
    assert user is None or (user.consent_version is None and user.profile == {})
    assert await client.state() is None
    await client.send(iin("700510", 3))  # typed anyway: not kept
    user = await client.db.users.get(client.factory.user_id)
    assert user is None or user.profile == {}


async def _applied(client: ChatClient) -> Application:
    """A citizen who answered the questions and applied; returns the application."""
    persona = PERSONAS[0]
    await agree(client)
    await answer_until_summary(client, persona)
    await apply(client, persona.programme)
    (application,) = await client.db.applications.list_for_user(client.factory.user_id)
    return application


async def test_forget_erases_answers_and_withdraws_waiting_applications(
    client: ChatClient,
) -> None:
    await _applied(client)
    await client.send("/forget")
    await client.press("Да, удалить")
    assert "удалены" in client.text
    user = await client.db.users.get(client.factory.user_id)
    assert user is None or (user.profile == {} and user.consent_version is None)
    assert await client.db.applications.list_for_user(client.factory.user_id) == []
    assert await client.data() == {}


async def test_staff_question_is_answered_by_replying_in_the_chat(client: ChatClient) -> None:
    application_id = await _asked(client, "Где вы работали раньше?")
    await client.send("/my")
    assert "Где вы работали раньше?" in client.text
    await client.send("Работал водителем 10 лет")
    assert "снова в очереди" in client.text
    moved = await client.db.applications.get(application_id)
    assert moved is not None and moved.status is AppStatus.QUEUED
    events = await client.db.applications.events(application_id)
    assert events[-1].reason == "Работал водителем 10 лет"


async def test_withdraw_asks_first_then_withdraws(client: ChatClient) -> None:
    await _applied(client)
    await client.send("/my")
    await client.press("Отозвать")
    assert "Отозвать заявку" in client.text
    (application,) = await client.db.applications.list_for_user(client.factory.user_id)
    assert application.status is AppStatus.QUEUED
    await client.press("Да, отозвать")
    (application,) = await client.db.applications.list_for_user(client.factory.user_id)
    assert application.status is AppStatus.WITHDRAWN


async def _ask(client: ChatClient, application_id: int, question: str) -> None:
    """A reviewer claims the application and asks the citizen `question`."""
    await client.db.applications.claim(application_id, 5, timedelta(minutes=30))
    await client.db.applications.decide(application_id, 5, AppStatus.NEEDS_INFO, question)


async def _asked(client: ChatClient, question: str) -> int:
    """A submitted application on which a reviewer asked `question`; returns its id."""
    application = await _applied(client)
    await _ask(client, application.id, question)
    return application.id


async def test_a_ready_made_question_shows_in_words_on_my_list(client: ChatClient) -> None:
    await _asked(client, "code:call_time")
    await client.send("/my")
    assert "Когда вам удобно" in client.text
    assert "code:" not in client.text


async def test_answering_a_question_halfway_through_the_questions_keeps_the_place(
    client: ChatClient,
) -> None:
    await _asked(client, "Где вы работали раньше?")
    await client.send("/start")  # back to the answers, to change the region
    await client.press("✏️ Регион")
    assert await client.state() == "Ask:region"
    await client.send("/my")
    await client.press("Ответить")
    await client.send("Водителем")
    assert "снова в очереди" in client.text
    assert "Где вы живёте?" in client.text  # the region question again, with its buttons
    assert await client.state() == "Ask:region"


async def test_a_second_message_after_the_answer_is_not_silently_dropped(
    client: ChatClient,
) -> None:
    await _asked(client, "Где вы работали раньше?")
    await client.send("Водителем")
    await client.send("И ещё продавцом")
    assert "уже получил" in client.text


async def test_text_with_two_open_questions_asks_which_application_it_answers(
    client: ChatClient,
) -> None:
    first = await _asked(client, "Где вы работали раньше?")
    await client.send("/start")
    await apply(client, "public_works")
    applications = await client.db.applications.list_for_user(client.factory.user_id)
    (second,) = [a for a in applications if a.id != first]
    await _ask(client, second.id, "code:visit")
    await client.send("Водителем")
    assert "нескольким вашим заявкам" in client.text
    assert client.buttons()  # the list with an Answer button under each
    for application in await client.db.applications.list_for_user(client.factory.user_id):
        assert application.status is AppStatus.NEEDS_INFO  # nothing sent to the wrong one


async def test_regions_are_listed_in_the_alphabet_of_the_citizens_language(
    tmp_path: Path,
) -> None:
    """In Kazakh order West (Батыс) follows Atyrau and East (Шығыс) comes last: hard to find
    for someone reading Russian."""
    buttons: dict[str, list[str]] = {}
    for language in ("ru", "kk"):
        chat = await ChatClient.open(tmp_path / f"{language}.sqlite3", language_code=language)
        try:
            await agree(chat)
            await chat.send(iin("700510", 3))
            buttons[language] = chat.buttons()
            await chat.tap(Nav(action="page", page=1).pack())
            buttons[f"{language} 2"] = chat.buttons()
        finally:
            await chat.close()
    assert buttons["ru"][:5] == [
        "город Алматы",
        "город Астана",
        "город Шымкент",
        "область Абай",
        "Акмолинская область",
    ]
    assert buttons["ru 2"][:2] == ["Атырауская область", "Восточно-Казахстанская область"]
    assert "Западно-Казахстанская область" in buttons["ru 2"]
    assert buttons["kk"][3:5] == ["Абай облысы", "Ақмола облысы"]
    assert buttons["kk 2"][:2] == ["Атырау облысы", "Батыс Қазақстан облысы"]
