"""The staff group chat: colleagues talk there, so the bot reads only replies to its prompts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from storage.conftest import TestClock

from bot.staff.callbacks import PlanPick
from bot.storage.models import AppStatus
from bot.storage.staff import StaffRole

from .desk import ADMIN, ASEL, BOLAT, STAFF_CHAT, Desk


async def test_a_remark_to_colleagues_is_not_sent_to_the_citizen_as_the_reason(
    group_desk: Desk, clock: TestClock
) -> None:
    desk = group_desk
    application, asel = await desk.taken(ASEL, in_group=True)
    citizen, bolat = desk.person(5001), desk.person(BOLAT, in_group=True)
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
    application, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Заметка")
    await asel.send("Обед через пять минут")
    assert asel.replies == []
    assert await group_desk.db.staff.notes(application.id) == []
    await asel.reply("Позвонила, не ответил", asel.prompt_id())
    [note] = await group_desk.db.staff.notes(application.id)
    assert note.text == "Позвонила, не ответил"


async def test_in_the_group_digits_said_to_colleagues_add_nobody_to_the_staff(
    group_desk: Desk,
) -> None:
    admin = group_desk.person(ADMIN, in_group=True)
    await admin.send("/staff")
    assert "Асель (ID 7101)" in admin.text
    await admin.press("Добавить специалиста")
    assert "Ответьте на это сообщение его Telegram ID (цифрами)." in admin.text
    await admin.send("8001")  # a remark to colleagues (a room, a phone extension)
    assert admin.replies == []
    assert await group_desk.db.staff.get(8001) is None
    await admin.reply("8001", admin.prompt_id())
    assert "ID 8001 теперь в числе сотрудников." in admin.text
    added = await group_desk.db.staff.get(8001)
    assert added is not None and added.role is StaffRole.REVIEWER


async def test_in_the_group_only_a_reply_to_the_plan_prompt_sets_the_plan(
    group_desk: Desk,
) -> None:
    admin = group_desk.person(ADMIN, in_group=True)
    await admin.send("/plan")
    await admin.press("Серебряный возраст")
    await admin.tap(PlanPick(programme="kumis_jas", region="turkistan").pack())
    for remark in ("Коллеги, 5 минут", "300"):
        await admin.send(remark)
        assert admin.replies == []
    assert await group_desk.db.plans.for_year(2026) == []
    await admin.reply("120", admin.prompt_id())
    assert "Сохранено" in admin.text
    [plan] = await group_desk.db.plans.for_year(2026)
    assert (plan.programme, plan.region, plan.target) == ("kumis_jas", "turkistan", 120)


@pytest.fixture
async def kazakh_group_desk(tmp_path: Path, clock: TestClock) -> AsyncIterator[Desk]:
    """A staff chat whose cards are in Kazakh; Асель reads Russian."""
    opened = await Desk.open(
        tmp_path / "jumys.sqlite3", clock, staff_chat=STAFF_CHAT, staff_chat_language="kk"
    )
    await opened.db.staff.add(ASEL, StaffRole.REVIEWER, ["turkistan"], name="Асель")
    yield opened
    await opened.close()


async def test_the_card_in_the_staff_chat_stays_in_its_language_whoever_presses(
    kazakh_group_desk: Desk,
) -> None:
    desk = kazakh_group_desk
    application = await desk.announced()
    asel = desk.person(ASEL, "ru", in_group=True)
    card_id, take = asel.button("Алу")
    await asel.tap(take, card_id)
    [taken_card] = [r.text for r in asel.replies if r.method == "editMessageText"]
    assert "Мәртебесі:" in taken_card and "Статус" not in taken_card
    assert any(f"Заявка {application.number} ваша" in text for text in asel.texts)  # her alert

    await asel.press("Мақұлдау")
    await asel.press("Да, одобрить")  # the question was hers: in her language
    [decided_card] = [
        r.text
        for r in asel.replies
        if r.method == "editMessageText" and r.params.get("message_id") == card_id
    ]
    assert "Мәртебесі:" in decided_card and "Статус" not in decided_card
    assert f"✅ Заявка {application.number} одобрена." in asel.text
