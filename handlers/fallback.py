"""Outside the rooms: group chats where no staff handler answered (and /chatid for admins
setting up the staff chat), and errors, each answered with a short message."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import _
from bot.settings import Settings

log = logging.getLogger(__name__)


async def chat_id_for_admins(message: Message, bot: Bot, settings: Settings) -> None:
    """Set-up: an admin finds the staff group's id (for JUMYS_STAFF_CHAT) by asking in it."""
    if message.from_user is None or message.from_user.id not in settings.admins:
        await group_chat(message, bot)
        return
    await tell_chat_id(message, bot)


async def tell_chat_id(message: Message, bot: Bot) -> None:
    await bot.send_message(
        chat_id=message.chat.id,
        text=_("This chat's id is {chat_id}: put it in JUMYS_STAFF_CHAT on the server.").format(
            chat_id=message.chat.id
        ),
    )


async def group_chat(message: Message, bot: Bot) -> None:
    await bot.send_message(
        chat_id=message.chat.id,
        text=_("I work only in a private chat. Please write to me directly."),
    )


async def group_button(callback: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    callback_answer.text = _("I work only in a private chat. Please write to me directly.")


async def something_went_wrong(event: ErrorEvent, bot: Bot) -> bool:
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    user = None
    if event.update.message is not None:
        user = event.update.message.from_user
    elif event.update.callback_query is not None:
        user = event.update.callback_query.from_user
    if user is not None:
        try:
            await bot.send_message(
                chat_id=user.id,
                text=_(
                    "Sorry, something went wrong on our side. Your answers are kept. "
                    "Please try again in a minute, or send /start."
                ),
            )
        except Exception:  # the network itself may be what failed
            log.warning("could not tell user about the error", exc_info=True)
    return True


def groups_router() -> Router:
    router = Router(name=f"{__name__}.groups")
    router.message.register(
        chat_id_for_admins, F.chat.type != ChatType.PRIVATE, Command("chatid", ignore_case=True)
    )
    router.message.register(group_chat, F.chat.type != ChatType.PRIVATE)
    router.callback_query.register(group_button, F.message.chat.type != ChatType.PRIVATE)
    return router


def errors_router() -> Router:
    router = Router(name=f"{__name__}.errors")
    router.errors.register(something_went_wrong, ExceptionTypeFilter(Exception))
    return router
