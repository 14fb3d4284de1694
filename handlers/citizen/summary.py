"""/summary: one message to keep, forward or show at the career centre: the answers, the
programmes that fit, the applications with their numbers and statuses, the centre's contacts."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.rules import evaluate, needed_fields
from bot.rules.model import Profile, Status
from bot.storage.database import Database
from bot.storage.models import Application
from bot.words import labels
from bot.words.answers import answer_lines
from bot.words.formatting import day
from bot.words.names import programme_name
from bot.words.next_steps import centre_contacts
from handlers.citizen import commands
from handlers.citizen.account import Menu
from handlers.citizen.asking import load_profile
from handlers.citizen.questions import SUMMARY, next_step
from handlers.citizen.talk import Clock, say


def after_applying_keyboard() -> InlineKeyboardMarkup:
    """Under the confirmation and in /my: the summary to keep, and the applications."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🧾 Summary to keep"), callback_data=Menu(action="summary"))
    builder.button(text=_("📋 My applications"), callback_data=Menu(action="my"))
    builder.adjust(1)
    return builder.as_markup()


def _programme_lines(profile: Profile, clock: Clock) -> list[str]:
    today = clock()
    if next_step(profile, needed_fields(profile, today)) is not SUMMARY:
        return [_("The questions are not finished yet: /start continues them.")]
    verdicts = evaluate(profile, today).verdicts
    fit = [programme_name(v.programme) for v in verdicts if v.status is Status.ELIGIBLE]
    check = [programme_name(v.programme) for v in verdicts if v.status is Status.UNKNOWN]
    if not fit and not check:
        return [_("On these answers no programme seems to fit.")]
    lines: list[str] = []
    if fit:
        lines += [_("Programmes that are likely to fit:"), *(f"✅ {name}" for name in fit)]
    if check:
        lines += [_("May fit, the career centre checks:"), *(f"❓ {name}" for name in check)]
    return lines


def _application_line(application: Application) -> str:
    return _("{number} — {programme}: {status} (sent {date})").format(
        number=application.number,
        programme=programme_name(application.programme),
        status=labels.label(labels.APP_STATUS, application.status),
        date=day(application.created_at),
    )


async def summary_text(user_id: int, profile: Profile, db: Database, clock: Clock) -> str | None:
    """The summary, or None when there is nothing to sum up (no answers, no applications)."""
    answers = answer_lines(profile)
    applications = await db.applications.list_for_user(user_id)
    if not answers and not applications:
        return None
    lines = ["📋 " + _("Summary for the career centre, {date}").format(date=day(clock()))]
    if answers:
        lines += ["", _("My answers:"), *(f"• {line}" for line in answers)]
        lines += ["", *_programme_lines(profile, clock)]
    lines.append("")
    if applications:
        lines += [_("My applications:"), *(f"• {_application_line(a)}" for a in applications)]
    else:
        lines.append(_("No applications yet."))
    region = profile.region or next((a.region for a in applications if a.region), None)
    lines += ["", centre_contacts(region)]
    return "\n".join(lines)


async def show_summary(
    event: Message | CallbackQuery, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    user_id = event.from_user.id  # type: ignore[union-attr]
    text = await summary_text(user_id, await load_profile(state), db, clock)
    if text is None:
        await say(
            event, bot, _("There is nothing to sum up yet: send /start to check the programmes.")
        )
        return
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📋 My applications"), callback_data=Menu(action="my"))
    await say(event, bot, text, builder.as_markup())


async def summary_command(
    message: Message, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    await show_summary(message, bot, state, db, clock)


async def summary_button(
    callback: CallbackQuery, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    await show_summary(callback, bot, state, db, clock)


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(summary_command, commands.SUMMARY.filter())
    router.callback_query.register(summary_button, Menu.filter(F.action == "summary"))
    return router
