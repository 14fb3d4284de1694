"""The staff commands in one table, read by their handlers' filters, Telegram's command menu,
/help and the refusal of everyone else: a command added here is in all of them, or a test fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aiogram.filters import Command
from aiogram.types import BotCommand
from babel.support import LazyProxy

from bot.i18n import __


class Reach(StrEnum):
    """Who may send the command, and what happens to everyone else."""

    STAFF = "staff"  # staff only: anyone else is refused, and the attempt recorded
    SHARED = "shared"  # citizens have their own (/help, /cancel): staff get the staff one
    STAFF_CHAT = "staff_chat"  # read in the staff chat only, outside the staff area


@dataclass(frozen=True, slots=True)
class StaffCommand:
    name: str
    reach: Reach = Reach.STAFF
    admin: bool = False  # offered (menu, /help) to admins only; a handler refuses the rest
    menu: LazyProxy | None = None  # its description in Telegram's command menu
    help: LazyProxy | None = None  # its line in /help, starting with the command

    def filter(self) -> Command:
        return Command(self.name, ignore_case=True)


QUEUE = StaffCommand(
    "queue",
    menu=__("Applications waiting in my regions"),
    help=__("/queue — applications waiting in your regions, oldest first"),
)
APP = StaffCommand(
    "app",
    menu=__("One application: /app 123"),
    help=__("/app 123 — one application with its full history"),
)
NOTE = StaffCommand(
    "note", help=__("/note 123 text — an internal note (the citizen never sees it)")
)
STATS = StaffCommand(
    "stats",
    menu=__("Statistics, plan and actual"),
    help=__("/stats — statistics, plan and actual"),
)
EXPORT = StaffCommand(
    "export",
    menu=__("Applications as an Excel table"),
    help=__("/export — a table of applications (Excel)"),
)
STAFF = StaffCommand(
    "staff",
    admin=True,
    menu=__("Reviewers and their regions"),
    help=__("/staff — reviewers and their regions"),
)
PLAN = StaffCommand(
    "plan",
    admin=True,
    menu=__("The year's plan"),
    help=__("/plan — set the year's plan by programme and region"),
)
HELP = StaffCommand("help", Reach.SHARED, menu=__("Help"))
CANCEL = StaffCommand("cancel", Reach.SHARED)
CHAT_ID = StaffCommand("chatid", Reach.STAFF_CHAT)

# In the order the menu and /help show them.
TABLE: tuple[StaffCommand, ...] = (
    QUEUE,
    APP,
    NOTE,
    STATS,
    EXPORT,
    STAFF,
    PLAN,
    HELP,
    CANCEL,
    CHAT_ID,
)


def names(reach: Reach) -> tuple[str, ...]:
    return tuple(command.name for command in TABLE if command.reach is reach)


def offered(admin: bool) -> list[StaffCommand]:
    return [command for command in TABLE if admin or not command.admin]


def menu(admin: bool) -> list[BotCommand]:
    """Telegram's command menu for a staff member, in the current language."""
    return [
        BotCommand(command=command.name, description=str(command.menu))
        for command in offered(admin)
        if command.menu is not None
    ]


def help_lines(admin: bool) -> list[str]:
    """The /help line of each command the member may use, in the current language."""
    return [str(command.help) for command in offered(admin) if command.help is not None]
