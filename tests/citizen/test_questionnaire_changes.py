"""Changing an answer from the summary ("Проверьте ваши ответы"): the sex, only without an IIN."""

from __future__ import annotations

from support.client import ChatClient
from support.walk import Persona, agree, answer_until_summary, iin

from handlers.citizen.question_kinds import ShowResults

# 62 on the tests' day (2 March 2026): a man is not retired yet (63), a woman is (61).
BORN_1964 = Persona("sixty-two, by birth date", "kumis_jas", birth_date="01.01.1964")
BY_IIN = Persona("sixty-two, by IIN", "kumis_jas", iin=iin("640101", 3))


async def test_without_an_iin_the_summary_offers_to_change_the_sex(client: ChatClient) -> None:
    await agree(client)
    await answer_until_summary(client, BORN_1964)
    assert "Пол: Мужчина" in client.text
    assert "✏️ Пол" in client.buttons()


async def test_with_an_iin_the_sex_comes_from_it_and_has_no_change_button(
    client: ChatClient,
) -> None:
    await agree(client)
    await answer_until_summary(client, BY_IIN)
    assert "Пол: Мужчина" in client.text
    assert "✏️ Пол" not in client.buttons()
    assert "✏️ Дата рождения / ИИН" in client.buttons()


async def test_a_wrong_sex_changed_from_the_summary_changes_the_results(
    client: ChatClient,
) -> None:
    await agree(client)
    await answer_until_summary(client, BORN_1964)
    await client.tap(ShowResults().pack())
    assert "✅ «Серебряный возраст»" in client.text  # a man retires at 63
    await client.send("/start")  # back to the summary
    await client.press("✏️ Пол")
    assert await client.state() == "Ask:sex"
    await client.press("Женщина")
    assert await client.state() == "Flow:results"  # the changed answer's results at once
    assert "«Серебряный возраст»" in client.text.split("❌")[-1]  # a woman at 61: retired
    await client.press("✏️ Изменить ответы")
    assert "Пол: Женщина" in client.text
    assert "Дата рождения: 1 января 1964" in client.text  # the other answers are kept
    assert (await client.data())["profile"]["sex"] == "female"
    user = await client.db.users.get(client.factory.user_id)
    assert user is not None and user.profile["sex"] == "female"


async def test_back_from_the_sex_question_returns_to_the_summary_unchanged(
    client: ChatClient,
) -> None:
    await agree(client)
    await answer_until_summary(client, BORN_1964)
    await client.press("✏️ Пол")
    await client.press("Назад")
    assert await client.state() == "Ask:summary"
    assert "Пол: Мужчина" in client.text
