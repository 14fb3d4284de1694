"""/privacy: what we keep about this citizen, in plain words and in one message; /forget.

The consent text (handlers/citizen/consent.py) promises "/privacy shows what we keep": the
answers as the summary shows them (the IIN masked), the applications with their phone and
comment, when consent was given, how long it is all kept (bot.storage.retention) and that
/forget deletes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _, ngettext
from bot.rules.model import Profile
from bot.rules.profile_json import salvage_profile
from bot.storage.database import Database
from bot.storage.models import Application, User
from bot.storage.retention import RETENTION
from bot.words import labels
from bot.words.answers import answer_lines
from bot.words.formatting import KAZAKHSTAN_TIME, day
from bot.words.names import programme_name
from bot.words.phones import pretty_phone
from handlers.citizen import commands
from handlers.citizen.talk import say
from handlers.citizen.whereabouts import where_we_are

# Telegram's limit for one message, counted in UTF-16 code units (an emoji takes two).
MESSAGE_LIMIT = 4096
_SHOWN_IIN_DIGITS = 4


class ForgetChoice(CallbackData, prefix="forget"):
    confirm: bool


def masked_iin(iin: str) -> str:
    """ "700510300015" → "•••••••• 0015": enough to recognise it, not enough to use it."""
    return "•" * (len(iin) - _SHOWN_IIN_DIGITS) + " " + iin[-_SHOWN_IIN_DIGITS:]


def telegram_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def what_we_keep(account: User | None, applications: Sequence[Application]) -> str:
    """The whole /privacy message; applications that do not fit are counted, not shown."""
    # The readable part: answers an older version stored with an error are not shown as kept
    # (the next message in the questionnaire repairs them, handlers.citizen.repair).
    profile = salvage_profile(account.profile)[0] if account is not None else Profile()
    consented = account is not None and account.consent_at is not None
    if not consented and profile == Profile() and not applications:
        return _("We keep nothing about you except the language you chose. Send /start to begin.")
    head = "\n".join([_("Here is what we keep about you."), "", *_answers(profile)])
    tail = "\n\n".join(
        [
            *_consent(account),
            _(
                "We use it only to check programmes and to pass your applications to the "
                "career centre («Мансап» орталығы)."
            ),
            _how_long(applications),
            _("/forget deletes everything we keep about you."),
        ]
    )
    return "\n\n".join([head, *_applications(applications, head, tail), tail])


def _answers(profile: Profile) -> list[str]:
    lines = answer_lines(profile)
    if profile.iin is not None:
        lines.insert(0, _("IIN: {iin}").format(iin=masked_iin(profile.iin)))
    if not lines:
        return [_("Your answers: none yet.")]
    return [_("Your answers:"), *lines]


def _consent(account: User | None) -> list[str]:
    if account is None or account.consent_at is None:
        return []
    agreed = day(account.consent_at.astimezone(KAZAKHSTAN_TIME).date())
    return [_("You agreed to this on {date}.").format(date=agreed)]


def _how_long(applications: Sequence[Application]) -> str:
    if not applications:
        return _(
            "We keep your answers for one year after you last wrote to the bot, "
            "unless you delete them sooner."
        )
    if any(application.is_active for application in applications):
        return _(
            "We keep it while your applications are handled and for one year after the last "
            "decision on them, unless you delete it sooner."
        )
    # A decided application never moves again: its last change is its decision.
    last = max(application.updated_at for application in applications)
    until = day((last + RETENTION).astimezone(KAZAKHSTAN_TIME).date())
    return _(
        "We keep it until {date}: one year after the last decision on your applications, "
        "unless you delete it sooner."
    ).format(date=until)


def _application(application: Application) -> str:
    lines = [
        _("Application {number}").format(number=application.number),
        programme_name(application.programme),
        _("Status: {status}").format(status=labels.label(labels.APP_STATUS, application.status)),
    ]
    if application.name:
        lines.append(_("Name: {name}").format(name=application.name))
    if application.phone:
        lines.append(_("Phone: {phone}").format(phone=pretty_phone(application.phone)))
    if application.comment:
        lines.append(_("Comment: {comment}").format(comment=application.comment))
    return "\n".join(lines)


def _applications(applications: Sequence[Application], head: str, tail: str) -> list[str]:
    """The applications' part, newest first, as many as fit in one message with the rest."""
    if not applications:
        return []
    title = _(
        "Your applications (each keeps a copy of your answers as they were when you sent it):"
    )
    # Room for the title, the blocks, the "more" line and the blank lines between the parts.
    room = MESSAGE_LIMIT - telegram_length(head + title + tail) - 3 * len("\n\n")
    room -= telegram_length(_more(len(applications)))
    shown: list[str] = []
    for application in applications:
        block = _application(application)
        if telegram_length(block) + len("\n\n") > room:
            break
        shown.append(block)
        room -= telegram_length(block) + len("\n\n")
    left = len(applications) - len(shown)
    return [title, *shown, *([_more(left)] if left else [])]


def _more(count: int) -> str:
    return ngettext(
        "…and {count} more application: see /my.",
        "…and {count} more applications: see /my.",
        count,
    ).format(count=count)


async def privacy(message: Message, bot: Bot, db: Database) -> None:
    assert message.from_user is not None
    account = await db.users.get(message.from_user.id)
    applications = await db.applications.list_for_user(message.from_user.id)
    await say(message, bot, what_we_keep(account, applications))


async def forget_asked(message: Message, bot: Bot) -> None:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Yes, delete my data"), callback_data=ForgetChoice(confirm=True))
    builder.button(text=_("No, keep it"), callback_data=ForgetChoice(confirm=False))
    builder.adjust(1)
    await say(
        message,
        bot,
        _(
            "Delete everything we keep about you? Your answers will be erased; applications "
            "still waiting will be withdrawn. This cannot be undone."
        ),
        builder.as_markup(),
    )


async def forget_chosen(
    callback: CallbackQuery,
    callback_data: ForgetChoice,
    bot: Bot,
    state: FSMContext,
    db: Database,
) -> None:
    if not callback_data.confirm:
        await say(callback, bot, _("Nothing was deleted."))
        await where_we_are(callback, bot, state)  # the step or what to do next, with its way on
        return
    await db.users.forget(callback.from_user.id)
    await state.clear()
    await say(
        callback,
        bot,
        _("Done: we deleted your data. Send /start if you want to begin again."),
        ReplyKeyboardRemove(),  # the phone button of an application being typed
    )


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(privacy, commands.PRIVACY.filter())
    router.message.register(forget_asked, commands.FORGET.filter())
    router.callback_query.register(forget_chosen, ForgetChoice.filter())
    return router
