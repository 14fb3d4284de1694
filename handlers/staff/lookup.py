"""Finding an application for a staff member: it must exist and be in a region they serve;
saying why a move was refused in words a reviewer can act on; the language its citizen reads."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import _
from bot.outbox.card import is_app_id
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus, ErrorCode, TransitionError
from bot.words import records as words
from bot.words.names import region_name
from handlers.staff.members import StaffMember, refuse
from handlers.staff.replies import send


def not_your_region_text(application: Application) -> str:
    return _("Application {number} is from {region}, which you do not serve.").format(
        number=application.number, region=region_name(application.region)
    )


def ttl(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.claim_ttl_minutes)


async def reviewer_names(db: Database, app_id: int, reviewer_id: int | None) -> dict[int, str]:
    """The reviewer's name as they took the application (kept with its events)."""
    if reviewer_id is None:
        return {}
    return await db.applications.actor_names([reviewer_id], app_id)


async def find_application(
    event: Message | CallbackQuery,
    bot: Bot,
    db: Database,
    member: StaffMember,
    app_id: int,
    action: str,
    callback_answer: CallbackAnswer | None = None,
) -> Application | None:
    """The application if it exists and is in the member's regions; else they are told why."""
    application = await db.applications.get(app_id) if is_app_id(app_id) else None
    if application is None:
        text = _("There is no application with this number.")
        if callback_answer is not None:
            callback_answer.text = text
        else:
            await send(event, bot, text)
        return None
    if not member.serves(application.region):
        await refuse(
            event,
            bot,
            db,
            action,
            not_your_region_text(application),
            application_id=app_id,
            callback_answer=callback_answer,
        )
        return None
    return application


async def explain(
    db: Database, application: Application, error: TransitionError, member: StaffMember
) -> str:
    """Why a move was refused, in words a reviewer can act on."""
    if error.code is ErrorCode.TAKEN:
        names = await reviewer_names(db, application.id, error.holder_id)
        return _("{number} is already being reviewed by {reviewer}.").format(
            number=application.number, reviewer=words.person(error.holder_id, names)
        )
    current = await db.applications.get(application.id) or application
    if current.status is AppStatus.QUEUED:
        return _(
            "{number} is in the queue now (the review time may have run out). "
            "Take it again to decide."
        ).format(number=current.number)
    return _("{number} cannot be changed any more: it is {status}.").format(
        number=current.number, status=words.status(current.status)
    )


def holds(application: Application, member: StaffMember) -> bool:
    return application.status is AppStatus.IN_REVIEW and application.reviewer_id == member.user_id


async def not_held(
    db: Database, application: Application, member: StaffMember, answer: CallbackAnswer
) -> bool:
    """True (and the reviewer told why) unless the member holds the application."""
    if holds(application, member):
        return False
    if application.status is AppStatus.IN_REVIEW:
        error = TransitionError(
            ErrorCode.TAKEN, application_id=application.id, holder_id=application.reviewer_id
        )
        answer.text = await explain(db, application, error, member)
    elif application.status is AppStatus.QUEUED:
        answer.text = _("Take {number} first.").format(number=application.number)
    else:
        answer.text = _("{number} cannot be changed any more: it is {status}.").format(
            number=application.number, status=words.status(application.status)
        )
    answer.show_alert = True
    return True
