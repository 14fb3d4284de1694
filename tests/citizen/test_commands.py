"""The command menu citizens see in Telegram, in their language; a refusal does not stop the bot."""

from __future__ import annotations

import logging

import pytest
from aiogram.exceptions import TelegramBadRequest
from support.bots import bare_bot

from bot.i18n import compile_catalogs
from bot.settings import Settings
from bot.telegram.offline_session import OfflineSession, SentRequest
from handlers.menus import register_commands


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
