"""The bot's feature rooms as aiogram routers, composed here in one function; and the command
menus they offer. These two are all the runtime (bot/telegram/) knows of the features.

Each module has a factory (`def router() -> Router`), so a dispatcher can be built as often as
needed (tests, the console, `jumys run`) without taking routers from another one.
"""

from __future__ import annotations

from aiogram import Bot, Router

from bot.settings import Settings
from bot.storage.database import Database
from handlers import citizen, fallback, staff
from handlers.citizen.commands import register_commands
from handlers.staff.access import StaffOnly
from handlers.staff.menu import register_staff_commands
from handlers.staff.steps import LeaveStepWhenMovingOn


def staff_area() -> Router:
    """Staff members only (`StaffOnly`), wherever they write."""
    area = Router(name="staff")
    area.message.filter(StaffOnly())
    area.callback_query.filter(StaffOnly())
    area.include_routers(*staff.routers())
    return area


def router() -> Router:
    """Every update's way through the rooms. Staff first: a staff command, button or typing
    step is theirs even mid-questionnaire; then everyone else who tries one is refused."""
    root = Router(name="jumys")
    # Any handler, staff or citizen, that is not part of a staff typing step closes it first.
    root.message.middleware(LeaveStepWhenMovingOn())
    root.callback_query.middleware(LeaveStepWhenMovingOn())
    root.include_routers(
        staff_area(),
        staff.access.router(),
        citizen.router(),
        staff.staff_chat_router(),
        fallback.groups_router(),
        fallback.errors_router(),
    )
    return root


async def set_menus(
    bot: Bot, db: Database, settings: Settings, languages: set[str], staff_chats: set[int]
) -> float | None:
    """Every command menu: the citizens' in each language, the staff's in their chats. None
    when all are set (or refused for good); else seconds to wait at least before trying again
    what failed (the menus already set are in `languages` and `staff_chats`)."""
    citizens = await register_commands(bot, languages)
    members = await register_staff_commands(bot, db, settings, staff_chats)
    waits = [wait for wait in (citizens, members) if wait is not None]
    return max(waits) if waits else None
