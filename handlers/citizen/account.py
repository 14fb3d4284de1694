"""/my: the citizen's applications, withdrawing one, and answering the career centre's question."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus, TransitionError
from bot.words import labels
from bot.words.buttons import MyApplication
from bot.words.formatting import day
from bot.words.names import programme_name
from bot.words.reasons import readable
from handlers.citizen import commands
from handlers.citizen.onward import Menu as Menu  # re-exported: results and tests import it here
from handlers.citizen.onward import onward
from handlers.citizen.states import Account, Flow
from handlers.citizen.talk import cut_to_fit, say
from handlers.citizen.whereabouts import stale_button, where_we_are

ANSWER_LIMIT = 2000
_WITHDRAWABLE = (AppStatus.QUEUED, AppStatus.NEEDS_INFO)


async def staff_words(db: Database, application: Application, status: AppStatus) -> str | None:
    """What the career centre said with the latest move to `status` (the question asked, the
    reason for a rejection), in the citizen's language."""
    events = await db.applications.events(application.id)
    said = [e for e in events if e.to_status is status and e.reason]
    return readable(said[-1].reason) if said else None


async def answered_last(db: Database, applications: list[Application]) -> bool:
    """Whether the citizen's latest move on a waiting application was answering a question."""
    for application in applications:
        if application.status in (AppStatus.QUEUED, AppStatus.IN_REVIEW):
            events = await db.applications.events(application.id)
            moves = [e for e in events if e.from_status is not None]
            if moves and moves[-1].from_status is AppStatus.NEEDS_INFO:
                return True
    return False


async def _owned(db: Database, app_id: int, user_id: int) -> Application | None:
    application = await db.applications.get(app_id)
    return application if application is not None and application.user_id == user_id else None


async def show_applications(event: Message | CallbackQuery, bot: Bot, db: Database) -> None:
    user_id = event.from_user.id  # type: ignore[union-attr]
    applications = await db.applications.list_for_user(user_id)
    if not applications:
        await say(event, bot, _("You have no applications yet. Send /start to check programmes."))
        return
    summary = InlineKeyboardBuilder()
    summary.button(text=_("🧾 Summary to keep"), callback_data=Menu(action="summary"))
    await say(event, bot, _("Your applications:"), summary.as_markup())
    for application in applications:
        lines = [
            _("Application {number}").format(number=application.number),
            programme_name(application.programme),
            _("Sent: {date}").format(date=day(application.created_at)),
            _("Status: {status}").format(
                status=labels.label(labels.APP_STATUS, application.status)
            ),
        ]
        builder = InlineKeyboardBuilder()
        if application.status is AppStatus.REJECTED:
            # A citizen who missed the notice can still read why.
            reason = await staff_words(db, application, AppStatus.REJECTED)
            if reason:
                lines.append(_("Reason: {reason}").format(reason=reason))
        if application.status is AppStatus.NEEDS_INFO:
            question = await staff_words(db, application, AppStatus.NEEDS_INFO)
            if question:
                lines.append(
                    _("Question from the career centre: {question}").format(question=question)
                )
            builder.button(
                text=_("✍️ Answer"),
                callback_data=MyApplication(action="answer", app_id=application.id),
            )
        if application.status in _WITHDRAWABLE:
            builder.button(
                text=_("Withdraw"),
                callback_data=MyApplication(action="withdraw", app_id=application.id),
            )
        builder.adjust(1)
        markup: InlineKeyboardMarkup | None = builder.as_markup() if builder.buttons else None
        await say(event, bot, "\n".join(lines), markup)


async def my_applications(message: Message, bot: Bot, db: Database) -> None:
    await show_applications(message, bot, db)


async def my_applications_button(callback: CallbackQuery, bot: Bot, db: Database) -> None:
    await show_applications(callback, bot, db)


async def _ask_withdraw(
    callback: CallbackQuery, bot: Bot, state: FSMContext, db: Database, application: Application
) -> None:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("Yes, withdraw it"),
        callback_data=MyApplication(action="withdraw_yes", app_id=application.id),
    )
    builder.button(
        text=_("No, keep it"), callback_data=MyApplication(action="keep", app_id=application.id)
    )
    builder.adjust(1)
    await say(
        callback,
        bot,
        _("Withdraw application {number}? The career centre will not handle it.").format(
            number=application.number
        ),
        builder.as_markup(),
    )


async def _withdraw(
    callback: CallbackQuery, bot: Bot, state: FSMContext, db: Database, application: Application
) -> None:
    try:
        application = await db.applications.withdraw(application.id, callback.from_user.id)
    except TransitionError:
        await say(
            callback,
            bot,
            _("This application can no longer be withdrawn. Its status: {status}.").format(
                status=labels.label(labels.APP_STATUS, application.status)
            ),
            onward(programmes=False),
        )
        return
    await say(
        callback,
        bot,
        _("Application {number} is withdrawn.").format(number=application.number),
        onward(),
    )


async def _ask_answer(
    callback: CallbackQuery, bot: Bot, state: FSMContext, db: Database, application: Application
) -> None:
    # The citizen may be halfway through the questions: they come back to that step afterwards.
    await state.update_data(answering=application.id, resume_state=await state.get_state())
    await state.set_state(Account.answering)
    await say(callback, bot, _("Please type your answer to the career centre's question."))


async def send_answer(
    event: Message | CallbackQuery, bot: Bot, db: Database, application: Application, text: str
) -> None:
    assert event.from_user is not None
    notice = _("The answer is long, so the career centre gets its first {limit} characters.")
    text = await cut_to_fit(event, bot, text, ANSWER_LIMIT, notice)
    try:
        application = await db.applications.answer_info(application.id, event.from_user.id, text)
    except TransitionError:
        await say(event, bot, _("This application no longer waits for an answer. See /my."))
        return
    if application.status is AppStatus.IN_REVIEW:
        text = _(
            "Thank you! Your answer is sent to the specialist who asked; they go on with "
            "application {number}."
        )
    else:
        text = _("Thank you! Your answer is sent; application {number} is back in the queue.")
    await say(event, bot, text.format(number=application.number), onward(programmes=False))


TYPED_ANSWER = "typed_answer"


async def offer_to_send_typed(
    message: Message, bot: Bot, state: FSMContext, application: Application
) -> None:
    """Text typed where a button was expected while the career centre waits for an answer: it
    is most likely the answer, but may be meant for the step. Kept, and sent on one tap."""
    assert message.text is not None
    await state.update_data({TYPED_ANSWER: {"app_id": application.id, "text": message.text}})
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✍️ Send it as my answer"),
        callback_data=MyApplication(action="send_typed", app_id=application.id),
    )
    await say(
        message,
        bot,
        _(
            "If this is your answer to the career centre's question about {number}, tap the "
            "button. Otherwise, please answer with the buttons below."
        ).format(number=application.number),
        builder.as_markup(),
    )


async def _send_typed(
    callback: CallbackQuery, bot: Bot, state: FSMContext, db: Database, application: Application
) -> None:
    typed = (await state.get_data()).get(TYPED_ANSWER) or {}
    if typed.get("app_id") != application.id or not typed.get("text"):
        await stale_button(callback, bot, state)
        return
    await state.update_data({TYPED_ANSWER: None})
    await send_answer(callback, bot, db, application, str(typed["text"]))


OnApplication = Callable[[CallbackQuery, Bot, FSMContext, Database, Application], Awaitable[None]]

# The buttons on one application: the statuses each still fits, and what it does. Withdrawing
# itself fits any status: the queue refuses what cannot be withdrawn, and the citizen is told.
_ON_APPLICATION: dict[str, tuple[Collection[AppStatus], OnApplication]] = {
    "withdraw": (_WITHDRAWABLE, _ask_withdraw),
    "withdraw_yes": (tuple(AppStatus), _withdraw),
    "answer": ((AppStatus.NEEDS_INFO,), _ask_answer),
    "send_typed": ((AppStatus.NEEDS_INFO,), _send_typed),
}


async def application_button(
    callback: CallbackQuery,
    callback_data: MyApplication,
    bot: Bot,
    state: FSMContext,
    db: Database,
) -> None:
    statuses, act = _ON_APPLICATION[callback_data.action]
    application = await _owned(db, callback_data.app_id, callback.from_user.id)
    if application is None or application.status not in statuses:
        await stale_button(callback, bot, state)
        return
    await act(callback, bot, state, db, application)


async def withdraw_cancelled(callback: CallbackQuery, bot: Bot) -> None:
    await say(callback, bot, _("Good, the application stays as it is."), onward(programmes=False))


async def answer_typed(message: Message, bot: Bot, state: FSMContext, db: Database) -> None:
    assert message.text is not None and message.from_user is not None
    data = await state.get_data()
    application = await _owned(db, int(data.get("answering") or 0), message.from_user.id)
    resume_state = data.get("resume_state")
    await state.update_data(answering=None, resume_state=None)
    await state.set_state(resume_state)
    if application is None:
        await say(message, bot, _("This application no longer waits for an answer. See /my."))
        return
    await send_answer(message, bot, db, application, message.text)
    if resume_state not in (None, Flow.results.state):
        await where_we_are(message, bot, state)


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(my_applications, commands.MY.filter())
    router.callback_query.register(my_applications_button, Menu.filter(F.action == "my"))
    router.callback_query.register(
        application_button, MyApplication.filter(F.action.in_(_ON_APPLICATION))
    )
    router.callback_query.register(withdraw_cancelled, MyApplication.filter(F.action == "keep"))
    router.message.register(answer_typed, Account.answering, F.text & ~F.text.startswith("/"))
    return router
