"""The harness itself: a tiny aiogram 3.31 bot (echo_bot.py) run against the patched emulator.

If these fail, the emulator or the client is wrong, not Jumys Bot.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from .conftest import new_bot_token
from .processes import RunningProcess, clean_environment, start_process
from .telegram_user import TelegramUser

ECHO_BOT = Path(__file__).with_name("echo_bot.py")


@dataclass(frozen=True, slots=True)
class EchoBot:
    token: str
    process: RunningProcess


@pytest.fixture(scope="module")
def echo_bot(bot_api_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EchoBot]:
    """One echo bot for the module: importing aiogram alone takes seconds on a slow machine."""
    token = new_bot_token()
    env = clean_environment(ECHO_API_URL=bot_api_url, ECHO_BOT_TOKEN=token)
    log_path = tmp_path_factory.mktemp("echo") / "echo-bot.log"
    process = start_process("echo bot", [sys.executable, str(ECHO_BOT)], log_path=log_path, env=env)
    process.wait_for_line("Run polling", timeout_s=60)
    yield EchoBot(token, process)
    process.stop()
    print(f"echo bot log:\n{process.log()}")


@pytest.fixture
def user(http: aiohttp.ClientSession, bot_api_url: str, echo_bot: EchoBot) -> TelegramUser:
    """A new person (own private chat) talking to the module's echo bot."""
    return TelegramUser(
        http,
        bot_api_url,
        echo_bot.token,
        user_id=secrets.randbelow(10**9) + 1,
        check_alive=echo_bot.process.check_alive,
    )


async def test_aiogram_bot_answers_a_message_and_edits_it_when_a_button_is_pressed(
    user: TelegramUser,
) -> None:
    await user.send_text("Сәлем")
    echoed = await user.next_message()
    assert echoed.text == "echo: Сәлем"

    await user.press(echoed, echoed.button("count:"))
    pressed = await user.next_message()
    assert pressed.message_id == echoed.message_id and pressed.edited
    assert pressed.text == "pressed 1"

    # The edited message carries the new button: pressing it again counts on.
    await user.press(pressed, pressed.button("count:"))
    assert (await user.next_message()).text == "pressed 2"


async def test_a_shared_contact_reaches_the_bot(
    user: TelegramUser,
) -> None:
    await user.send_text("/phone")
    asked = await user.next_message()
    assert [b.request_contact for row in asked.reply_keyboard for b in row] == [True]

    await user.share_contact("+77011234567")
    assert (await user.next_message()).text == "phone +77011234567"


async def test_a_method_the_emulator_lacks_is_a_clear_bot_api_error(
    user: TelegramUser,
) -> None:
    await user.send_text("/dice")
    refused = await user.next_message()
    assert refused.text == "refused: Not Found: method sendDice is not emulated"
