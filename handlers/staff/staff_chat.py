"""The staff chat, for what no staff handler took: /chatid for an admin, a reply to a closed
prompt, and colleagues talking to each other (the bot stays quiet)."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Filter
from aiogram.types import Message

from bot.i18n import _
from bot.settings import Settings
from handlers.fallback import tell_chat_id
from handlers.staff import commands
from handlers.staff.prompts import RepliesToClosedPrompt
from handlers.staff.replies import send
from handlers.staff.steps import IN_STEP


class InStaffChat(Filter):
    async def __call__(self, message: Message, settings: Settings | None = None) -> bool:
        return settings is not None and message.chat.id == settings.staff_chat


async def staff_chat_id(message: Message, bot: Bot, settings: Settings) -> None:
    """An admin checking JUMYS_STAFF_CHAT; anyone else here is colleagues' talk."""
    if message.from_user is not None and message.from_user.id in settings.admins:
        await tell_chat_id(message, bot)


async def reply_to_closed_prompt(message: Message, bot: Bot) -> None:
    """Silence here would let the member think their reason or answer went out."""
    await send(
        message,
        bot,
        _(
            "That question is closed, so this was not sent anywhere. To go on, press the "
            "button on the application again."
        ),
    )


# Talk among colleagues is not moving on: a reviewer's reply prompt stays open meanwhile.
async def colleagues_talking(message: Message, **_: Any) -> None:
    """Colleagues talk to each other in the staff chat: the bot stays quiet there."""


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(staff_chat_id, InStaffChat(), commands.CHAT_ID.filter(), flags=IN_STEP)
    router.message.register(
        reply_to_closed_prompt, InStaffChat(), RepliesToClosedPrompt(), flags=IN_STEP
    )
    router.message.register(colleagues_talking, InStaffChat(), flags=IN_STEP)
    return router
