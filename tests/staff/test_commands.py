"""The staff commands: one table says what the handlers answer, what /help and Telegram's menu
offer a reviewer and an admin, and who else is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BotCommand
from support.desk import ADMIN, ASEL, CITIZEN, Desk

from bot.i18n import LANGUAGES, use_locale
from handlers import staff
from handlers.staff import access, commands
from handlers.staff.commands import Reach
from handlers.staff.menu import register_staff_commands

NOT_STAFF = "Извините, это только для сотрудников карьерного центра."


def _commands_in(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines() if line.startswith("/")]


def _command_filters(router: Router) -> list[Command]:
    """Every Command filter of the router's message handlers, its sub-routers' included."""
    found = [
        item.callback
        for handler in router.message.handlers
        for item in handler.filters or []
        if isinstance(item.callback, Command)
    ]
    for sub_router in router.sub_routers:
        found += _command_filters(sub_router)
    return found


def _names(routers: list[Router]) -> set[str]:
    names: set[str] = set()
    for command_filter in (found for router in routers for found in _command_filters(router)):
        for command in command_filter.commands:
            assert not isinstance(command, re.Pattern), (
                "a pattern cannot be checked against a table"
            )
            names.add(command.command if isinstance(command, BotCommand) else command)
    return names


def _table(*reach: Reach) -> set[str]:
    return {name for one in reach for name in commands.names(one)}


def test_every_command_the_staff_area_answers_is_in_the_table_and_every_one_there_answered() -> (
    None
):
    assert _names(staff.routers()) == _table(Reach.STAFF, Reach.SHARED)


def test_the_staff_chats_own_commands_are_in_the_table() -> None:
    assert _names([staff.staff_chat_router()]) == _table(Reach.STAFF_CHAT)


def test_everyone_else_is_refused_every_staff_only_command_of_the_table() -> None:
    assert _names([access.router()]) == _table(Reach.STAFF)
    assert set(access.STAFF_COMMANDS) == _table(Reach.STAFF)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_help_line_starts_with_its_command_in_every_language(language: str) -> None:
    with use_locale(language):
        for command in commands.TABLE:
            if command.help is not None:
                assert str(command.help).split()[0] == f"/{command.name}"


@pytest.mark.parametrize("name", commands.names(Reach.STAFF))
async def test_a_citizen_is_refused_each_staff_only_command(desk: Desk, name: str) -> None:
    citizen = desk.person(CITIZEN)
    await citizen.send(f"/{name}")
    assert citizen.texts == [NOT_STAFF]
    [refusal] = await desk.db.staff.refusals()
    assert refusal.action == f"command:{name}"


async def test_a_reviewers_help_lists_what_a_reviewer_may_do_then_the_citizens_start(
    desk: Desk,
) -> None:
    reviewer = desk.person(ASEL)
    await reviewer.send("/help")
    [text] = reviewer.texts
    assert _commands_in(text) == ["/queue", "/app", "/note", "/stats", "/export", "/start"]
    assert text.splitlines()[-2] == ""


async def test_an_admins_help_adds_the_staff_list_and_the_plan(desk: Desk) -> None:
    admin = desk.person(ADMIN)
    await admin.send("/help")
    assert _commands_in(admin.text) == [
        *("/queue", "/app", "/note", "/stats", "/export"),
        *("/staff", "/plan", "/start"),
    ]


async def test_the_menu_offers_admins_the_staff_list_and_the_plan_and_reviewers_not(
    desk: Desk,
) -> None:
    assert await register_staff_commands(desk.bot, desk.db, desk.settings) is None
    calls: list[Any] = [r.call for r in desk.session.sent("setMyCommands")]
    menus = {call.scope.chat_id: call for call in calls}
    admin = [c.command for c in menus[ADMIN].commands]
    assert admin == ["queue", "app", "stats", "export", "staff", "plan", "help"]
    reviewer = [c.command for c in menus[ASEL].commands]
    assert reviewer == ["queue", "app", "stats", "export", "help"]
    assert menus[ASEL].commands[-1].description == "Помощь"
