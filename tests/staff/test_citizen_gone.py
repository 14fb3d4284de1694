"""A citizen the reviewer can no longer reach: they deleted their data, or blocked the bot."""

from __future__ import annotations

import pytest
from support.desk import ASEL, Desk

from bot.outbox.card import Review, ReviewAction
from bot.storage.models import AppStatus

CITIZEN = 5001


@pytest.mark.parametrize("asked", [False, True])
async def test_the_reviewer_is_told_when_the_citizen_deletes_their_data(
    desk: Desk, asked: bool
) -> None:
    application = await desk.submit(CITIZEN, comment="Звоните после обеда")
    await desk.pump()
    asel = desk.person(ASEL)
    await asel.tap(Review(action=ReviewAction.TAKE, app_id=application.id).pack())
    if asked:
        await asel.tap(Review(action=ReviewAction.ASK, app_id=application.id).pack())
        await asel.send("Какой у вас стаж?")
    await desk.pump()
    before = len(asel.inbox())

    citizen = desk.person(CITIZEN)
    await citizen.send("/forget")
    await citizen.press("Да, удалить мои данные")
    await desk.pump()
    stored = await desk.db.applications.get(application.id)
    assert stored is not None and stored.status is AppStatus.WITHDRAWN
    [told] = asel.inbox()[before:]
    assert told == f"Заявка {application.number} отозвана: гражданин удалил свои данные."
    await desk.pump()
    assert len(asel.inbox()) == before + 1  # said once


async def test_nobody_is_told_when_a_queued_application_is_forgotten(desk: Desk) -> None:
    application = await desk.submit(CITIZEN)
    await desk.pump()
    asel = desk.person(ASEL)
    before = len(asel.inbox())
    citizen = desk.person(CITIZEN)
    await citizen.send("/forget")
    await citizen.press("Да, удалить мои данные")
    await desk.pump()
    assert application.number not in "\n".join(asel.inbox()[before:])


async def test_the_reviewer_is_told_to_phone_a_citizen_who_blocked_the_bot(desk: Desk) -> None:
    application = await desk.submit(CITIZEN)
    await desk.pump()
    desk.session.blocked.add(CITIZEN)
    asel = desk.person(ASEL)
    await asel.tap(Review(action=ReviewAction.TAKE, app_id=application.id).pack())
    await asel.tap(Review(action=ReviewAction.REJECT, app_id=application.id).pack())
    await asel.send("Нет мест до конца года")
    await asel.press("Да, отклонить")
    before = len(asel.inbox())
    await desk.pump()  # the decision fails for good
    await desk.pump()  # the reviewer hears of it
    [told] = asel.inbox()[before:]
    assert told == (
        f"Не удалось связаться с гражданином в Telegram по заявке {application.number} "
        f"(возможно, он заблокировал бота). Позвоните ему: /app {application.number} "
        "покажет телефон."
    )
    await desk.pump()
    assert len(asel.inbox()) == before + 1  # said once
    assert desk.person(CITIZEN).inbox() == []


async def test_in_the_staff_chat_the_team_is_told_whose_citizen_cannot_be_reached(
    group_desk: Desk,
) -> None:
    desk = group_desk
    application = await desk.submit(CITIZEN)
    await desk.pump()
    desk.session.blocked.add(CITIZEN)
    asel = desk.person(ASEL, in_group=True)
    await asel.press("Взять")
    await asel.press("Одобрить")
    await asel.press("Да, одобрить")
    await desk.pump()
    await desk.pump()
    [told] = [t for t in asel.inbox() if "Не удалось связаться" in t]
    assert application.number in told and "Асель (ID 7101)" in told
