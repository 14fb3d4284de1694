"""Reports for staff: /stats (statistics, plan and actual) and /export (an XLSX file)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from aiogram import Bot, Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.reports import statistics as report
from bot.reports.export import record_export, table, to_xlsx
from bot.storage.database import Database
from bot.storage.exports import applications_between
from bot.words import records as words
from handlers.staff import commands
from handlers.staff.members import StaffMember
from handlers.staff.replies import chat_id_of, send, send_long


class ExportPeriod(StrEnum):
    THIS_MONTH = "m"
    LAST_MONTH = "lm"
    THIS_YEAR = "y"
    EVERYTHING = "all"


class ExportPick(CallbackData, prefix="ex"):
    period: ExportPeriod


def today(db: Database) -> date:
    return words.local_date(db.connector.now())


# -- statistics ------------------------------------------------------------------------------


async def stats(message: Message, bot: Bot, db: Database) -> None:
    await send_long(message, bot, report.render(await report.gather(db, today(db))))


# -- export ------------------------------------------------------------------------------------


def period_dates(period: ExportPeriod, on: date) -> tuple[date | None, date | None]:
    first = on.replace(day=1)
    if period is ExportPeriod.THIS_MONTH:
        return first, on
    if period is ExportPeriod.LAST_MONTH:
        last = first - timedelta(days=1)
        return last.replace(day=1), last
    if period is ExportPeriod.THIS_YEAR:
        return on.replace(month=1, day=1), on
    return None, None


async def export(message: Message, bot: Bot) -> None:
    builder = InlineKeyboardBuilder()
    for period, label in (
        (ExportPeriod.THIS_MONTH, _("This month")),
        (ExportPeriod.LAST_MONTH, _("Last month")),
        (ExportPeriod.THIS_YEAR, _("This year")),
        (ExportPeriod.EVERYTHING, _("Everything")),
    ):
        builder.button(text=label, callback_data=ExportPick(period=period))
    builder.adjust(2)
    await send(message, bot, _("Which applications to export?"), builder.as_markup())


async def export_pick(
    callback: CallbackQuery,
    callback_data: ExportPick,
    bot: Bot,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    on = today(db)
    period_from, period_to = period_dates(callback_data.period, on)
    rows = await applications_between(db.connector, period_from, period_to)
    titles, body = table(rows, member.scope)
    content = to_xlsx(titles, body, _("Applications"))
    name = "applications-{start}-{end}.xlsx".format(
        start=(period_from or "all"), end=(period_to or on)
    )
    caption = _("{count} applications. Phones and IINs are filled in for your regions only.")
    if member.scope is None:
        caption = _("{count} applications.")
    try:
        # Always privately: a file with people's phones is not for a group chat.
        await bot.send_document(
            chat_id=callback.from_user.id,
            document=BufferedInputFile(content, filename=name),
            caption=caption.format(count=len(body)),
        )
    except TelegramForbiddenError:  # never opened a private chat with the bot
        callback_answer.text = _(
            "I can send the file only in a private chat. Open a chat with me, press Start, "
            "and ask again."
        )
        callback_answer.show_alert = True
        return
    # Sent: the people in it have left the database, and the audit trail says so.
    await record_export(
        db, member.actor, "xlsx", period_from, period_to, None, len(body), member.scope
    )
    if chat_id_of(callback) != callback.from_user.id:
        callback_answer.text = _("The file is in your private chat with me.")


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(stats, commands.STATS.filter())
    router.message.register(export, commands.EXPORT.filter())
    router.callback_query.register(export_pick, ExportPick.filter())
    return router
