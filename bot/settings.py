"""Settings from JUMYS_* environment variables and an optional .env file, read once at start."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# Telegram's rule for a webhook's secret_token (checked by `jumys run --webhook` only: other
# commands have no use for it, and a nightly backup must not fail on it).
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_SECRET_RULE = (
    "JUMYS_WEBHOOK_SECRET: 1-256 characters, letters, digits, _ and - only (Telegram's rule);"
    " `openssl rand -hex 32` makes one"
)
_TOKEN = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUMYS_", env_file=".env", extra="ignore")

    bot_token: SecretStr | None = None
    db: Path = Path("data/jumys.sqlite3")
    api_url: str | None = None
    admins: Annotated[frozenset[int], NoDecode] = frozenset()
    staff_chat: int | None = None
    # The language of cards and messages in the staff chat (kk or ru); private chats use each
    # staff member's own language.
    staff_chat_language: Literal["kk", "ru"] = "kk"
    # What staff chats in Telegram get: `notify` (no personal data: "new application A-000123,
    # its region and programme: open the desk") or `review` (the full cards, reviewed there).
    staff_telegram: Literal["notify", "review"] = "notify"
    # The desk's address as staff open it (behind the centre's HTTPS proxy), for the links the
    # bot sends: https://desk.example.kz; an https:// one makes the desk's cookie Secure.
    desk_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    # The reverse proxy in front is the public face: the bot listens on this machine only.
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=0, le=65535)  # 0: any free port (tests)
    # A webhook connection without a whole request (headers, then body) for this long is closed.
    webhook_timeout_seconds: float = Field(default=15.0, gt=0)
    # Webhook connections open at once, well under the usual limit of 1,024 open files.
    webhook_max_connections: int = Field(default=200, gt=0)
    # The staff desk (web pages for staff), served by `jumys run` on this machine only: the
    # centre's HTTPS reverse proxy is its public face, at JUMYS_DESK_URL.
    desk_host: str = "127.0.0.1"
    desk_port: int = Field(default=8081, ge=0, le=65535)  # 0: any free port (tests)
    # A desk session ends after this long without a page opened, and this long after sign-in.
    desk_idle_minutes: int = Field(default=30, gt=0)
    desk_session_hours: int = Field(default=12, gt=0)
    claim_ttl_minutes: int = Field(default=60, gt=0)
    # Target times (bot/rules/data/deadlines.toml, with their sources; unset: the data's): how
    # long an application may wait to be taken and to be decided, in working days, before the
    # desk marks it overdue; after how many days an unanswered question is recalled to the
    # citizen, and how many days after that the application goes back to the queue.
    deadline_queued_working_days: int | None = Field(default=None, gt=0)
    deadline_in_review_working_days: int | None = Field(default=None, gt=0)
    deadline_remind_after_days: int | None = Field(default=None, gt=0)
    deadline_return_after_days: int | None = Field(default=None, gt=0)
    # On SIGTERM: how long the updates in hand may take to finish before the process exits.
    shutdown_seconds: float = Field(default=20.0, ge=0)
    log_level: str = "INFO"

    @field_validator("admins", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # "123, 456" is how people write lists in an environment variable.
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
            if not all(part.isdecimal() for part in parts):
                raise ValueError(
                    "numeric Telegram user IDs separated by commas (not @usernames): 123456789,"
                    " 987654321; @userinfobot tells a person their ID"
                )
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        level = "WARNING" if level == "WARN" else level
        if level not in LOG_LEVELS:
            raise ValueError(f"one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # The token itself never goes into the message: it is a password.
        if value is not None and not _TOKEN.fullmatch(value.get_secret_value().strip()):
            raise ValueError(
                "not a bot token: BotFather gives one like 123456789:AAH..., digits, a colon,"
                " then letters, digits, _ and - (no spaces or quotes)"
            )
        return None if value is None else SecretStr(value.get_secret_value().strip())

    @field_validator("staff_chat_language", "staff_telegram", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("desk_url", mode="before")
    @classmethod
    def _desk_address(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        url = value.strip().rstrip("/")
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                "the desk's address as staff open it in a browser, starting with https://"
                " (e.g. https://desk.example.kz)"
            )
        if parts.query or parts.fragment or any(c.isspace() for c in url):
            raise ValueError("an address without spaces, ? or #: https://desk.example.kz")
        return url

    @field_validator("bot_token", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def settings_problems(error: ValidationError) -> str:
    """What is wrong with the settings, one line per setting, named as the operator sets it;
    never the value (it may be the token)."""
    lines = []
    for problem in error.errors(include_input=False, include_url=False):
        name = f"JUMYS_{str(problem['loc'][0]).upper()}" if problem["loc"] else "settings"
        reason = str(problem["msg"]).removeprefix("Value error, ")
        lines.append(f"{name}: {reason}")
    return "\n".join(lines)


# JUMYS_* variables that are not settings: the test suite's fuzz size.
OTHER_VARIABLES = frozenset({"JUMYS_FUZZ_EXAMPLES"})


def _setting_names() -> list[str]:
    """Every setting as the operator writes it: JUMYS_BOT_TOKEN, JUMYS_DB, ..."""
    return sorted(f"JUMYS_{name.upper()}" for name in Settings.model_fields)


def env_file_problem(env_file: Path = Path(".env")) -> str | None:
    """Why the .env file cannot be read as settings (it is not UTF-8 text), or None."""
    if not env_file.is_file():
        return None
    try:
        env_file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return (
            f"{env_file}: not UTF-8 text (byte {error.start + 1} of the file); save it as"
            " UTF-8 and start again"
        )
    except OSError as error:
        return f"{env_file}: {error.strerror}"
    return None


def unknown_settings(
    environ: Mapping[str, str] | None = None, env_file: Path = Path(".env")
) -> list[str]:
    """JUMYS_* names, in the environment or the .env file, that are no setting: most likely
    typos (JUMYS_ADMIN for JUMYS_ADMINS), which would otherwise be ignored without a word."""
    known = set(_setting_names()) | OTHER_VARIABLES
    names = {name.upper() for name in (os.environ if environ is None else environ)}
    if env_file.is_file():
        names |= {name.upper() for name in dotenv_values(env_file)}
    return sorted(name for name in names if name.startswith("JUMYS_") and name not in known)


def unknown_settings_problems(names: list[str]) -> str:
    """One line per unknown name, with the setting it most likely meant."""
    known = _setting_names()
    lines = []
    for name in names:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        lines.append(f"{name}: no such setting{hint}")
    return "\n".join(lines)
