"""Results: one card per programme, with «📝 Apply» where the citizen may apply."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.rules import evaluate, needed_fields
from bot.rules.model import Evaluation, Status, Verdict
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus
from bot.words import labels
from bot.words.verdicts import any_other_open, can_apply, card
from handlers.citizen.account import Menu
from handlers.citizen.asking import load_profile
from handlers.citizen.question_kinds import ChangeAnswer, ShowResults, step_name
from handlers.citizen.questions import SUMMARY, Ask, next_step
from handlers.citizen.states import Flow
from handlers.citizen.talk import Clock, say
from handlers.citizen.whereabouts import stale_button


class ApplyFor(CallbackData, prefix="apply"):
    programme: str


_ORDER = {Status.ELIGIBLE: 0, Status.UNKNOWN: 1, Status.INELIGIBLE: 2}


def verdict_of(evaluation: Evaluation, programme: str) -> Verdict | None:
    return next((v for v in evaluation.verdicts if v.programme == programme), None)


def _holds_its_place(application: Application) -> bool:
    """In the centre's hands, or approved: another application for that programme would only
    repeat it. (After a rejection or a withdrawal the citizen may apply again.)"""
    return application.is_active or application.status is AppStatus.APPROVED


def standing(applications: list[Application]) -> dict[str, Application]:
    """Of the citizen's applications (newest first), those that hold their place, by
    programme."""
    return {a.programme: a for a in reversed(applications) if _holds_its_place(a)}


async def standing_applications(db: Database, user_id: int) -> dict[str, Application]:
    return standing(await db.applications.list_for_user(user_id))


async def standing_application(db: Database, user_id: int, programme: str) -> Application | None:
    return (await standing_applications(db, user_id)).get(programme)


def already_applied(application: Application) -> str:
    return _("You have already applied: application {number}, status: {status}.").format(
        number=application.number, status=labels.label(labels.APP_STATUS, application.status)
    )


async def show_results(
    callback: CallbackQuery, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    profile = await load_profile(state)
    if next_step(profile, needed_fields(profile, clock())) is not SUMMARY:
        await stale_button(callback, bot, state)
        return
    evaluation = evaluate(profile, clock())
    applied = await standing_applications(db, callback.from_user.id)
    await state.set_state(Flow.results)
    await say(callback, bot, _("Here are the state employment programmes and how they fit you:"))
    for verdict in sorted(evaluation.verdicts, key=lambda v: _ORDER[v.status]):
        others_open = any_other_open(evaluation.verdicts, verdict)
        existing = applied.get(verdict.programme)
        if existing is not None:
            # No Apply button: it would only lead to "you have already applied".
            text = card(verdict, others_open=others_open, applied=already_applied(existing))
            await say(callback, bot, text)
            continue
        apply = _apply_keyboard(verdict.programme) if can_apply(verdict) else None
        await say(callback, bot, card(verdict, others_open=others_open), apply)
    await say(
        callback,
        bot,
        _(
            "This is a preliminary check. The final decision is made by the career centre "
            "(«Мансап» орталығы) when you apply."
        ),
        _results_footer(),
    )


def _apply_keyboard(programme: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📝 Apply"), callback_data=ApplyFor(programme=programme))
    return builder.as_markup()


def _results_footer() -> InlineKeyboardMarkup:
    footer = InlineKeyboardBuilder()
    footer.button(
        text=_("✏️ Change my answers"), callback_data=ChangeAnswer(step=step_name(SUMMARY))
    )
    footer.button(text=_("📋 My applications"), callback_data=Menu(action="my"))
    footer.adjust(1)
    return footer.as_markup()


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        show_results, ShowResults.filter(), StateFilter(Ask.summary, Flow.results)
    )
    return router
