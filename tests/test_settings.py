from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings


def test_admin_ids_are_read_from_a_comma_separated_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JUMYS_ADMINS", "101, 202;303")
    assert Settings(_env_file=None).admins == frozenset({101, 202, 303})


def test_blank_token_means_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMYS_BOT_TOKEN", "  ")
    settings = Settings(_env_file=None)
    assert settings.bot_token is None
    assert settings.db == Path("data/jumys.sqlite3")


def test_jumys_without_a_command_prints_usage_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "usage: jumys" in capsys.readouterr().err
