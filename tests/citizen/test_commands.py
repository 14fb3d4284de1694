"""The citizen's commands: one table, read by the menu in Telegram (in their language; a refusal
does not stop the bot), held to by /help, and each answered by its room."""

from __future__ import annotations

import logging

import pytest
from aiogram.exceptions import TelegramBadRequest
from support.bots import bare_bot
from support.client import ChatClient

from bot.i18n import compile_catalogs, use_locale
from bot.settings import Settings
from bot.telegram.offline_session import OfflineSession, SentRequest
from handlers.citizen.commands import COMMANDS, NAMES, register_commands
from handlers.citizen.help import help_text


async def test_the_menu_is_registered_in_kazakh_and_in_russian() -> None:
    compile_catalogs()
    session = OfflineSession()
    await register_commands(bare_bot(Settings(_env_file=None), session=session))
    menus = {r.params["language_code"]: r.params["commands"] for r in session.sent("setMyCommands")}
    assert set(menus) == {"kk", "ru"}
    russian = {c["command"]: c["description"] for c in menus["ru"]}
    kazakh = {c["command"]: c["description"] for c in menus["kk"]}
    assert {"start", "my", "language", "privacy", "forget", "help", "cancel"} <= set(russian)
    assert russian["my"] == "Мои заявки"
    assert kazakh["my"] != russian["my"]
    assert any(letter in "".join(kazakh.values()) for letter in "әғқңөұүі")


async def test_a_server_that_refuses_the_menu_gets_a_warning_and_the_bot_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    compile_catalogs()

    def refuse(request: SentRequest) -> None:
        if request.method == "setMyCommands":
            raise TelegramBadRequest(request.call, "Bad Request: method is not supported")

    session = OfflineSession(on_request=refuse)
    with caplog.at_level(logging.WARNING):
        await register_commands(bare_bot(Settings(_env_file=None), session=session))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    assert "command menu" in warnings[0].getMessage()


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_help_lists_every_command_of_the_table_but_itself(language: str) -> None:
    compile_catalogs()
    with use_locale(language):
        text = help_text()
    for command in COMMANDS:
        if command.name != "help":
            assert f"/{command.name} —" in text, command.name


async def test_the_menu_is_the_table_in_its_order() -> None:
    compile_catalogs()
    session = OfflineSession()
    await register_commands(bare_bot(Settings(_env_file=None), session=session))
    for request in session.sent("setMyCommands"):
        assert [c["command"] for c in request.params["commands"]] == list(NAMES)


@pytest.mark.parametrize("name", NAMES)
async def test_every_command_of_the_table_is_answered_not_called_unknown(
    client: ChatClient, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        await client.send(f"/{name}")
    assert client.texts
    assert "не знаю такой команды" not in client.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_an_unknown_command_is_called_unknown_and_not_logged_as_a_missing_handler(
    client: ChatClient, caplog: pytest.LogCaptureFixture
) -> None:
    await client.send("/nosuchthing")
    assert "не знаю такой команды" in client.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
