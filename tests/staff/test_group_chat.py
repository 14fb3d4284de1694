"""The staff group chat: colleagues talk there, so the bot reads only replies to its prompts."""

from __future__ import annotations

from storage.conftest import TestClock

from bot.storage.models import AppStatus

from .desk import ASEL, BOLAT, Desk


async def test_a_remark_to_colleagues_is_not_sent_to_the_citizen_as_the_reason(
    group_desk: Desk, clock: TestClock
) -> None:
    desk = group_desk
    application = await desk.submit(5001)
    await desk.pump()
    citizen = desk.person(5001)
    asel = desk.person(ASEL, in_group=True)
    bolat = desk.person(BOLAT, in_group=True)
    await asel.press("Взять")
    await asel.press("Отклонить")

    # She turns to a colleague before typing the reason, without replying to the prompt.
    await asel.send("Коллеги, у кого есть телефон Болата?")
    assert asel.replies == []  # the bot stays quiet: this is not for it
    await bolat.send("У меня есть")
    stored = await desk.db.applications.get(application.id)
    assert stored is not None and stored.status is AppStatus.IN_REVIEW
    await desk.pump()
    assert not [t for t in citizen.inbox() if "Болата" in t]

    # A reply to the prompt is the reason.
    await asel.reply("Вы уже участвуете в другой программе", asel.prompt_id())
    stored = await desk.db.applications.get(application.id)
    assert stored is not None and stored.status is AppStatus.REJECTED
    events = await desk.db.applications.events(application.id)
    assert events[-1].reason == "Вы уже участвуете в другой программе"
    await desk.pump()
    assert [t for t in citizen.inbox() if "Вы уже участвуете в другой программе" in t]


async def test_in_the_group_only_a_reply_to_the_note_prompt_becomes_the_note(
    group_desk: Desk, clock: TestClock
) -> None:
    desk = group_desk
    application = await desk.submit(5001)
    await desk.pump()
    asel = desk.person(ASEL, in_group=True)
    await asel.press("Взять")
    await asel.press("Заметка")
    await asel.send("Обед через пять минут")
    assert asel.replies == []
    assert await desk.db.staff.notes(application.id) == []
    await asel.reply("Позвонила, не ответил", asel.prompt_id())
    [note] = await desk.db.staff.notes(application.id)
    assert note.text == "Позвонила, не ответил"
