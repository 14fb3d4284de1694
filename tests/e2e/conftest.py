"""Fixtures for the end-to-end tests: one patched Bot API emulator per test session, bots as
child processes, and a Telegram user driving the chat through the emulator. Loopback only.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from pathlib import Path

import aiohttp
import pytest

from .processes import RunningProcess, start_emulator, start_process
from .telegram_user import TelegramUser


@pytest.fixture(scope="session")
def bot_api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of the emulator; bots use it as JUMYS_API_URL, users through TelegramUser."""
    emulator, url = start_emulator(tmp_path_factory.mktemp("emulator") / "emulator.log")
    yield url
    emulator.stop()
    print(f"emulator log:\n{emulator.log()}")  # shown by pytest when a test failed


def new_bot_token() -> str:
    """A well-formed token of a new bot: each bot's updates stay apart in the shared emulator."""
    return f"{secrets.randbelow(10**9) + 10**9}:AA{secrets.token_urlsafe(25)}"


@pytest.fixture
def bot_token() -> str:
    return new_bot_token()


class Bots:
    """Bot processes of one test; all of them are stopped when the test ends."""

    def __init__(self, log_dir: Path) -> None:
        self._log_dir = log_dir
        self._running: list[RunningProcess] = []
        self._stopped: list[RunningProcess] = []

    def start(self, name: str, argv: Sequence[str], env: Mapping[str, str]) -> RunningProcess:
        log_path = self._log_dir / f"{name}-{len(self._running) + len(self._stopped)}.log"
        process = start_process(name, argv, log_path=log_path, env=env, cwd=self._log_dir)
        self._running.append(process)
        return process

    def stop(self, process: RunningProcess, timeout_s: float = 10.0) -> int:
        """SIGTERM and wait (SIGKILL after `timeout_s`): the exit code."""
        self._running.remove(process)
        self._stopped.append(process)
        return process.stop(timeout_s)

    def check_alive(self) -> None:
        for process in self._running:
            process.check_alive()

    def stop_all(self) -> None:
        while self._running:
            self.stop(self._running[0], timeout_s=5.0)
        for process in self._stopped:
            print(f"{process.name} log:\n{process.log()}")


@pytest.fixture
def bots(tmp_path: Path) -> Iterator[Bots]:
    started = Bots(tmp_path)
    yield started
    started.stop_all()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def user(http: aiohttp.ClientSession, bot_api_url: str, bot_token: str, bots: Bots) -> TelegramUser:
    """A citizen in a private chat with the bot of `bot_token`."""
    return TelegramUser(http, bot_api_url, bot_token, user_id=424242, check_alive=bots.check_alive)
