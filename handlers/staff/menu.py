"""What staff are shown of their commands, both read from the command table: /help, and the
menu Telegram shows beside the text field (set at start and whenever an admin changes the staff,
in each member's private chat and the staff chat, in their language)."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import ClientDecodeError, TelegramAPIError
from aiogram.types import BotCommandScopeChat, Message

from bot.api_errors import later, may_pass
from bot.i18n import DEFAULT_LANGUAGE, _, use_locale
from bot.settings import Settings
from bot.storage.database import Database
from handlers.staff import commands
from handlers.staff.members import StaffMember
from handlers.staff.replies import send

log = logging.getLogger(__name__)


async def staff_help(message: Message, bot: Bot, member: StaffMember) -> None:
    lines = [_("For career-centre staff:"), *commands.help_lines(member.is_admin)]
    lines += ["", _("/start — check programmes as a citizen would")]
    await send(message, bot, "\n".join(lines))


async def register_staff_commands(
    bot: Bot, db: Database, settings: Settings, settled: set[int] | None = None
) -> float | None:
    """Staff see their commands in Telegram's menu: in their private chat and the staff chat.
    A chat Telegram does not know yet (never opened) is skipped; /help still lists them.
    None when done, else the seconds to wait at least before trying again; chats in `settled`
    are skipped and the ones done now added (see `handlers.citizen.commands.register_commands`)."""
    again: float | None = None
    settled = set() if settled is None else settled
    languages = {member.user_id: member.language for member in await db.staff.members()}
    targets = {user_id: languages.get(user_id) for user_id in {*languages, *settings.admins}}
    chats = [
        (user_id, language, user_id in settings.admins) for user_id, language in targets.items()
    ]
    if settings.staff_chat is not None:
        chats.append((settings.staff_chat, settings.staff_chat_language, False))
    for chat_id, language, admin in chats:
        if chat_id in settled:
            continue
        with use_locale(language or DEFAULT_LANGUAGE):
            menu = commands.menu(admin)
        try:
            await bot.set_my_commands(menu, scope=BotCommandScopeChat(chat_id=chat_id))
        except (TelegramAPIError, ClientDecodeError, OSError, ValueError) as error:
            log.info("no staff command menu for one chat: %s", type(error).__name__)
            if may_pass(error):
                again = later(again, error)
                continue
        settled.add(chat_id)
    return again


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(staff_help, commands.HELP.filter())
    return router
