"""Settings from JUMYS_* environment variables and an optional .env file, read once at start."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUMYS_", env_file=".env", extra="ignore")

    bot_token: SecretStr | None = None
    db: Path = Path("data/jumys.sqlite3")
    api_url: str | None = None
    admins: Annotated[frozenset[int], NoDecode] = frozenset()
    staff_chat: int | None = None
    # The language of cards and messages in the staff chat (kk or ru); private chats use each
    # staff member's own language.
    staff_chat_language: str = "kk"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = 8080
    claim_ttl_minutes: int = 60
    # On SIGTERM: how long the updates in hand may take to finish before the process exits.
    shutdown_seconds: float = 20.0
    log_level: str = "INFO"

    @field_validator("admins", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        # "123, 456" is how people write lists in an environment variable.
        if isinstance(value, str):
            return frozenset(
                int(part) for part in value.replace(";", ",").split(",") if part.strip()
            )
        return value

    @field_validator("bot_token", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value
