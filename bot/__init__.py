"""Jumys Bot: state employment programmes of Kazakhstan, eligibility and applications."""

from bot.lazy_types import defer_aiogram_type_builds

# Before anything imports aiogram: its types are then built on first use (see the module).
defer_aiogram_type_builds()
