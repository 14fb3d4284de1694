"""Every staff action is checked on the server: a citizen with a staff command or a forged
button, a reviewer outside their regions, a reviewer doing an admin's job — all refused, each
attempt recorded without anything the person typed, and nothing changed."""

from __future__ import annotations

import logging

import pytest
from aiogram import Router
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey
from support.desk import ASEL, BOLAT, CITIZEN, DANA, Desk, Person

from bot.outbox.card import Review, ReviewAction
from bot.storage.models import AppStatus
from handlers import staff
from handlers.staff import access
from handlers.staff.plan import PlanPick
from handlers.staff.prompts import INPUT_KEY
from handlers.staff.reports import ExportPeriod, ExportPick
from handlers.staff.steps import StaffInput
from handlers.staff.team import Team, TeamAction

NOT_STAFF = "Извините, это только для сотрудников карьерного центра."
SECRET = "700510300018 +77017654321"
OUT_OF_DATE = "Эта кнопка устарела. Выберите, пожалуйста, ещё раз."

COMMANDS = [
    "/queue",
    "/app 1",
    f"/note 1 {SECRET}",
    "/staff",
    "/stats",
    "/plan",
    "/export",
    "/QUEUE@jumys_bot",
]
BUTTONS = [
    *(Review(action=action, app_id=1, code="conditions").pack() for action in ReviewAction),
    *(Team(action=action, user_id=ASEL, region="abai").pack() for action in TeamAction),
    PlanPick(programme="kumis_jas", region="turkistan").pack(),
    *(ExportPick(period=period).pack() for period in ExportPeriod),
    "rv:take:not-a-number",
    "rv:take:99999999999999999999:",
    "rv:no:9223372036854775808:",
    "rv:take:0:",
    "tm:",
]


async def _tapped_with_one_waiting(desk: Desk, user_id: int, data: str) -> Person:
    """Application 1 waits in Turkistan; the person presses `data` in their private chat."""
    await desk.submit(CITIZEN)
    person = desk.person(user_id)
    await person.tap(data)
    return person


async def _unchanged(desk: Desk) -> None:
    application = await desk.db.applications.get(1)
    assert application is not None and application.status is AppStatus.QUEUED
    assert await desk.db.staff.notes(1) == []
    assert await desk.db.plans.for_year(2026) == []
    asel = await desk.db.staff.get(ASEL)
    assert asel is not None and asel.regions == {"turkistan"}


@pytest.mark.parametrize("command", COMMANDS)
async def test_a_citizen_sending_a_staff_command_is_refused_and_recorded(
    desk: Desk, command: str, caplog: pytest.LogCaptureFixture
) -> None:
    await desk.submit(CITIZEN)
    citizen = desk.person(CITIZEN)
    with caplog.at_level(logging.DEBUG):
        await citizen.send(command)
    assert citizen.texts == [NOT_STAFF]
    [refusal] = await desk.db.staff.refusals()
    name = command.split()[0].split("@")[0].lstrip("/").lower()
    assert (refusal.user_id, refusal.action) == (CITIZEN, f"command:{name}")
    assert "700510300018" not in caplog.text and "7654321" not in caplog.text
    await _unchanged(desk)


@pytest.mark.parametrize("data", BUTTONS)
async def test_a_citizen_pressing_a_forged_staff_button_is_refused_and_recorded(
    desk: Desk, data: str
) -> None:
    citizen = await _tapped_with_one_waiting(desk, CITIZEN, data)
    assert citizen.texts == [NOT_STAFF]
    [alert] = [r for r in citizen.replies if r.method == "answerCallbackQuery"]
    assert alert.params.get("show_alert") is True
    [refusal] = await desk.db.staff.refusals()
    assert refusal.user_id == CITIZEN and refusal.action.startswith("button:")
    if data.startswith("rv:") and data.split(":")[2].isdigit():
        assert refusal.application_id == (1 if data.split(":")[2] == "1" else None)
    await _unchanged(desk)


@pytest.mark.parametrize(
    "action", [action for action in ReviewAction if action is not ReviewAction.CANCEL]
)
async def test_a_reviewer_of_another_region_is_refused_on_its_applications(
    desk: Desk, action: ReviewAction
) -> None:
    application = await desk.submit(CITIZEN, region="turkistan")
    dana = desk.person(DANA)  # she serves Abai
    await dana.tap(Review(action=action, app_id=application.id, code="conditions").pack())
    assert dana.texts == [
        f"Заявка {application.number} из региона «Туркестанская область», а вы его не обслуживаете."
    ]
    [refusal] = await desk.db.staff.refusals(DANA)
    assert refusal.application_id == application.id
    await _unchanged(desk)


async def test_a_reviewer_cannot_open_another_regions_application_by_number(desk: Desk) -> None:
    application = await desk.submit(CITIZEN, region="turkistan")
    dana = desk.person(DANA)
    await dana.send(f"/app {application.number}")
    assert "не обслуживаете" in dana.text
    assert "+7 701" not in dana.text  # no phone, no answers, nothing of the person
    assert len(await desk.db.staff.refusals(DANA)) == 1


@pytest.mark.parametrize(
    "data",
    [
        Team(action=TeamAction.ADD_REVIEWER).pack(),
        Team(action=TeamAction.PICK_REGION, user_id=ASEL, region="abai").pack(),
        Team(action=TeamAction.REMOVE_YES, user_id=ASEL).pack(),
        Team(action=TeamAction.ROLE, user_id=ASEL).pack(),
        PlanPick(programme="kumis_jas", region="turkistan").pack(),
    ],
)
async def test_a_reviewer_pressing_an_admins_button_is_refused(desk: Desk, data: str) -> None:
    asel = await _tapped_with_one_waiting(desk, ASEL, data)
    assert len(asel.texts) == 1 and "только администраторы" in asel.texts[0]
    assert len(await desk.db.staff.refusals(ASEL)) == 1
    assert await asel.state() is None
    await _unchanged(desk)


@pytest.mark.parametrize("command", ["/staff", "/plan"])
async def test_a_reviewer_sending_an_admins_command_is_refused(desk: Desk, command: str) -> None:
    asel = desk.person(ASEL)
    await asel.send(command)
    assert "только администраторы" in asel.text
    assert [r.action for r in await desk.db.staff.refusals(ASEL)] == [f"command:{command[1:]}"]


async def test_a_staff_member_in_some_other_group_is_sent_to_a_private_chat(desk: Desk) -> None:
    await desk.submit(CITIZEN)
    asel = desk.person(ASEL, in_group=True)  # the test desk has no staff chat: any group is other
    await asel.send("/queue")
    assert asel.texts == [
        "Команды для сотрудников работают только в личном чате со мной или в чате сотрудников."
    ]
    assert "A-000001" not in asel.text


@pytest.mark.parametrize(
    "data", ["rv:take:99999999999999999999:", "rv:no:9223372036854775808:", "rv:note:0:"]
)
async def test_a_staff_button_with_an_impossible_number_changes_nothing_and_fails_nothing(
    desk: Desk, data: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        asel = await _tapped_with_one_waiting(desk, ASEL, data)
    assert "failed" not in caplog.text
    assert asel.texts == [OUT_OF_DATE]
    assert await asel.state() is None
    await _unchanged(desk)


@pytest.mark.parametrize("data", ["rv:take:1", "rv:zzz:1:", "tm:", "ex:old"])
async def test_an_old_or_damaged_staff_button_is_out_of_date_for_staff(
    group_desk: Desk, data: str
) -> None:
    await group_desk.submit(CITIZEN)
    for asel in (group_desk.person(ASEL), group_desk.person(ASEL, in_group=True)):
        await asel.tap(data)
        assert asel.texts == [OUT_OF_DATE]
    bolat = group_desk.person(BOLAT, "kk")
    await bolat.tap(data)
    assert bolat.texts == ["Бұл батырма ескірген. Қайта таңдаңыз."]
    assert await group_desk.db.staff.refusals() == []
    await _unchanged(group_desk)


@pytest.mark.parametrize(
    ("step", "step_data", "action"),
    [
        (
            StaffInput.plan,
            {"programme": "kumis_jas", "region": "turkistan", "year": 2026},
            "plan:set",
        ),
        (StaffInput.person, {"role": "supervisor"}, "staff:add"),
    ],
)
async def test_an_admins_typing_step_is_refused_to_someone_no_longer_an_admin(
    desk: Desk, step: State, step_data: dict[str, object], action: str
) -> None:
    asel = desk.person(ASEL)  # in an admin's step (as if she had lost the admin right since)
    key = StorageKey(bot_id=desk.bot.id, chat_id=asel.chat_id, user_id=ASEL)
    await desk.dp.storage.set_state(key, step)
    await desk.dp.storage.set_data(key, {INPUT_KEY: step_data})
    await asel.send("8001")
    assert len(asel.texts) == 1 and "только администраторы" in asel.texts[0]
    assert [r.action for r in await desk.db.staff.refusals(ASEL)] == [action]
    assert await asel.state() is None
    assert await desk.db.staff.get(8001) is None
    assert await desk.db.plans.for_year(2026) == []


def _button_prefixes(router: Router) -> set[str]:
    """The prefix of every CallbackData the router's button handlers filter on."""
    found = {
        f"{item.callback.callback_data.__prefix__}:"
        for handler in router.callback_query.handlers
        for item in handler.filters or []
        if isinstance(item.callback, CallbackQueryFilter)
    }
    for sub_router in router.sub_routers:
        found |= _button_prefixes(sub_router)
    return found


def test_every_button_the_staff_area_reads_is_refused_to_everyone_else() -> None:
    assert set().union(*map(_button_prefixes, staff.routers())) == set(access.STAFF_PREFIXES)
