"""Deadlines in Telegram: a citizen who leaves a question unanswered is reminded once, in their
language, with the Answer button; a few days later the application goes back to the queue and
they are told plainly; reviewers and supervisors hear once a working day how much of their work
is overdue (a count and the desk's link, nothing about anyone), and nobody hears of nothing.
Restarts repeat nothing."""

from __future__ import annotations

from datetime import timedelta

from storage.conftest import TestClock
from support.desk import ASEL, BOLAT, CITIZEN, DANA, DESK_URL, SUPERVISOR, Desk

from bot.outbox.deadlines import deadline_pass, deadlines_of
from bot.storage.models import Application, AppStatus
from bot.telegram.service import background_workers

from .test_notify_mode import assert_no_personal_data

QUESTION = "Қашан келе аласыз?"


async def _asked(desk: Desk, language: str = "kk") -> Application:
    application = await desk.announced(language=language)
    await desk.db.applications.claim(application.id, BOLAT)
    await desk.db.applications.decide(application.id, BOLAT, AppStatus.NEEDS_INFO, QUESTION)
    await desk.pump()
    return application


async def _pass(desk: Desk) -> None:
    await deadline_pass(desk.db.connector, deadlines_of(desk.settings))
    await desk.pump()


def test_the_running_bot_keeps_the_deadlines_with_the_settings_targets() -> None:
    from functools import partial

    from bot.settings import Settings
    from bot.telegram.daily_deadlines import keep_deadlines

    settings = Settings(_env_file=None, deadline_remind_after_days=5)
    [kept] = [w for w in background_workers(settings) if getattr(w, "func", None) is keep_deadlines]
    assert isinstance(kept, partial) and kept.keywords["deadlines"].remind_after_days == 5


async def test_an_unanswered_question_is_recalled_once_in_kazakh_with_the_answer_button(
    notify_desk: Desk, clock: TestClock
) -> None:
    desk = notify_desk
    application = await _asked(desk)
    citizen = desk.person(CITIZEN, "kk")
    before = len(citizen.inbox())
    clock.advance(timedelta(days=2, hours=23))
    await _pass(desk)
    assert len(citizen.inbox()) == before  # not yet: three days

    clock.advance(timedelta(hours=2))
    await _pass(desk)
    [reminder] = citizen.inbox()[before:]
    assert reminder.startswith(f"Еске салу: мансап орталығы {application.number} өтініміңіз")
    assert QUESTION in reminder and "«Жауап беру» батырмасын басып" in reminder
    assert "4 күн ішінде жауап болмаса" in reminder
    assert any("Жауап беру" in label for label in citizen.buttons())

    await _pass(desk)  # again that day, and as after a restart: nothing more
    clock.advance(timedelta(days=1))
    await _pass(desk)
    assert len(citizen.inbox()) == before + 1


async def test_an_answer_after_the_reminder_is_never_undone_as_unanswered(
    notify_desk: Desk, clock: TestClock
) -> None:
    desk = notify_desk
    application = await _asked(desk)
    clock.advance(timedelta(days=3, hours=1))
    await _pass(desk)
    await desk.db.applications.answer_info(application.id, CITIZEN, "Ертең таңертең")
    clock.advance(timedelta(days=5))
    await _pass(desk)
    reasons = [event.reason for event in await desk.db.applications.events(application.id)]
    assert "no_answer" not in reasons
    assert [t for t in desk.person(CITIZEN).inbox() if "жауап келмеді" in t] == []


async def test_without_an_answer_it_goes_back_to_the_queue_and_the_citizen_is_told_once(
    notify_desk: Desk, clock: TestClock
) -> None:
    desk = notify_desk
    application = await _asked(desk, language="ru")
    citizen = desk.person(CITIZEN, "ru")
    clock.advance(timedelta(days=3, hours=1))
    await _pass(desk)
    clock.advance(timedelta(days=3, hours=23))
    await _pass(desk)
    assert await desk.status(application) is AppStatus.NEEDS_INFO  # four days after the reminder

    clock.advance(timedelta(hours=2))
    await _pass(desk)
    await _pass(desk)
    assert await desk.status(application) is AppStatus.QUEUED
    told = [text for text in citizen.inbox() if "не пришло ответа" in text]
    assert told == [
        f"На вопрос карьерного центра по вашей заявке {application.number} (Проект «Серебряный"
        " возраст») не пришло ответа, поэтому заявка вернулась в очередь как есть: центр"
        " рассмотрит её без ответа и сообщит вам решение. /my — ваши заявки."
    ]
    [to_asker] = [t for t in desk.person(BOLAT).inbox() if "еске салғаннан кейін" in t]
    assert application.number in to_asker and f"{DESK_URL}/applications/" in to_asker
    events = await desk.db.applications.events(application.id)
    assert events[-1].reason == "no_answer" and events[-1].actor_role == "system"


async def test_staff_hear_once_a_working_day_how_much_is_overdue_and_nothing_personal(
    notify_desk: Desk, clock: TestClock
) -> None:
    desk = notify_desk
    turkistan = await desk.announced()  # Asel's and Bolat's region
    await desk.announced(5002, region="almaty_city")  # Bolat's too
    held = await desk.announced(5003)
    await desk.db.applications.claim(held.id, ASEL)
    # Thursday: the queued ones are two days late, hers undecided for over three working days
    # (taken again when her claim ran out: the clock ran on).
    clock.advance(timedelta(days=3, hours=1))
    await desk.db.applications.claim(held.id, ASEL)
    await _pass(desk)

    [to_asel] = [t for t in desk.person(ASEL).inbox() if t.startswith("⏰")]
    assert to_asel == (
        "⏰ Просроченных заявок в ваших регионах и у вас в работе: 2.\n"
        f"Откройте их в кабинете сотрудника: {DESK_URL}/queue?overdue=1"
    )
    [to_bolat] = [t for t in desk.person(BOLAT).inbox() if t.startswith("⏰")]
    assert to_bolat.startswith("⏰ Сіздің өңірлеріңіздегі және сіздің қолыңыздағы мерзімі өткен")
    assert to_bolat.split("\n")[0].endswith(": 2.")
    [to_supervisor] = [t for t in desk.person(SUPERVISOR).inbox() if t.startswith("⏰")]
    assert to_supervisor.startswith("⏰ Просроченных заявок во всех регионах: 3.")
    assert [t for t in desk.person(DANA).inbox() if t.startswith("⏰")] == []  # Abai: none
    assert_no_personal_data([to_asel, to_bolat, to_supervisor])
    assert turkistan.number not in to_asel + to_bolat + to_supervisor

    await _pass(desk)  # the same day again (a restart): nothing more
    clock.advance(timedelta(hours=1))
    await _pass(desk)
    assert len([t for t in desk.person(ASEL).inbox() if t.startswith("⏰")]) == 1
    clock.advance(timedelta(days=1))  # Friday: the next digest
    await _pass(desk)
    assert len([t for t in desk.person(ASEL).inbox() if t.startswith("⏰")]) == 2


async def test_nothing_is_sent_at_night_or_at_the_weekend(
    notify_desk: Desk, clock: TestClock
) -> None:
    desk = notify_desk
    await desk.announced()
    clock.advance(timedelta(days=4, hours=8))  # Friday 22:00 in Astana
    await _pass(desk)
    clock.advance(timedelta(hours=14))  # Saturday noon
    await _pass(desk)
    assert [t for t in desk.person(ASEL).inbox() if t.startswith("⏰")] == []
