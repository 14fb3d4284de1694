"""A decline is final for the citizen, so it takes a second tap: the confirmation says what
the citizen will read, Cancel changes nothing, and only the reviewer who asked can confirm."""

from __future__ import annotations

from datetime import timedelta

from storage.conftest import TestClock
from support.desk import ASEL, BOLAT, CITIZEN, Desk

from bot.storage.models import AppStatus


async def test_cancel_on_the_confirmation_changes_nothing_and_tells_the_citizen_nothing(
    desk: Desk,
) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Отклонить")
    await asel.press("Нет мест")
    assert "Отклонить заявку" in asel.text and "❌ Да, отклонить" in asel.buttons()
    await asel.press("Отмена")
    assert "Ничего не изменилось." in asel.texts
    assert await desk.status(application) is AppStatus.IN_REVIEW
    await desk.pump()
    assert [t for t in desk.person(CITIZEN).inbox() if application.number in t] == []
    # Still hers, and she can decline again from the card.
    await asel.press("Отклонить")
    await asel.press("Нет мест")
    await asel.press("Да, отклонить")
    assert await desk.status(application) is AppStatus.REJECTED


async def test_a_colleague_cannot_confirm_someone_elses_decline_in_the_group(
    group_desk: Desk,
) -> None:
    application, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Отклонить")
    await asel.press("Нет мест")
    bolat = group_desk.person(BOLAT, in_group=True)
    await bolat.press("Да, отклонить")
    assert bolat.text == "Бұл батырма ескірген. Қайта таңдаңыз."  # not his question (he reads kk)
    assert await group_desk.status(application) is AppStatus.IN_REVIEW
    await asel.press("Да, отклонить")
    assert await group_desk.status(application) is AppStatus.REJECTED


async def test_a_decline_confirmed_after_the_review_time_ran_out_gives_the_words_back(
    desk: Desk, clock: TestClock
) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Отклонить")
    await asel.send("Нет справки из школы")
    clock.advance(timedelta(minutes=desk.settings.claim_ttl_minutes + 1))
    await desk.pump()  # the claim ran out: back in the queue
    await asel.press("Да, отклонить")
    assert await desk.status(application) is AppStatus.QUEUED
    assert "Нет справки из школы" in asel.text  # to copy once she takes it again


async def test_the_confirmation_reads_in_kazakh_for_a_kazakh_reviewer(desk: Desk) -> None:
    application, _asel = await desk.taken(ASEL)
    await desk.db.applications.release(application.id, ASEL)
    bolat = desk.person(BOLAT)
    await bolat.send(f"/app {application.number}")
    await bolat.press("Алу")
    await bolat.press("Қабылдамау")
    await bolat.send("Құжаттар жоқ")
    assert "қабылдамайсыз ба?" in bolat.text and "Құжаттар жоқ" in bolat.text
    await bolat.press("Иә, қабылдамау")
    assert await desk.status(application) is AppStatus.REJECTED
