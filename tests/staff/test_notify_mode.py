"""Staff Telegram by default (JUMYS_STAFF_TELEGRAM=notify): staff hear of a new application
with its number, region and programme and a link to the desk, in their own language; nothing
about the person reaches a staff chat, and what would show it points to the desk instead."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from storage.conftest import TestClock
from support.desk import ADMIN, ASEL, BOLAT, CITIZEN, DANA, DESK_URL, STAFF_CHAT, Desk

from bot.outbox.card import Review, ReviewAction
from bot.settings import Settings
from bot.storage.audit import AuditAction
from bot.storage.models import AppStatus
from bot.storage.staff import StaffRole

COMMENT = "Позвоните после обеда, Айгерим"
# What a citizen told the bot that is theirs: none of it may reach a staff chat.
PERSONAL = ("701 123", "1971", "10.05", COMMENT, "Айгерим", "инвалид", "мүгедек", "+7")


def _keyboards(desk: Desk) -> list[Any]:
    return [
        getattr(request.call, "reply_markup", None)
        for request in desk.session.requests
        if request.method == "sendMessage" and getattr(request.call, "reply_markup", None)
    ]


def assert_no_personal_data(texts: list[str]) -> None:
    for text in texts:
        for piece in PERSONAL:
            assert piece not in text, (piece, text)


def test_staff_telegram_is_notify_unless_a_centre_chooses_review() -> None:
    assert Settings(_env_file=None).staff_telegram == "notify"
    assert Settings(_env_file=None, staff_telegram=" Review ").staff_telegram == "review"


@pytest.mark.parametrize("address", ["desk.example.kz", "ftp://desk.example.kz", "https://"])
def test_a_desk_address_that_is_not_a_web_address_is_refused(address: str) -> None:
    with pytest.raises(ValueError, match="https://"):
        Settings(_env_file=None, desk_url=address)


def test_the_desk_address_is_kept_without_its_trailing_slash() -> None:
    assert Settings(_env_file=None, desk_url=" https://desk.kz/ ").desk_url == "https://desk.kz"


async def test_reviewers_hear_of_a_new_application_in_their_language_without_the_person(
    notify_desk: Desk,
) -> None:
    desk = notify_desk
    application = await desk.announced(comment=COMMENT, groups=("disability",))
    link = f"{DESK_URL}/applications/{application.id}"
    [to_asel] = desk.person(ASEL).inbox()  # reads Russian
    assert to_asel == (
        f"🆕 Новая заявка {application.number} · Туркестанская область"
        " · Проект «Серебряный возраст»\n"
        f"Откройте в кабинете сотрудника: {link}"
    )
    [to_bolat] = desk.person(BOLAT).inbox()  # reads Kazakh
    assert to_bolat.startswith(f"🆕 Жаңа өтінім {application.number} · Түркістан облысы")
    assert "«Күміс жас» жобасы" in to_bolat and link in to_bolat
    assert desk.person(DANA).inbox() == []  # Abai: not hers
    assert_no_personal_data([to_asel, to_bolat])
    assert _keyboards(desk) == []  # nothing to take or decide in Telegram


async def test_in_the_staff_group_the_notice_is_in_the_chats_language_with_no_buttons(
    tmp_path: Path, clock: TestClock
) -> None:
    desk = await Desk.open(
        tmp_path / "jumys.sqlite3",
        clock,
        staff_chat=STAFF_CHAT,
        staff_chat_language="kk",
        desk_url=DESK_URL,
    )
    try:
        await desk.db.staff.add(ASEL, StaffRole.REVIEWER, ["turkistan"], name="Асель")
        application = await desk.announced(comment=COMMENT)
        [notice] = desk.person(ASEL, in_group=True).inbox()
        assert notice.startswith(f"🆕 Жаңа өтінім {application.number}")
        assert f"{DESK_URL}/applications/{application.id}" in notice
        assert_no_personal_data([notice])
        assert _keyboards(desk) == []
    finally:
        await desk.close()


async def test_without_the_desks_address_the_notice_says_whom_to_ask(
    tmp_path: Path, clock: TestClock
) -> None:
    desk = await Desk.open(tmp_path / "jumys.sqlite3", clock)
    try:
        await desk.db.staff.add(ASEL, StaffRole.REVIEWER, ["turkistan"], name="Асель")
        await desk.db.staff.remember(ASEL, "Асель", "ru")
        application = await desk.announced()
        [notice] = desk.person(ASEL).inbox()
        assert application.number in notice
        assert "его адрес знает администратор" in notice
    finally:
        await desk.close()


async def test_queue_says_how_many_wait_and_sends_to_the_desk(notify_desk: Desk) -> None:
    await notify_desk.announced(comment=COMMENT)
    asel = notify_desk.person(ASEL)
    await asel.send("/queue")
    assert asel.text == (
        "В очереди ваших регионов: 1.\n"
        "Персональные данные граждан больше не показываются в Telegram: теперь это в "
        f"кабинете сотрудника.\nОткройте в кабинете сотрудника: {DESK_URL}"
    )
    assert asel.buttons() == []


async def test_app_links_the_applications_page_and_still_refuses_another_region(
    notify_desk: Desk,
) -> None:
    application = await notify_desk.announced(comment=COMMENT)
    asel = notify_desk.person(ASEL)
    await asel.send(f"/app {application.number}")
    assert f"{DESK_URL}/applications/{application.id}" in asel.text
    assert_no_personal_data(asel.texts)

    dana = notify_desk.person(DANA)  # Abai only
    await dana.send(f"/app {application.number}")
    assert dana.texts == [
        f"Заявка {application.number} из региона «Туркестанская область», а вы его не обслуживаете."
    ]
    [refusal] = await notify_desk.db.staff.refusals(DANA)
    assert (refusal.action, refusal.application_id) == ("command:app", application.id)


async def test_export_and_note_send_no_file_and_point_to_the_desk(notify_desk: Desk) -> None:
    application = await notify_desk.announced(comment=COMMENT)
    asel = notify_desk.person(ASEL)
    await asel.send("/export")
    assert "теперь это в кабинете сотрудника" in asel.text
    await asel.send(f"/note {application.number} позвонила")
    assert "теперь это в кабинете сотрудника" in asel.text
    assert notify_desk.session.sent("sendDocument") == []
    assert await notify_desk.db.staff.notes(application.id) == []
    exports = [e for e in await notify_desk.db.audit.entries() if e.action is AuditAction.EXPORT]
    assert exports == []  # nothing was exported


async def test_a_take_button_of_an_older_card_points_to_the_desk_and_takes_nothing(
    notify_desk: Desk,
) -> None:
    application = await notify_desk.announced()
    asel = notify_desk.person(ASEL)
    take = Review(action=ReviewAction.TAKE, app_id=application.id).pack()
    await asel.tap(take)
    assert "Заявки теперь рассматриваются в кабинете сотрудника." in asel.texts
    assert f"{DESK_URL}/applications/{application.id}" in asel.text
    assert await notify_desk.status(application) is AppStatus.QUEUED

    dana = notify_desk.person(DANA)  # another region's application: refused, no link
    await dana.tap(take)
    assert f"/applications/{application.id}" not in dana.text
    assert "не обслуживаете" in dana.text


async def test_the_reviewer_who_asked_hears_of_the_answer_without_its_words(
    notify_desk: Desk,
) -> None:
    desk = notify_desk
    application = await desk.announced()
    await desk.db.applications.claim(application.id, ASEL, timedelta(minutes=30))
    await desk.db.applications.decide(application.id, ASEL, AppStatus.NEEDS_INFO, "Где справка?")
    await desk.db.applications.answer_info(application.id, CITIZEN, "Справка об инвалидности есть")
    stored = await desk.db.applications.get(application.id)
    # Back with the reviewer who asked, in this mode too.
    assert stored is not None and (stored.status, stored.reviewer_id) == (
        AppStatus.IN_REVIEW,
        ASEL,
    )
    await desk.pump()
    told = desk.person(ASEL).inbox()[-1]
    assert told == (
        f"Гражданин ответил на вопрос по заявке {application.number}.\n"
        f"Откройте в кабинете сотрудника: {DESK_URL}/applications/{application.id}"
    )


async def test_stats_and_staff_still_work_in_telegram(notify_desk: Desk) -> None:
    await notify_desk.announced()
    admin = notify_desk.person(ADMIN)
    await admin.send("/stats")
    assert "кабинете сотрудника" not in admin.text and admin.text
    await admin.send("/staff")
    assert "Асель (ID 7101)" in admin.text


@pytest.fixture
async def review_in_group(tmp_path: Path, clock: TestClock) -> AsyncIterator[Desk]:
    opened = await Desk.open(
        tmp_path / "jumys.sqlite3", clock, staff_chat=STAFF_CHAT, staff_telegram="review"
    )
    await opened.db.staff.add(ASEL, StaffRole.REVIEWER, ["turkistan"], name="Асель")
    yield opened
    await opened.close()


async def test_a_centre_that_chose_review_still_gets_the_full_card(review_in_group: Desk) -> None:
    application = await review_in_group.announced(comment=COMMENT)
    [card] = review_in_group.person(ASEL, in_group=True).inbox()
    assert application.number in card and COMMENT in card
    assert _keyboards(review_in_group) != []
