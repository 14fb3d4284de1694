"""Cancel on the bot's questions to staff ("Approve?", "Why is it declined?"): nothing is decided,
and in the staff group only the colleague who was asked can cancel their question."""

from __future__ import annotations

from storage.conftest import TestClock
from support.desk import ASEL, BOLAT, Desk, Person

from bot.storage.models import Application, AppStatus

NOTHING_CHANGED = "Ничего не изменилось."
# Bolat reads Kazakh: the alert is his own, in his language.
NOT_YOURS = (
    "Бұл сұрақ әріптесіңізге қойылған: «Болдырмау» батырмасын тек сол кісі баса алады. "
    "Сұрақ орнында қалады."
)


async def status_of(desk: Desk, app_id: int) -> AppStatus:
    stored = await desk.db.applications.get(app_id)
    assert stored is not None
    return stored.status


async def test_cancel_on_approve_decides_nothing_and_approve_can_be_asked_again(
    desk: Desk,
) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Одобрить")
    await asel.press("Отмена")
    assert NOTHING_CHANGED in asel.texts
    assert await status_of(desk, application.id) is AppStatus.IN_REVIEW
    await asel.press("Одобрить")
    await asel.press("Да, одобрить")
    assert await status_of(desk, application.id) is AppStatus.APPROVED


async def test_cancel_on_the_reason_question_stops_waiting_for_a_reason(desk: Desk) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Отклонить")
    assert await asel.state() == "StaffInput:reason"
    await asel.press("Отмена")
    assert NOTHING_CHANGED in asel.texts
    assert await asel.state() is None
    await asel.send("Позвоню ему завтра")  # no longer taken as the reason
    assert await status_of(desk, application.id) is AppStatus.IN_REVIEW
    await desk.pump()
    assert not [t for t in desk.person(5001).inbox() if "Позвоню" in t]


async def colleague_cancels(desk: Desk, question: str) -> tuple[Application, Person]:
    """Asel is asked `question` in the staff group; Bolat presses its Cancel and is refused."""
    application, asel = await desk.taken(ASEL, in_group=True)
    bolat = desk.person(BOLAT, in_group=True)
    await asel.press(question)
    await bolat.press("Отмена")
    assert bolat.texts == [NOT_YOURS]
    [alert] = [r for r in bolat.replies if r.method == "answerCallbackQuery"]
    assert alert.params.get("show_alert") is True
    assert [r for r in bolat.replies if r.method.startswith("edit")] == []  # the question stays
    return application, asel


async def test_in_the_group_a_colleague_cannot_cancel_someone_elses_approve_question(
    group_desk: Desk, clock: TestClock
) -> None:
    application, asel = await colleague_cancels(group_desk, "Одобрить")
    await asel.press("Да, одобрить")
    assert await status_of(group_desk, application.id) is AppStatus.APPROVED


async def test_in_the_group_a_colleagues_cancel_leaves_the_reason_question_waiting(
    group_desk: Desk, clock: TestClock
) -> None:
    application, asel = await colleague_cancels(group_desk, "Отклонить")
    assert await asel.state() == "StaffInput:reason"
    await asel.press("Отмена")
    assert NOTHING_CHANGED in asel.texts
    assert await asel.state() is None
    assert await status_of(group_desk, application.id) is AppStatus.IN_REVIEW


async def test_a_forged_cancel_with_a_superscript_is_just_a_cancel(desk: Desk) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Одобрить")
    await asel.tap(f"rv:cxl:{application.id}:²")
    assert NOTHING_CHANGED in asel.texts


async def test_an_old_cancel_does_not_stop_the_reason_being_typed_for_another_application(
    desk: Desk,
) -> None:
    first, asel = await desk.taken(ASEL)
    await asel.press("Одобрить")
    old_cancel = asel.button("Отмена")
    second = await desk.announced(5002)
    await asel.tap(asel.button("Взять")[1], asel.button("Взять")[0])
    await asel.press("Отклонить")
    assert await asel.state() == "StaffInput:reason"
    await asel.tap(old_cancel[1], old_cancel[0])  # the first application's approve question
    assert await asel.state() == "StaffInput:reason"
    await asel.send("Вы уже участвуете в другой программе")
    await asel.press("Да, отклонить")
    assert await status_of(desk, second.id) is AppStatus.REJECTED
    assert await status_of(desk, first.id) is AppStatus.IN_REVIEW
