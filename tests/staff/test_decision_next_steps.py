"""Every decision the citizen is told carries the next steps: an approval what happens next,
what to bring and the centre's contacts; a refusal and a question the centre's contacts."""

from __future__ import annotations

from typing import Any

from support.desk import ASEL, CITIZEN, Desk, Person

from bot.storage.models import Application
from bot.storage.staff import StaffRole

ERLAN = 7201  # a reviewer of Astana, where the data has the centre's address


async def _taken_in_astana(desk: Desk, **fields: Any) -> tuple[Application, Person]:
    """An application from Astana, taken by Erlan, who serves Astana."""
    await desk.db.staff.add(ERLAN, StaffRole.REVIEWER, ["astana_city"], name="Ерлан")
    await desk.db.staff.remember(ERLAN, "Ерлан", "ru")
    application = await desk.announced(region="astana_city", **fields)
    erlan = desk.person(ERLAN, "ru", name="Ерлан")
    await erlan.press("Взять")
    return application, erlan


async def test_an_approval_in_kazakh_says_what_to_bring_and_where_to_ask_for_the_centre(
    desk: Desk,
) -> None:
    application, asel = await desk.taken(ASEL, language="kk", programme="social_jobs")
    await asel.press("Одобрить")
    await asel.press("Да, одобрить")
    await desk.pump()
    [told] = [t for t in desk.person(CITIZEN, "kk").inbox() if application.number in t]
    lines = told.splitlines()
    assert "мақұлданды" in lines[0]
    assert "📄 Мансап орталығына не алып бару керек:" in lines
    assert "• білімі туралы құжатыңыз (диплом немесе аттестат)" in lines
    # Turkistan: no centre's address could be verified.
    assert (
        "🏢 Түркістан облысы бойынша мансап орталығының мекенжайы мен телефоны бізде әзірге жоқ."
        in lines
    )
    assert "1414" in told


async def test_an_approval_in_russian_in_astana_gives_the_centre_s_address(desk: Desk) -> None:
    application, erlan = await _taken_in_astana(desk, programme="kumis_jas")
    await erlan.press("Одобрить")
    await erlan.press("Да, одобрить")
    await desk.pump()
    [told] = [t for t in desk.person(CITIZEN).inbox() if application.number in t]
    lines = told.splitlines()
    assert "одобрена" in lines[0]
    assert "🧭 Что дальше:" in lines
    assert "• удостоверение личности (или цифровой документ в приложении eGov mobile)" in lines
    assert "🏢 Ваш карьерный центр: Центр занятости акимата города Астаны" in lines
    assert "Адрес: улица Бейбітшілік, 25 (сведения 2019 года)" in lines


async def test_a_refusal_gives_the_centre_to_call_with_questions(desk: Desk) -> None:
    application, erlan = await _taken_in_astana(desk)
    await erlan.press("Отклонить")
    await erlan.press("Не подходит по условиям")
    await erlan.press("Да, отклонить")
    await desk.pump()
    [told] = [t for t in desk.person(CITIZEN).inbox() if application.number in t]
    assert "отклонена" in told
    assert "Адрес: улица Бейбітшілік, 25 (сведения 2019 года)" in told.splitlines()
    assert "📄" not in told  # nothing to bring for a programme that was declined


async def test_a_question_gives_the_centre_s_contacts_and_keeps_the_answer_button(
    desk: Desk,
) -> None:
    application, asel = await desk.taken(ASEL, language="kk")
    await asel.press("Спросить")
    await asel.send("Какой у вас диплом: колледж или вуз?")
    await desk.pump()
    citizen = desk.person(CITIZEN, "kk")
    [told] = [t for t in citizen.inbox() if "Какой у вас диплом" in t]
    assert "1414" in told
    assert "✍️ Жауап беру" in citizen.buttons()
    assert application.number in told


async def test_an_approval_says_once_that_the_centre_will_call(desk: Desk) -> None:
    application, erlan = await _taken_in_astana(desk, programme="kumis_jas")
    await erlan.press("Одобрить")
    await erlan.press("Да, одобрить")
    await desk.pump()
    [told] = [t for t in desk.person(CITIZEN).inbox() if application.number in t]
    assert told.count("позвонит") == 1
    assert told.splitlines()[0].endswith("одобрена.")


async def test_a_refusal_in_kazakh_sends_questions_to_1414_not_to_an_unknown_phone(
    desk: Desk,
) -> None:
    application, asel = await desk.taken(ASEL, language="kk")
    await asel.press("Отклонить")
    await asel.press("Не подходит по условиям")
    await asel.press("Да, отклонить")
    await desk.pump()
    [told] = [t for t in desk.person(CITIZEN, "kk").inbox() if application.number in t]
    lines = told.splitlines()
    assert "қабылданбады" in lines[0]
    assert any("1414" in line and "тегін" in line for line in lines[:3]), lines
    assert not any("мансап орталығыңызға хабарласыңыз" in line for line in lines)
