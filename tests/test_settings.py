import os
import subprocess
import sys
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


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("JUMYS_LOG_LEVEL", "verbose", "JUMYS_LOG_LEVEL: one of DEBUG, INFO, WARNING, ERROR"),
        ("JUMYS_CLAIM_TTL_MINUTES", "-5", "JUMYS_CLAIM_TTL_MINUTES: Input should be greater"),
        ("JUMYS_ADMINS", "@aigul", "JUMYS_ADMINS: numeric Telegram user IDs"),
        ("JUMYS_STAFF_CHAT", "-100abc", "JUMYS_STAFF_CHAT: Input should be a valid integer"),
        ("JUMYS_STAFF_CHAT_LANGUAGE", "en", "JUMYS_STAFF_CHAT_LANGUAGE: Input should be 'kk' or"),
        ("JUMYS_BOT_TOKEN", "123456:ABC def", "JUMYS_BOT_TOKEN: not a bot token"),
    ],
)
def test_a_wrong_setting_is_named_in_one_line_without_a_traceback_or_its_value(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    variable: str,
    value: str,
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    monkeypatch.setenv(variable, value)
    assert main(["migrate"]) == 2
    printed = capsys.readouterr().err
    assert said in printed
    assert "Traceback" not in printed and value not in printed  # a token is a password
    assert not (tmp_path / "data").exists()  # nothing was started


def test_settings_written_as_people_do_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUMYS_LOG_LEVEL", "warn")
    monkeypatch.setenv("JUMYS_BOT_TOKEN", " 123456:AAH-x_y ")
    monkeypatch.setenv("JUMYS_STAFF_CHAT_LANGUAGE", "RU ")
    settings = Settings(_env_file=None)
    assert (settings.log_level, settings.staff_chat_language) == ("WARNING", "ru")
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123456:AAH-x_y"
    monkeypatch.setenv("JUMYS_LOG_LEVEL", "Critical")
    assert Settings(_env_file=None).log_level == "CRITICAL"


def test_a_webhook_secret_telegram_refuses_stops_webhook_mode_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The old README said 'any long random string': base64 has / + =, which Telegram refuses.
    Webhook mode says so in one line; a nightly backup, which has no use for it, still runs."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUMYS_WEBHOOK_SECRET", "Zm9v/YmFy+cXV4==")
    monkeypatch.setenv("JUMYS_WEBHOOK_URL", "https://bot.example.kz/telegram/updates")
    monkeypatch.setenv("JUMYS_BOT_TOKEN", "123456:AAH-x_y")
    assert main(["run", "--webhook"]) == 2
    said = capsys.readouterr().err
    assert "openssl rand -hex 32" in said and "Zm9v" not in said
    assert main(["migrate"]) == 0
    assert main(["backup", str(tmp_path / "copy.sqlite3")]) == 0


def test_a_misspelt_setting_stops_the_bot_and_names_the_one_meant(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """JUMYS_ADMIN (no S) was ignored without a word: a bot with no admins at all."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUMYS_ADMIN", "111")
    assert main(["run"]) == 2
    assert "JUMYS_ADMIN: no such setting (did you mean JUMYS_ADMINS?)" in capsys.readouterr().err


def test_a_misspelt_setting_in_the_env_file_is_named_and_other_commands_go_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("JUMYS_DB=bot.sqlite3\nJUMYS_DATABASE=other.sqlite3\n")
    assert main(["migrate"]) == 0
    said = capsys.readouterr().err
    assert "JUMYS_DATABASE: no such setting (did you mean JUMYS_DB?); ignored" in said
    assert (tmp_path / "bot.sqlite3").is_file()


def test_webhook_mode_needs_an_https_address(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUMYS_BOT_TOKEN", "123456:ABC-def")
    monkeypatch.setenv("JUMYS_WEBHOOK_URL", "http://bot.akimat.kz/hook")
    monkeypatch.setenv("JUMYS_WEBHOOK_SECRET", "abc")
    assert main(["run", "--webhook"]) == 2
    assert "JUMYS_WEBHOOK_URL: an https:// address" in capsys.readouterr().err


def test_run_with_no_token_and_no_one_to_type_fails_instead_of_exiting_quietly(
    tmp_path: Path,
) -> None:
    """Under systemd or Docker stdin is /dev/null: the console would end at once with status
    0 and the service would be down, 'successfully'."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
    env["JUMYS_DB"] = str(tmp_path / "run.sqlite3")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "JUMYS_BOT_TOKEN is not set" in done.stderr
    assert "jumys console" in done.stderr
