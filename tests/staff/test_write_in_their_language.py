"""Where a reviewer types words the citizen will read (a reason for declining, a question),
the prompt says which language the citizen reads: the words go to them as typed."""

from __future__ import annotations

from support.desk import ASEL, BOLAT, CITIZEN, Desk, GroupFactory, Person


async def test_the_reject_prompt_tells_a_russian_reader_to_write_in_kazakh(desk: Desk) -> None:
    _application, asel = await desk.taken(ASEL, language="kk")
    await asel.press("Отклонить")
    assert "Почему" in asel.text
    assert (
        "Гражданин читает по-казахски: напишите, пожалуйста, на казахском языке "
        "(или позвоните)." in asel.text
    )


async def test_the_ask_prompt_tells_a_kazakh_reader_to_write_in_russian(desk: Desk) -> None:
    await desk.announced(language="ru")
    bolat = desk.person(BOLAT)
    await bolat.press("Алу")
    await bolat.press("Сұрау")
    assert "Азамат орысша оқиды: орыс тілінде жазыңыз (немесе қоңырау шалыңыз)." in bolat.text


async def test_the_ask_prompt_says_russian_for_a_russian_citizen(desk: Desk) -> None:
    _application, asel = await desk.taken(ASEL, language="ru")
    await asel.press("Спросить")
    assert "Гражданин читает по-русски" in asel.text
    assert "по-казахски" not in asel.text


async def test_the_hint_follows_a_citizen_who_switched_language_after_applying(
    desk: Desk,
) -> None:
    await desk.announced(language="kk")
    await desk.db.users.set_language(CITIZEN, "ru")  # the notice will be in Russian
    asel = desk.person(ASEL)
    await asel.press("Взять")
    await asel.press("Отклонить")
    assert "Гражданин читает по-русски" in asel.text


async def test_in_the_staff_group_the_prompt_carries_the_hint(group_desk: Desk) -> None:
    await group_desk.announced(language="kk")
    asel = Person(group_desk, GroupFactory(user_id=ASEL, language_code="ru", first_name="Асель"))
    await asel.press("Взять")
    await asel.press("Отклонить")
    assert "Гражданин читает по-казахски" in asel.text
