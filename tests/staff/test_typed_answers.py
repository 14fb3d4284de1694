"""What people type where the bot expected something else, or more than fits: nothing is lost
without a word, and nothing goes to the wrong place."""

from __future__ import annotations

from datetime import timedelta

from storage.conftest import TestClock
from support.desk import ASEL, CITIZEN, Desk
from support.walk import iin

from bot.storage.models import AppStatus
from handlers.citizen.consent import ConsentChoice

ANSWER = "Вечером после 7"


async def _asked(desk: Desk) -> int:
    application, asel = await desk.taken(ASEL)
    await asel.press("Спросить")
    await asel.press("Когда удобно позвонить")
    await desk.pump()
    return application.id


async def test_an_answer_typed_at_a_button_step_is_kept_and_sent_on_one_tap(desk: Desk) -> None:
    app_id = await _asked(desk)
    citizen = desk.person(CITIZEN)
    await citizen.send("/start")
    await citizen.tap(ConsentChoice(agree=True).pack())
    await citizen.send(iin("700510", 3))  # now at the region: a question with buttons
    await citizen.send(ANSWER)
    assert "Если это ваш ответ на вопрос карьерного центра по заявке A-000001" in citizen.text
    assert "Где вы живёте?" in citizen.text  # the step is asked again below
    await citizen.press("Отправить как мой ответ")
    assert "Спасибо! Ваш ответ отправлен специалисту, который задал вопрос" in citizen.text
    stored = await desk.db.applications.get(app_id)
    assert stored is not None and stored.status is AppStatus.IN_REVIEW  # with who asked
    events = await desk.db.applications.events(app_id)
    assert events[-1].reason == ANSWER
    await citizen.press("Отправить как мой ответ")  # once only
    assert "Спасибо" not in citizen.text


async def test_a_long_answer_is_cut_with_a_word_to_the_citizen(desk: Desk) -> None:
    app_id = await _asked(desk)
    citizen = desk.person(CITIZEN)
    await citizen.send("Вечером. " * 300)
    assert "карьерный центр получит первые 2000 символов" in citizen.text
    events = await desk.db.applications.events(app_id)
    assert events[-1].reason is not None and len(events[-1].reason) == 2000


async def test_a_reason_too_long_for_the_citizen_is_refused_and_the_step_stays(
    desk: Desk,
) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Отклонить")
    await asel.send("Не подходит. " * 100)
    assert "Здесь 1299 символов" in asel.text and "не больше 1000" in asel.text
    assert await desk.status(application) is AppStatus.IN_REVIEW
    await asel.send("Не подходит по возрасту.")
    await asel.press("Да, отклонить")
    assert await desk.status(application) is AppStatus.REJECTED


async def test_a_long_note_is_saved_cut_with_a_word_to_the_reviewer(desk: Desk) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Заметка")
    await asel.send("Звонила. " * 300)
    assert "сохранены первые 2000 символов" in asel.text
    [note] = await desk.db.staff.notes(application.id)
    assert len(note.text) == 2000


async def test_a_reason_typed_after_the_review_time_ran_out_is_given_back(
    desk: Desk, clock: TestClock
) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Отклонить")
    clock.advance(timedelta(minutes=desk.settings.claim_ttl_minutes + 1))
    await desk.pump()  # the claim ran out: back in the queue
    await asel.send("Не подходит: уже участвует в программе с января.")
    assert await desk.status(application) is AppStatus.QUEUED
    assert "Ваш текст, чтобы скопировать" in asel.text
    assert "Не подходит: уже участвует в программе с января." in asel.texts[-1]
