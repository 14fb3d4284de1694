"""Results: the programmes on one screen, each one's details edited in place, Apply on both."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.rules import evaluate, needed_fields
from bot.rules.model import Evaluation, Profile, Status, Verdict
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus
from bot.words import labels
from bot.words.names import short_name
from bot.words.results import Hint, details_text, in_order, results_text
from bot.words.verdicts import can_apply
from handlers.citizen.account import Menu
from handlers.citizen.asking import load_profile
from handlers.citizen.one_answer import hints_for
from handlers.citizen.question_kinds import ChangeAnswer, ShowResults, step_name
from handlers.citizen.questions import SUMMARY, Ask, next_step
from handlers.citizen.states import Applying, Flow
from handlers.citizen.talk import SCREEN, Clock, show
from handlers.citizen.whereabouts import stale_button


class ApplyFor(CallbackData, prefix="apply"):
    programme: str


class Details(CallbackData, prefix="det"):
    """A programme's details, in place of the list."""

    programme: str


class BackToList(CallbackData, prefix="lst"):
    pass


# Where the results' buttons work: on the results, the answers, and inside an application (the
# list is still on the screen), or with no step at all (after /cancel).
RESULTS_STATES = StateFilter(Flow.results, Ask.summary, None, Applying.phone, Applying.confirm)


_APPLYING = {str(step.state) for step in Applying.__states__}


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


def _applied_note(application: Application) -> str:
    return _("application {number}, {status}").format(
        number=application.number, status=labels.label(labels.APP_STATUS, application.status)
    )


def _complete(profile: Profile, clock: Clock) -> bool:
    """Answers complete enough for results; a half-changed profile gives no verdict."""
    return next_step(profile, needed_fields(profile, clock())) is SUMMARY


def results_keyboard(
    evaluation: Evaluation, applied: dict[str, Application]
) -> InlineKeyboardMarkup:
    """A button per programme (its details), Apply beside those one may apply for here, the
    ones that do not fit two to a row, then "change my answers" and "my applications"."""
    builder = InlineKeyboardBuilder()
    rows: list[int] = []
    closed: list[Verdict] = []
    for verdict in in_order(evaluation.verdicts):
        if verdict.status is Status.INELIGIBLE:
            closed.append(verdict)
            continue
        mark = labels.VERDICT_MARK[verdict.status]
        builder.button(
            text=f"{mark} {short_name(verdict.programme)}",
            callback_data=Details(programme=verdict.programme),
        )
        if can_apply(verdict) and verdict.programme not in applied:
            builder.button(text=_("📝 Apply"), callback_data=ApplyFor(programme=verdict.programme))
            rows.append(2)
        else:
            rows.append(1)
    for verdict in closed:
        builder.button(
            text=f"❌ {short_name(verdict.programme)}",
            callback_data=Details(programme=verdict.programme),
        )
    rows += [2] * (len(closed) // 2) + [1] * (len(closed) % 2)
    builder.button(
        text=_("✏️ Change my answers"), callback_data=ChangeAnswer(step=step_name(SUMMARY))
    )
    builder.button(text=_("📋 My applications"), callback_data=Menu(action="my"))
    builder.adjust(*rows, 2)
    return builder.as_markup()


def _details_keyboard(verdict: Verdict, applied: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if can_apply(verdict) and not applied:
        builder.button(text=_("📝 Apply"), callback_data=ApplyFor(programme=verdict.programme))
    builder.button(text=_("⬅️ Back to the list"), callback_data=BackToList())
    builder.adjust(1)
    return builder.as_markup()


async def _results(
    profile: Profile, db: Database, user_id: int, clock: Clock
) -> tuple[Evaluation, dict[str, Application], tuple[Hint, ...]]:
    today = clock()
    evaluation = evaluate(profile, today)
    applied = await standing_applications(db, user_id)
    return evaluation, applied, hints_for(profile, today)


async def show_results(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
    *,
    here: bool = False,
) -> None:
    """The list, in place of the screen (or of the pressed message, `here`), else new."""
    profile = await load_profile(state)
    if not _complete(profile, clock):
        if isinstance(event, CallbackQuery):
            await stale_button(event, bot, state)
        return
    evaluation, applied, hints = await _results(profile, db, event.from_user.id, clock)  # type: ignore[union-attr]
    notes = {programme: _applied_note(a) for programme, a in applied.items()}
    if str(await state.get_state()) not in _APPLYING:  # the application goes on
        await state.set_state(Flow.results)
    text = results_text(evaluation, notes, hints)
    message_id = await show(
        event, bot, state, text, results_keyboard(evaluation, applied), here=here
    )
    await state.update_data({SCREEN: message_id})


async def results_pressed(
    callback: CallbackQuery, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    """ "Show my programmes" under the answers: the list in place of them."""
    await show_results(callback, bot, state, db, clock, here=True)


async def back_to_list(
    callback: CallbackQuery, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    await show_results(callback, bot, state, db, clock, here=True)


async def details(
    callback: CallbackQuery,
    callback_data: Details,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    profile = await load_profile(state)
    if not _complete(profile, clock):
        await stale_button(callback, bot, state)
        return
    evaluation, applied, hints = await _results(profile, db, callback.from_user.id, clock)
    verdict = verdict_of(evaluation, callback_data.programme)
    if verdict is None:
        await stale_button(callback, bot, state)
        return
    existing = applied.get(verdict.programme)
    hint = next((h for h in hints if h.helps(verdict.programme)), None)
    text = details_text(
        verdict,
        applied=already_applied(existing) if existing is not None else None,
        hint=hint if verdict.status is not Status.ELIGIBLE else None,
    )
    markup = _details_keyboard(verdict, existing is not None)
    message_id = await show(callback, bot, state, text, markup, here=True)
    await state.update_data({SCREEN: message_id})


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        results_pressed, ShowResults.filter(), StateFilter(Ask.summary, Flow.results)
    )
    router.callback_query.register(details, Details.filter(), RESULTS_STATES)
    router.callback_query.register(back_to_list, BackToList.filter(), RESULTS_STATES)
    return router
