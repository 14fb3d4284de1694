"""The citizen's command menu Telegram shows beside the text field, in each language (the
commands are handlers/citizen/commands.py's table)."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramAPIError
from aiogram.types import BotCommandScopeDefault

from bot.i18n import LANGUAGES, use_locale
from bot.telegram.reply_retries import later, may_pass
from handlers.citizen.commands import menu

log = logging.getLogger(__name__)


async def register_commands(bot: Bot, settled: set[str] | None = None) -> float | None:
    """The command menu in each language; a Bot API server that refuses it is not fatal.
    None when every menu is set or refused for good; else a menu failed in a way that may pass
    (no connection, 5xx, 429) and the caller tries again, after at least the seconds returned
    (Telegram's retry_after, or 0). Languages in `settled` are skipped; those set or refused
    for good now are added to it, so a second try sends only what failed."""
    again: float | None = None
    settled = set() if settled is None else settled
    for language in LANGUAGES:
        if language in settled:
            continue
        with use_locale(language):
            commands = menu()
        try:
            await bot.set_my_commands(
                commands, scope=BotCommandScopeDefault(), language_code=language
            )
        except (TelegramAPIError, ClientDecodeError, OSError, ValueError) as error:
            log.warning("could not register the %s command menu: %s", language, error)
            if may_pass(error):
                again = later(again, error)
                continue
        settled.add(language)
    return again
