"""Imported before every test module: `bot` first, so aiogram's schemas are built on first use,
as in `jumys run` (bot/lazy_schemas.py)."""

import bot  # noqa: F401
