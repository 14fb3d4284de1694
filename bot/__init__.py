"""Jumys Bot."""

from bot.lazy_schemas import install as _build_aiogram_schemas_when_used

_build_aiogram_schemas_when_used()
