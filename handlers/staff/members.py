"""Who is on the staff and may do what, decided on the server from our own tables and settings
(never from anything inside a button); and saying no to the rest, with the attempt recorded."""

from __future__ import annotations

import logging
from collections.abc import Collection

from aiogram import Bot
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.storage.database import Database
from bot.storage.staff import Staff, StaffMember, member_from

# StaffMember and member_from live with the staff table, where the web desk reaches them too.
__all__ = [
    "StaffMember",
    "event_chat",
    "find_member",
    "member_from",
    "refuse",
    "refuse_unless_admin",
]

log = logging.getLogger(__name__)


async def find_member(staff: Staff, user_id: int, admins: Collection[int]) -> StaffMember | None:
    return member_from(await staff.get(user_id), user_id, admins)


def event_chat(event: TelegramObject) -> Chat | None:
    if isinstance(event, Message):
        return event.chat
    if isinstance(event, CallbackQuery) and event.message is not None:
        return event.message.chat
    return None


async def refuse(
    event: Message | CallbackQuery,
    bot: Bot,
    db: Database,
    action: str,
    text: str,
    *,
    application_id: int | None = None,
    callback_answer: CallbackAnswer | None = None,
) -> None:
    """Say no and record who tried what (never anything they typed)."""
    assert event.from_user is not None
    await db.staff.record_refusal(event.from_user.id, action, application_id)
    log.info("refused staff action %s", action)
    if isinstance(event, CallbackQuery) and callback_answer is not None:
        callback_answer.text = text
        callback_answer.show_alert = True
        return
    chat = event_chat(event)
    await bot.send_message(chat_id=chat.id if chat else event.from_user.id, text=text)


async def refuse_unless_admin(
    event: Message | CallbackQuery,
    bot: Bot,
    db: Database,
    member: StaffMember,
    action: str,
    text: str,
    callback_answer: CallbackAnswer | None = None,
) -> bool:
    """True, and the member refused as `refuse` does, unless they are an admin."""
    if member.is_admin:
        return False
    await refuse(event, bot, db, action, text, callback_answer=callback_answer)
    return True
