from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from support.client import ChatClient


@pytest.fixture(params=["ru", "kk"])
async def chat(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ChatClient]:
    """A new citizen's chat through the real dispatcher, once in Russian and once in Kazakh."""
    client = await ChatClient.open(tmp_path / "bot.sqlite3", language_code=request.param)
    yield client
    await client.close()


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[ChatClient]:
    chat = await ChatClient.open(tmp_path / "bot.sqlite3", language_code="ru")
    yield chat
    await chat.close()


@pytest.fixture
async def kk_client(tmp_path: Path) -> AsyncIterator[ChatClient]:
    chat = await ChatClient.open(tmp_path / "bot.sqlite3", language_code="kk")
    yield chat
    await chat.close()
