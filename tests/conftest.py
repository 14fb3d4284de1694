"""Loaded before any test module: `bot` first, so that the tests run with aiogram's types
built on first use, as the running bot does (bot/lazy_types.py)."""

import bot  # noqa: F401
