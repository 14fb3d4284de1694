"""/privacy shows what is actually kept about this citizen, in plain words, in one message."""

from __future__ import annotations

from support.client import ChatClient
from support.walk import Persona, agree, answer_until_summary, apply, iin

from bot.i18n import use_locale
from bot.rules import load_rules
from bot.storage.desk import Scope, read_search
from bot.storage.retention import RETENTION
from bot.words.formatting import KAZAKHSTAN_TIME, day
from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.consent import CONSENT_VERSION
from handlers.citizen.privacy import MESSAGE_LIMIT, telegram_length
from handlers.citizen.question_kinds import ShowResults
from handlers.citizen.results import ApplyFor

BY_IIN = Persona("fifty-five, by IIN", "kumis_jas", iin=iin("700510", 3, serial="0001"))
BY_BIRTH_DATE = Persona(
    "graduate, by birth date",
    "jastar_praktikasy",
    birth_date="15.01.2000",
    sex="female",
    education="higher",
    graduation="06.2024",
)


async def _privacy(client: ChatClient) -> str:
    await client.send("/privacy")
    assert len(client.texts) == 1  # one message
    return client.text


async def test_before_consent_we_say_nothing_is_kept(client: ChatClient) -> None:
    shown = await _privacy(client)
    assert "ничего о вас не храним" in shown and "/start" in shown


async def test_keeping_the_data_at_forget_leads_back_to_the_question(client: ChatClient) -> None:
    await agree(client)
    await client.send("/forget")
    await client.press("Нет, оставить")
    assert "Ничего не удалено." in client.text
    assert await client.state() == "Ask:iin" and "ИИН" in client.texts[-1]


async def test_the_answers_are_shown_as_the_summary_shows_them_with_the_iin_masked(
    client: ChatClient,
) -> None:
    assert BY_IIN.iin is not None
    await agree(client)
    await answer_until_summary(client, BY_IIN)
    answers = client.text.splitlines()[1:]  # the summary, without "Please check your answers"
    shown = await _privacy(client)
    for line in answers:
        assert line in shown
    assert f"ИИН: •••••••• {BY_IIN.iin[-4:]}" in shown
    assert BY_IIN.iin not in shown and BY_IIN.iin[:8] not in shown
    assert "Заявки" not in shown and "Ваши заявки" not in shown


async def test_every_answer_of_a_longer_questionnaire_is_shown(client: ChatClient) -> None:
    await agree(client)
    await answer_until_summary(client, BY_BIRTH_DATE)
    answers = client.text.splitlines()[1:]
    shown = await _privacy(client)
    assert "Дата рождения: 15 января 2000" in shown and "Пол: Женщина" in shown
    assert "Окончание учёбы: июнь 2024" in shown
    for line in answers:
        assert line in shown
    assert "ИИН" not in shown  # none was given


async def test_consent_is_a_date_not_a_version_code(client: ChatClient) -> None:
    await agree(client)
    shown = await _privacy(client)
    user = await client.db.users.get(client.factory.user_id)
    assert user is not None and user.consent_at is not None
    with use_locale("ru"):
        agreed = day(user.consent_at.astimezone(KAZAKHSTAN_TIME).date())
    assert f"Вы дали на это согласие {agreed}." in shown
    assert CONSENT_VERSION not in shown and "версия" not in shown
    assert "Ваши ответы: пока нет." in shown
    assert "год после вашего последнего сообщения" in shown  # never applied
    assert "/forget" in shown


async def test_an_application_is_shown_with_its_phone_and_comment(client: ChatClient) -> None:
    await agree(client)
    await answer_until_summary(client, BY_IIN)
    await client.tap(ShowResults().pack())
    await client.tap(ApplyFor(programme=BY_IIN.programme).pack())
    await client.send("8 (701) 234-56-78")
    await client.send("Звоните после обеда")
    await client.tap(ApplyNav(action="submit", programme=BY_IIN.programme).pack())
    (application,) = await client.db.applications.list_for_user(client.factory.user_id)
    shown = await _privacy(client)
    assert f"Заявка {application.number}" in shown
    assert "Проект «Серебряный возраст»" in shown
    assert "Статус: в очереди" in shown
    assert "Телефон: +7 701 234 56 78" in shown
    assert "Комментарий: Звоните после обеда" in shown
    assert "пока рассматриваются ваши заявки" in shown  # kept while it is handled


async def test_once_every_application_is_decided_we_say_until_when_it_is_kept(
    client: ChatClient,
) -> None:
    await agree(client)
    await answer_until_summary(client, BY_IIN)
    await apply(client, BY_IIN.programme)
    await client.send("/my")
    await client.press("Отозвать")
    await client.press("Да, отозвать")
    (application,) = await client.db.applications.list_for_user(client.factory.user_id)
    with use_locale("ru"):
        until = day((application.updated_at + RETENTION).astimezone(KAZAKHSTAN_TIME))
    shown = await _privacy(client)
    assert "Статус: отозвана вами" in shown
    assert f"Мы храним эти данные до {until}" in shown


async def test_many_long_applications_are_cut_to_one_message_and_counted(
    client: ChatClient,
) -> None:
    await agree(client)
    await answer_until_summary(client, BY_IIN)
    user_id = client.factory.user_id
    programmes = [str(programme) for programme in load_rules().programmes]
    for programme in programmes:
        await client.db.applications.submit(
            user_id, programme, "almaty_city", {}, {}, "+77012345678", "Я" * 1000, "ru"
        )
    shown = await _privacy(client)
    assert telegram_length(shown) <= MESSAGE_LIMIT
    listed = shown.count("Заявка A-")
    assert 0 < listed < len(programmes)
    assert f"…и ещё {len(programmes) - listed} заяв" in shown and "/my" in shown
    assert shown.splitlines()[-1].startswith("/forget")  # the end is never the part cut


async def test_after_forget_nothing_is_kept(client: ChatClient) -> None:
    await agree(client)
    await answer_until_summary(client, BY_IIN)
    await apply(client, BY_IIN.programme)
    await client.send("/forget")
    await client.press("Да, удалить")
    assert "ничего о вас не храним" in await _privacy(client)


async def test_in_kazakh_the_iin_is_masked_too(kk_client: ChatClient) -> None:
    assert BY_IIN.iin is not None
    await agree(kk_client)
    await answer_until_summary(kk_client, BY_IIN)
    shown = await _privacy(kk_client)
    assert f"ЖСН: •••••••• {BY_IIN.iin[-4:]}" in shown
    assert "келісім бердіңіз" in shown and CONSENT_VERSION not in shown


async def test_the_name_kept_with_an_application_is_shown_and_found_by_the_desk(
    client: ChatClient,
) -> None:
    await agree(client)
    await answer_until_summary(client, BY_IIN)
    await apply(client, BY_IIN.programme)
    name = client.factory.first_name  # the name in the citizen's Telegram profile
    assert f"Имя: {name}" in await _privacy(client)
    supervisor = Scope(9001, "Марат", None, supervisor=True)
    query = read_search(name)
    assert query is not None
    found = await client.db.desk.search(supervisor, query)
    assert [a.user_id for a in found.applications] == [client.factory.user_id]
