"""Admins manage the staff in Telegram (/staff) and with `jumys staff`; a staff group chat."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from aiogram.types import ForceReply, SharedUser, UsersShared
from storage.conftest import TestClock
from support.desk import ADMIN, ASEL, BOLAT, Desk, GroupFactory, Person

from bot.cli import main
from bot.storage.audit import Actor
from bot.storage.models import AppStatus
from bot.storage.staff import StaffRole

NEW = 8001


async def test_an_admin_adds_a_reviewer_by_choosing_the_person_and_gives_a_region(
    desk: Desk,
) -> None:
    application = await desk.submit(5001, region="abai")
    admin = desk.person(ADMIN)
    await admin.send("/staff")
    assert "Асель (ID 7101) — специалист: Туркестанская область" in admin.text
    await admin.press("Добавить специалиста")
    call: Any = admin.replies[0].call
    assert call.reply_markup.keyboard[0][0].request_users is not None

    shared = UsersShared(request_id=1, users=[SharedUser(user_id=NEW, first_name="Ерлан")])
    await admin.feed(admin.factory.message(users_shared=shared))
    assert "Ерлан (ID 8001) теперь в числе сотрудников." in admin.text
    await admin.press("область Абай")
    assert "✅ область Абай" in admin.buttons()
    member = await desk.db.staff.get(NEW)
    assert member is not None and (member.role, set(member.regions)) == (
        StaffRole.REVIEWER,
        {"abai"},
    )

    menus: list[Any] = [r.call for r in desk.session.sent("setMyCommands")]
    [menu] = [m for m in menus if m.scope.chat_id == NEW]
    assert [c.command for c in menu.commands] == ["queue", "app", "stats", "export", "help"]
    assert (
        menu.commands[0].description == "Өңірлерімдегі кезекте тұрған өтінімдер"
    )  # language not known yet: Kazakh

    erlan = desk.person(NEW, name="Ерлан")
    await erlan.send("/queue")
    assert application.number in erlan.text

    await admin.press("Убрать из сотрудников")
    await admin.press("Да, убрать")
    assert await desk.db.staff.get(NEW) is None
    await erlan.send("/queue")
    assert erlan.texts == ["Извините, это только для сотрудников карьерного центра."]


async def test_an_admin_adds_a_supervisor_by_typing_the_id_after_a_slip(desk: Desk) -> None:
    admin = desk.person(ADMIN)
    await admin.send("/staff")
    await admin.press("Добавить руководителя")
    await admin.send("Ерлан")
    assert "Не удалось понять, кто это" in admin.text
    await admin.send("8002")
    assert "руководитель, все регионы" in admin.text
    member = await desk.db.staff.get(8002)
    assert member is not None and member.role is StaffRole.SUPERVISOR
    assert await admin.state() is None


async def test_jumys_staff_adds_lists_and_removes(desk: Desk, capsys: Any) -> None:
    path = str(desk.db.path)

    def jumys(*arguments: str) -> int:
        return main(["staff", "--db", path, *arguments])

    assert await asyncio.to_thread(jumys, "add", "9001", "--region", "mars") == 2
    assert await asyncio.to_thread(jumys, "add", "9001") == 2  # a reviewer needs a region
    added = ["add", "9001", "--region", "abai", "--region", "turkistan", "--name", "Жанна"]
    assert await asyncio.to_thread(jumys, *added) == 0
    capsys.readouterr()
    assert await asyncio.to_thread(jumys, "list") == 0
    assert "9001\treviewer\tabai, turkistan\tЖанна" in capsys.readouterr().out
    assert await asyncio.to_thread(jumys, "remove", "9001") == 0
    assert await asyncio.to_thread(jumys, "remove", "9001") == 1
    await desk.person(5001).send("/queue")
    assert await asyncio.to_thread(jumys, "refusals") == 0
    assert "5001\tcommand:queue" in capsys.readouterr().out


async def test_in_the_staff_chat_the_card_is_shared_taken_and_decided_in_place(
    group_desk: Desk, clock: TestClock
) -> None:
    desk = group_desk
    application = await desk.announced()
    asel, bolat = desk.person(ASEL, in_group=True), desk.person(BOLAT, in_group=True)
    assert [t for t in asel.inbox() if application.number in t]  # one card, in the group
    assert desk.person(ASEL).inbox() == []

    await bolat.send("привет всем, кто сегодня дежурит?")
    assert bolat.replies == []  # colleagues talk; the bot stays quiet

    card_id, take = asel.button("Взять")
    await asel.tap(take, card_id)
    edited = [r for r in asel.replies if r.method == "editMessageText"]
    assert edited and "рассматривает Асель" in edited[0].text
    await bolat.press("Одобрить")
    assert "рассматривает Асель" in bolat.text or "Асель" in bolat.text

    await asel.press("Отклонить")
    # In a group the bot reads only replies to it: the prompt asks for one.
    [prompt] = [r for r in asel.replies if "ответьте на это сообщение" in r.text]
    prompt_call: Any = prompt.call
    assert isinstance(prompt_call.reply_markup, ForceReply)
    await asel.reply("Вы уже участвуете в другой программе", asel.prompt_id())
    await asel.press("Да, отклонить")
    assert await desk.status(application) is AppStatus.REJECTED
    assert any(
        r.method == "editMessageText" and r.params.get("message_id") == card_id
        for r in asel.replies
    )


async def test_in_the_staff_chat_an_expired_review_is_announced_with_the_reviewers_name(
    group_desk: Desk, clock: TestClock
) -> None:
    desk = group_desk
    application, asel = await desk.taken(ASEL, in_group=True)
    clock.advance(timedelta(minutes=desk.settings.claim_ttl_minutes + 1))
    await desk.pump()
    [told] = [t for t in asel.inbox() if "истекло" in t]
    assert application.number in told and "Асель (ID 7101)" in told
    assert desk.person(ASEL).inbox() == []  # said once, where the team reads it


async def test_an_id_with_a_superscript_is_asked_again_not_a_crash(desk: Desk) -> None:
    admin = desk.person(ADMIN)
    await admin.send("/staff")
    await admin.press("Добавить специалиста")
    await admin.send("8²")  # str.isdigit() says yes; int() would fail
    assert "Не удалось понять, кто это." in admin.text
    await admin.send("8001")
    assert "ID 8001 теперь в числе сотрудников." in admin.text


async def test_an_admin_finds_a_new_groups_id_by_asking_in_it(desk: Desk) -> None:
    """Set-up, before JUMYS_STAFF_CHAT is known: /chatid in the group answers admins only."""
    new_group = -1001234567890
    admin = Person(desk, GroupFactory(user_id=ADMIN, language_code="ru", group_id=new_group))
    await admin.send("/chatid")
    assert admin.text == (
        "ID этого чата: -1001234567890. Укажите его в JUMYS_STAFF_CHAT на сервере."
    )
    stranger = Person(desk, GroupFactory(user_id=NEW, language_code="ru", group_id=new_group))
    await stranger.send("/chatid")
    assert "-1001234567890" not in stranger.text and "личном чате" in stranger.text


async def test_a_reviewer_without_regions_is_told_why_the_queue_is_empty(desk: Desk) -> None:
    await desk.db.staff.add(NEW, StaffRole.REVIEWER, frozenset(), by=Actor(ADMIN), name="Ерлан")
    await desk.announced()
    newcomer = desk.person(NEW)
    await newcomer.send("/queue")
    assert "За вами пока не закреплены регионы" in newcomer.text


async def test_chatid_in_the_staff_chat_itself_answers_an_admin(group_desk: Desk) -> None:
    admin = group_desk.person(ADMIN, in_group=True)
    await admin.send("/chatid")
    assert admin.text == "ID этого чата: -100500. Укажите его в JUMYS_STAFF_CHAT на сервере."
    asel = group_desk.person(ASEL, in_group=True)
    await asel.send("/chatid")  # a reviewer: colleagues' talk, the bot stays quiet
    assert asel.texts == []


async def test_a_removed_reviewers_applications_go_back_to_the_queue_at_once(
    desk: Desk,
) -> None:
    """Nobody could take over or give back what a removed reviewer held, for up to an hour."""
    application, _asel = await desk.taken(ASEL)
    admin = desk.person(ADMIN)
    await admin.send("/staff")
    await admin.press("Асель")
    await admin.press("Убрать")
    assert "сразу вернутся в очередь" in admin.text
    await admin.press("Да, убрать")
    await desk.pump()  # the relay's next pass
    assert await desk.status(application) is AppStatus.QUEUED
    bolat = desk.person(BOLAT)
    await bolat.send(f"/app {application.number}")
    await bolat.press("Алу")  # he serves Turkistan too and reads Kazakh
    stored = await desk.db.applications.get(application.id)
    assert stored is not None and (stored.status, stored.reviewer_id) == (
        AppStatus.IN_REVIEW,
        BOLAT,
    )


async def test_without_a_staff_group_a_removed_reviewers_application_is_offered_anew(
    desk: Desk,
) -> None:
    """Not 'your review time ran out' to the person removed: the region's reviewers hear."""
    application, _asel = await desk.taken(ASEL)
    await desk.db.staff.remove(ASEL)
    before = len(desk.person(BOLAT).inbox())
    await desk.pump()
    offered = desk.person(BOLAT).inbox()[before:]
    assert any(application.number in text for text in offered)


async def test_jumys_staff_takes_a_region_in_capitals_and_says_when_nothing_was_refused(
    desk: Desk, capsys: Any
) -> None:
    path = str(desk.db.path)
    assert await asyncio.to_thread(main, ["staff", "--db", path, "refusals"]) == 0
    assert "No staff action was refused to anyone." in capsys.readouterr().out
    added = ["staff", "--db", path, "add", "9002", "--region", "Turkistan"]
    assert await asyncio.to_thread(main, added) == 0
    assert "9002\treviewer\tturkistan" in capsys.readouterr().out


async def test_jumys_plan_wants_the_year_in_full(desk: Desk, capsys: Any) -> None:
    path = str(desk.db.path)
    for year in ("26", "3000"):
        words = ["plan", "--db", path, "set", year, "kumis_jas", "turkistan", "10"]
        assert await asyncio.to_thread(main, words) == 2
        assert "written in full" in capsys.readouterr().out
    words = ["plan", "--db", path, "set", "2026", "kumis_jas", "turkistan", "10"]
    assert await asyncio.to_thread(main, words) == 0


@pytest.mark.parametrize(("language", "take"), [("ru", "Взять"), ("kk", "Алу")])
async def test_a_reviewer_added_on_the_server_gets_cards_in_the_language_given(
    desk: Desk, language: str, take: str
) -> None:
    """Cards reach a new reviewer before they ever write to the bot: without --language they
    were in Kazakh for a Russian-reading reviewer."""
    path = str(desk.db.path)
    added = ["staff", "--db", path, "add", "9004", "--region", "abai", "--language", language]
    assert await asyncio.to_thread(main, added) == 0
    await desk.submit(5006, region="abai")
    await desk.pump()
    card = desk.person(9004)
    assert any(take in button for button in card.buttons())
