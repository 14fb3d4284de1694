"""The citizen's commands, listed once: the command menu (handlers/menus.py), /help and the
unknown-command fallback read this table, and a test holds /help's text to it."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import BotCommand
from babel.support import LazyProxy

from bot.i18n import _, __


@dataclass(frozen=True, slots=True)
class CitizenCommand:
    name: str  # without the slash
    description: LazyProxy  # in the menu beside the text field


COMMANDS: tuple[CitizenCommand, ...] = (
    CitizenCommand("start", __("Check the programmes")),
    CitizenCommand("my", __("My applications")),
    CitizenCommand("language", __("Change the language")),
    CitizenCommand("privacy", __("What we keep about you")),
    CitizenCommand("forget", __("Delete my data")),
    CitizenCommand("help", __("Help")),
    CitizenCommand("cancel", __("Stop the current step")),
)
NAMES: tuple[str, ...] = tuple(command.name for command in COMMANDS)


def what_you_can_do() -> str:
    """Said where there is no step to repeat."""
    return _("Send /start to check the programmes, /my to see your applications, /help for help.")


def menu() -> list[BotCommand]:
    """The command menu in the current language."""
    return [BotCommand(command=c.name, description=str(c.description)) for c in COMMANDS]
