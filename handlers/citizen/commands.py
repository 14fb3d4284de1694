"""The citizen's commands, listed once: their handlers' filters, the command menu (set here,
in each language), /help and the unknown-command fallback read this table, and a test holds
/help's text to it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramAPIError
from aiogram.filters import Command, CommandStart
from aiogram.types import BotCommand, BotCommandScopeDefault
from babel.support import LazyProxy

from bot.api_errors import later, may_pass
from bot.i18n import LANGUAGES, _, __, use_locale

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CitizenCommand:
    name: str  # without the slash
    description: LazyProxy  # in the menu beside the text field

    def filter(self) -> Command:
        """The handler's filter: the one way a citizen room answers a command."""
        return CommandStart() if self.name == "start" else Command(self.name)


START = CitizenCommand("start", __("Check the programmes"))
MY = CitizenCommand("my", __("My applications"))
SUMMARY = CitizenCommand("summary", __("A summary to show at the centre"))
LANGUAGE = CitizenCommand("language", __("Change the language"))
PRIVACY = CitizenCommand("privacy", __("What we keep about you"))
FORGET = CitizenCommand("forget", __("Delete my data"))
HELP = CitizenCommand("help", __("Help"))
CANCEL = CitizenCommand("cancel", __("Stop the current step"))

COMMANDS: tuple[CitizenCommand, ...] = (
    START,
    MY,
    SUMMARY,
    LANGUAGE,
    PRIVACY,
    FORGET,
    HELP,
    CANCEL,
)
NAMES: tuple[str, ...] = tuple(command.name for command in COMMANDS)


def what_you_can_do() -> str:
    """Said where there is no step to repeat."""
    return _("Send /start to check the programmes, /my to see your applications, /help for help.")


def menu() -> list[BotCommand]:
    """The command menu in the current language."""
    return [BotCommand(command=c.name, description=str(c.description)) for c in COMMANDS]


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
