"""Deadlines on the desk: an application waiting longer than its target is marked overdue in
words in the queue and can be listed alone, page after page; one given back because the
citizen never answered is marked, and its history says so."""

from __future__ import annotations

from datetime import timedelta

from storage.conftest import TestClock
from support.web_desk import ASEL, BOLAT, WebDesk

from bot.outbox.deadlines import deadline_pass, deadlines_of
from bot.storage.models import Application, AppStatus

from .test_queue_pages import _citizen


async def test_an_application_waiting_over_a_working_day_is_marked_and_filtered(
    desk: WebDesk, clock: TestClock
) -> None:
    old = await _citizen(desk, 1)  # Monday 2 March, 14:00 in Astana
    clock.advance(timedelta(days=1, hours=1))
    new = await _citizen(desk, 2, phone="+77015550022")
    asel = await desk.signed_in(ASEL)

    page = await asel.get("/queue")
    assert page.text.count("⏰ просрочена") == 1
    row_of_old = page.text.split(old.number)[1].split("</tr>")[0]
    assert "⏰ просрочена" in row_of_old
    overdue = await asel.get("/queue?status=queued&overdue=1")
    assert old.number in overdue.text and new.number not in overdue.text
    assert 'id="overdue" checked' in overdue.text


async def test_the_weekend_does_not_make_a_friday_application_overdue(
    desk: WebDesk, clock: TestClock
) -> None:
    clock.advance(timedelta(days=4))  # Friday 14:00 in Astana
    friday = await _citizen(desk, 1)
    clock.advance(timedelta(days=2, hours=12))  # Monday 02:00: not a working day yet
    monday_night = await desk.signed_in(ASEL)
    assert friday.number not in (await monday_night.get("/queue?overdue=1")).text
    clock.advance(timedelta(hours=13))  # Monday 15:00: a working day and an hour
    monday = await desk.signed_in(ASEL)
    assert friday.number in (await monday.get("/queue?overdue=1")).text


async def test_overdue_only_pages_on_keeping_the_filter(desk: WebDesk, clock: TestClock) -> None:
    for citizen in range(1, 53):
        await _citizen(desk, citizen, phone=f"+7701555{citizen:04d}")
    clock.advance(timedelta(days=2))
    asel = await desk.signed_in(ASEL)

    first = await asel.get("/queue?overdue=1")
    assert first.text.count("⏰ просрочена") == 50
    assert "overdue=1&amp;after=" in first.text
    link = next(part for part in first.text.split('"') if "overdue=1&amp;after=" in part)
    second = await asel.get(link.replace("&amp;", "&"))
    assert second.text.count("⏰ просрочена") == 2


async def _asked(desk: WebDesk, application: Application) -> None:
    await desk.db.applications.claim(application.id, BOLAT)
    await desk.db.applications.decide(
        application.id, BOLAT, AppStatus.NEEDS_INFO, "Когда вам удобно прийти?"
    )


async def test_a_question_left_unanswered_returns_to_the_queue_marked_with_why(
    desk: WebDesk, clock: TestClock
) -> None:
    application = await _citizen(desk, 1)
    await _asked(desk, application)
    deadlines = deadlines_of(desk.settings)
    clock.advance(timedelta(days=3, minutes=1))
    await deadline_pass(desk.db.connector, deadlines)  # reminded
    assert await desk.db.applications.get(application.id) is not None
    clock.advance(timedelta(days=4, minutes=1))
    await deadline_pass(desk.db.connector, deadlines)  # given back
    asel = await desk.signed_in(ASEL)

    queue = await asel.get("/queue")
    row = queue.text.split(application.number)[1].split("</tr>")[0]
    assert "гражданин не ответил" in row and "⏰" not in row  # it waits afresh
    history = (await asel.get(f"/applications/{application.id}")).text
    assert "возвращена в очередь: нет ответа 7 дней" in history
    assert "no_answer" not in history
