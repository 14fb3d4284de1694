"""Staff Telegram without personal data (JUMYS_STAFF_TELEGRAM=notify, the default): what would
show a citizen's data here (the queue's cards, an application, a note, an export, any review
button of an older card) is answered with the way to the staff desk instead.

Its router comes first in the staff area and, in that mode, takes all of these: the review
rooms behind it are reached only when a centre chose `review`."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import CommandObject, Filter
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import _
from bot.outbox.card import Review
from bot.outbox.relay import staff_telegram
from bot.settings import Settings
from bot.storage.database import Database
from bot.words.desk import in_the_desk_now
from handlers.staff import commands
from handlers.staff.lookup import find_application
from handlers.staff.members import StaffMember
from handlers.staff.replies import send
from handlers.staff.reports import ExportPick


class InTheDesk(Filter):
    """Passes while the review is the desk's (staff Telegram in `notify` mode)."""

    async def __call__(self, event: TelegramObject, settings: Settings) -> bool:
        return not staff_telegram(settings).review


async def queue(
    message: Message, bot: Bot, db: Database, member: StaffMember, settings: Settings
) -> None:
    # How many wait is no one's personal data, and tells whether to open the desk at all.
    count = _("Waiting in your regions: {count}.").format(
        count=await db.applications.count_queue(member.scope)
    )
    await send(message, bot, f"{count}\n{in_the_desk_now(staff_telegram(settings))}")


async def one_application(
    message: Message,
    command: CommandObject,
    bot: Bot,
    db: Database,
    member: StaffMember,
    settings: Settings,
) -> None:
    """/app N: the link to its page, once it is known to be in the member's regions (the
    desk checks again: a link is no permission)."""
    number = (command.args or "").strip()
    application = await db.applications.get_by_number(number) if number else None
    if application is not None:
        found = await find_application(message, bot, db, member, application.id, "command:app")
        if found is None:
            return
    app_id = None if application is None else application.id
    await send(message, bot, in_the_desk_now(staff_telegram(settings), app_id))


async def elsewhere(message: Message, bot: Bot, settings: Settings) -> None:
    """/note and /export: notes and tables of people are written and read in the desk."""
    await send(message, bot, in_the_desk_now(staff_telegram(settings)))


async def review_pressed(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    db: Database,
    member: StaffMember,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    """A button of a card sent before the centre moved its review to the desk."""
    action = f"button:rv:{callback_data.action}"
    found = await find_application(
        callback, bot, db, member, callback_data.app_id, action, callback_answer
    )
    if found is None:
        return
    callback_answer.text = _("Reviews are in the staff desk now.")
    await send(callback, bot, in_the_desk_now(staff_telegram(settings), found.id))


async def export_pressed(
    callback: CallbackQuery, bot: Bot, settings: Settings, callback_answer: CallbackAnswer
) -> None:
    callback_answer.text = _("Exports are made in the staff desk now.")
    await send(callback, bot, in_the_desk_now(staff_telegram(settings)))


def router() -> Router:
    router = Router(name=__name__)
    router.message.filter(InTheDesk())
    router.callback_query.filter(InTheDesk())
    router.message.register(queue, commands.QUEUE.filter())
    router.message.register(one_application, commands.APP.filter())
    router.message.register(elsewhere, commands.NOTE.filter())
    router.message.register(elsewhere, commands.EXPORT.filter())
    router.callback_query.register(review_pressed, Review.filter())
    router.callback_query.register(export_pressed, ExportPick.filter())
    return router
