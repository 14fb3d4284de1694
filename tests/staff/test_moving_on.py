"""A typing step (a reason, a question, a note, a new colleague) ends when the staff member does
something else: what they type later must not go to the first citizen."""

from __future__ import annotations

from typing import Any

from aiogram.types import ReplyKeyboardRemove
from support.desk import ADMIN, ASEL, BOLAT, CITIZEN, Desk

from bot.storage.models import AppStatus

OTHER_CITIZEN = CITIZEN + 1
LATER_REMARK = "Позвонила, попросила прислать документы завтра"


async def test_a_reason_asked_for_then_left_is_not_sent_with_the_next_text(desk: Desk) -> None:
    first, asel = await desk.taken(ASEL)
    await asel.press("Отклонить")
    await asel.send("/queue")
    assert f"{first.number}: отказ не оформлен" in asel.text
    second = await desk.announced(OTHER_CITIZEN)
    await asel.press("Взять")
    await asel.send(LATER_REMARK)

    for application in (first, second):
        stored = await desk.db.applications.get(application.id)
        assert stored is not None and stored.status is AppStatus.IN_REVIEW
    await desk.pump()
    for citizen in (CITIZEN, OTHER_CITIZEN):
        assert not any(LATER_REMARK in text for text in desk.person(citizen).inbox())


async def test_a_question_asked_for_then_left_for_another_card_is_not_sent(desk: Desk) -> None:
    first, asel = await desk.taken(ASEL)
    await asel.press("Спросить")
    await desk.announced(OTHER_CITIZEN)
    await asel.press("Взять")  # the second card
    assert f"{first.number}: вопрос гражданину не отправлен" in asel.text
    await asel.send("ок, одобрила вторую")
    assert await desk.status(first) is AppStatus.IN_REVIEW
    await desk.pump()
    assert not any("одобрила" in text for text in desk.person(CITIZEN).inbox())


async def test_a_note_left_unwritten_is_not_saved_from_later_text(desk: Desk) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Заметка")
    await asel.send("/stats")
    assert f"{application.number}: заметка не сохранена" in asel.text
    await asel.send(LATER_REMARK)
    assert await desk.db.staff.notes(application.id) == []


async def test_the_step_itself_still_takes_its_text_and_its_buttons(desk: Desk) -> None:
    """Choosing a common reason, or typing one, is the step: it is not 'moving on'."""
    first, asel = await desk.taken(ASEL)
    await asel.press("Отклонить")
    await asel.press("Не подходит по условиям")
    await asel.press("Да, отклонить")
    assert "отклонена" in asel.text and "не оформлен" not in asel.text
    assert await desk.status(first) is AppStatus.REJECTED
    second, asel = await desk.taken(ASEL, citizen_id=OTHER_CITIZEN)
    await asel.press("Отклонить")
    await asel.send("Уже участвует в программе")
    await asel.press("Да, отклонить")
    assert await desk.status(second) is AppStatus.REJECTED


async def test_adding_a_colleague_left_for_another_command_takes_the_keyboard_away(
    desk: Desk,
) -> None:
    admin = desk.person(ADMIN)
    await admin.send("/staff")
    await admin.press("Добавить специалиста")
    await admin.send("/queue")
    assert "Добавление специалиста остановлено" in admin.text
    stopped: list[Any] = [
        r.call for r in admin.replies if "Добавление специалиста" in (r.text or "")
    ]
    assert isinstance(stopped[0].reply_markup, ReplyKeyboardRemove)
    assert await admin.state() is None


async def test_a_citizen_command_or_a_typo_mid_step_closes_it_too(desk: Desk) -> None:
    """/my, /language or a mistyped command are moving on as much as /queue is."""
    for command in ("/my", "/language", "/foo"):
        application, asel = await desk.taken(ASEL, citizen_id=OTHER_CITIZEN + len(command))
        await asel.press("Отклонить")
        await asel.send(command)
        assert f"{application.number}: отказ не оформлен" in asel.text, command
        await asel.send(LATER_REMARK)
        stored = await desk.db.applications.get(application.id)
        assert stored is not None and stored.status is AppStatus.IN_REVIEW, command


async def test_colleagues_talking_in_the_staff_chat_leave_a_reply_prompt_open(
    group_desk: Desk,
) -> None:
    application, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Отклонить")
    prompt = asel.prompt_id()
    await asel.send("Коллеги, кто звонил этому заявителю?")  # not a reply: talk
    assert "не оформлен" not in asel.text
    await asel.reply("Не подходит по возрасту.", prompt)
    await asel.press("Да, отклонить")
    assert await group_desk.status(application) is AppStatus.REJECTED


async def test_a_refused_tap_on_a_colleagues_button_keeps_ones_own_step(
    group_desk: Desk,
) -> None:
    """Асель, typing a reason for her application, mis-taps Болат's "Yes, approve" on his:
    refused, and her step (and her reply to its prompt) still counts."""
    _first, bolat = await group_desk.taken(BOLAT, in_group=True)
    await bolat.press("Одобрить")
    bolat_yes = bolat.button("Иә")  # Болат reads Kazakh
    second = await group_desk.announced(OTHER_CITIZEN)
    asel = group_desk.person(ASEL, in_group=True)
    await asel.press("Взять")
    await asel.press("Отклонить")
    prompt = asel.prompt_id()
    await asel.tap(bolat_yes[1], bolat_yes[0])
    assert "перешли к другому делу" not in asel.text
    await asel.reply("Не подходит по возрасту.", prompt)
    await asel.press("Да, отклонить")
    assert await group_desk.status(second) is AppStatus.REJECTED


async def test_a_take_refused_because_a_colleague_was_first_keeps_ones_own_step(
    group_desk: Desk,
) -> None:
    first, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Отклонить")
    prompt = asel.prompt_id()
    second = await group_desk.announced(OTHER_CITIZEN)
    take = asel.button("Взять")  # the card of the second, as Асель sees it
    await group_desk.person(BOLAT, in_group=True).tap(take[1], take[0])  # Болат is first
    await asel.tap(take[1], take[0])  # refused: Болат has it
    assert "перешли к другому делу" not in asel.text
    await asel.reply("Не подходит по возрасту.", prompt)
    await asel.press("Да, отклонить")
    assert await group_desk.status(first) is AppStatus.REJECTED
    other = await group_desk.db.applications.get(second.id)
    assert other is not None and other.reviewer_id == BOLAT
