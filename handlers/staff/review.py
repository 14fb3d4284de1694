"""Reviewing: the queue, one application with its history, Take, Approve, Reject, Ask, notes.

Every button is checked again here: the application must exist, be in a region the member
serves, and (to decide) be held by them. The state machine in storage has the last word.
"""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.chat.cards import programme_name
from bot.chat.questions import region_name
from bot.i18n import _
from bot.notices import decision_notice
from bot.settings import Settings
from bot.staff import reasons, words
from bot.staff.callbacks import Review, ReviewAction
from bot.staff.cards import card_keyboard, card_text, history_text, reason_keyboard
from bot.staff.roles import StaffMember
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus, ErrorCode, TransitionError
from handlers.staff.access import StaffInput, refuse
from handlers.staff.common import (
    chat_id_of,
    citizen_language,
    edit,
    finish_input,
    input_data,
    message_id_of,
    names_for,
    send,
    show,
    start_input,
)

router = Router(name=__name__)

QUEUE_PAGE = 10
REASON_LIMIT = 1000
NOTE_LIMIT = 2000
# Review.code of a Take pressed in the /queue list: open the card as a new message.
FROM_LIST = "list"


def not_your_region_text(application: Application) -> str:
    return _("Application {number} is from {region}, which you do not serve.").format(
        number=application.number, region=region_name(application.region)
    )


def _ttl(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.claim_ttl_minutes)


async def _card(db: Database, application: Application) -> str:
    names = await db.staff.names([application.reviewer_id] if application.reviewer_id else [])
    return card_text(application, db.connector.now(), names)


async def _application(
    event: Message | CallbackQuery,
    bot: Bot,
    db: Database,
    member: StaffMember,
    app_id: int,
    action: str,
    callback_answer: CallbackAnswer | None = None,
) -> Application | None:
    """The application if it exists and is in the member's regions; else they are told why."""
    application = await db.applications.get(app_id)
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


async def _explain(
    db: Database, application: Application, error: TransitionError, member: StaffMember
) -> str:
    """Why a move was refused, in words a reviewer can act on."""
    if error.code is ErrorCode.TAKEN:
        names = await db.staff.names([error.holder_id] if error.holder_id else [])
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


def _holds(application: Application, member: StaffMember) -> bool:
    return application.status is AppStatus.IN_REVIEW and application.reviewer_id == member.user_id


async def _not_held(
    db: Database, application: Application, member: StaffMember, answer: CallbackAnswer
) -> bool:
    """True (and the reviewer told why) unless the member holds the application."""
    if _holds(application, member):
        return False
    if application.status is AppStatus.IN_REVIEW:
        error = TransitionError(
            ErrorCode.TAKEN, application_id=application.id, holder_id=application.reviewer_id
        )
        answer.text = await _explain(db, application, error, member)
    elif application.status is AppStatus.QUEUED:
        answer.text = _("Take {number} first.").format(number=application.number)
    else:
        answer.text = _("{number} cannot be changed any more: it is {status}.").format(
            number=application.number, status=words.status(application.status)
        )
    answer.show_alert = True
    return True


# -- the queue and one application --------------------------------------------------------------


@router.message(Command("queue", ignore_case=True))
async def queue(message: Message, bot: Bot, db: Database, member: StaffMember) -> None:
    now = db.connector.now()
    held = await db.applications.held_by(member.user_id)
    waiting = await db.applications.list_queue(member.scope, QUEUE_PAGE)
    total = await db.applications.count_queue(member.scope)
    lines: list[str] = []
    builder = InlineKeyboardBuilder()
    if held:
        lines.append(_("You are reviewing:"))
        for application in held:
            lines.append(f"📄 {application.number} · {programme_name(application.programme)}")
            builder.button(
                text=f"📄 {application.number}",
                callback_data=Review(action=ReviewAction.SHOW, app_id=application.id),
            )
        lines.append("")
    if not waiting:
        lines.append(_("No applications are waiting in your regions."))
    else:
        lines.append(_("Waiting in your regions: {count}. Oldest first:").format(count=total))
        for application in waiting:
            lines.append(
                _("{number} · {programme} · {region} · waiting {waited}").format(
                    number=application.number,
                    programme=programme_name(application.programme),
                    region=region_name(application.region),
                    waited=words.duration(now - application.created_at),
                )
            )
            builder.button(
                text=_("🙋 Take {number}").format(number=application.number),
                callback_data=Review(
                    action=ReviewAction.TAKE, app_id=application.id, code=FROM_LIST
                ),
            )
    builder.adjust(2)
    markup = builder.as_markup() if builder.buttons else None
    await send(message, bot, "\n".join(lines), markup)


async def _full(db: Database, application: Application, member: StaffMember) -> str:
    notes = await db.staff.notes(application.id)
    names = await names_for(db, application, notes)
    events = await db.applications.events(application.id)
    card = card_text(application, db.connector.now(), names)
    return card + "\n\n" + history_text(application, events, notes, names)


def _keyboard(application: Application) -> InlineKeyboardMarkup:
    """The card's buttons, and a Note button whatever the status."""
    builder = InlineKeyboardBuilder()
    markup = card_keyboard(application)
    if markup is not None:
        builder.attach(InlineKeyboardBuilder.from_markup(markup))
    if application.status is not AppStatus.IN_REVIEW:  # in review, the card has one already
        builder.row()
        builder.button(
            text=_("📝 Note"), callback_data=Review(action=ReviewAction.NOTE, app_id=application.id)
        )
    return builder.as_markup()


@router.message(Command("app", ignore_case=True))
async def one_application(
    message: Message, command: CommandObject, bot: Bot, db: Database, member: StaffMember
) -> None:
    number = (command.args or "").strip()
    application = await db.applications.get_by_number(number) if number else None
    if application is None:
        await send(
            message,
            bot,
            _("Write the application number after the command, for example: /app 123"),
        )
        return
    found = await _application(message, bot, db, member, application.id, "command:app")
    if found is not None:
        await send(message, bot, await _full(db, found, member), _keyboard(found))


@router.callback_query(Review.filter(F.action == ReviewAction.SHOW))
async def show_application(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    application = await _application(
        callback, bot, db, member, callback_data.app_id, "button:rv:show", callback_answer
    )
    if application is not None:
        await send(callback, bot, await _full(db, application, member), _keyboard(application))


# -- take and give back ----------------------------------------------------------------------


@router.callback_query(Review.filter(F.action == ReviewAction.TAKE))
async def take(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    db: Database,
    settings: Settings,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    application = await _application(
        callback, bot, db, member, callback_data.app_id, "button:rv:take", callback_answer
    )
    if application is None:
        return
    in_place = callback_data.code != FROM_LIST
    try:
        taken = await db.applications.claim(application.id, member.user_id, _ttl(settings))
    except TransitionError as error:
        callback_answer.text = await _explain(db, application, error, member)
        callback_answer.show_alert = True
        current = await db.applications.get(application.id) or application
        if in_place:  # the card someone pressed was out of date: show how things are
            await show(
                callback, bot, await _card(db, current), card_keyboard(current), in_place=True
            )
        return
    callback_answer.text = _("{number} is yours for {time}.").format(
        number=taken.number, time=words.duration(_ttl(settings))
    )
    await show(callback, bot, await _card(db, taken), card_keyboard(taken), in_place=in_place)


@router.callback_query(Review.filter(F.action == ReviewAction.RELEASE))
async def release(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    application = await _application(
        callback, bot, db, member, callback_data.app_id, "button:rv:rel", callback_answer
    )
    if application is None or await _not_held(db, application, member, callback_answer):
        return
    try:
        released = await db.applications.release(application.id, member.user_id)
    except TransitionError as error:
        callback_answer.text = await _explain(db, application, error, member)
        return
    callback_answer.text = _("{number} is back in the queue.").format(number=released.number)
    await show(callback, bot, await _card(db, released), card_keyboard(released), in_place=True)


# -- decisions -------------------------------------------------------------------------------


async def decide(
    event: Message | CallbackQuery,
    bot: Bot,
    db: Database,
    member: StaffMember,
    app_id: int,
    to: AppStatus,
    reason: str | None,
    card: tuple[int, int] | None,
) -> bool:
    """Decide, queue the citizen's message in the same transaction, update the card.

    `card` is (chat id, message id) of the card the decision started from. False if refused.
    """
    application = await db.applications.get(app_id)
    if application is None:
        await send(event, bot, _("There is no application with this number."))
        return False
    if not member.serves(application.region):  # regions may have changed since the card
        await refuse(
            event,
            bot,
            db,
            f"decide:{to}",
            not_your_region_text(application),
            application_id=app_id,
        )
        return False
    notice = decision_notice(application, to, reason, await citizen_language(db, application))
    try:
        decided = await db.applications.decide(app_id, member.user_id, to, reason, notice)
    except TransitionError as error:
        await send(event, bot, await _explain(db, application, error, member))
        return False
    if card is not None:
        await edit(bot, card[0], card[1], await _card(db, decided), None)
    if to is AppStatus.APPROVED:
        text = _("✅ {number} is approved. The citizen will be told.")
    elif to is AppStatus.REJECTED:
        text = _("❌ {number} is declined. The citizen will be told the reason.")
    else:
        text = _(
            "❓ The question about {number} is sent. When the citizen answers, the application "
            "comes back to the queue and you will be told."
        )
    await send(event, bot, text.format(number=decided.number))
    return True


@router.callback_query(Review.filter(F.action == ReviewAction.APPROVE))
async def approve_asked(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    application = await _application(
        callback, bot, db, member, callback_data.app_id, "button:rv:ok", callback_answer
    )
    if application is None or await _not_held(db, application, member, callback_answer):
        return
    card = str(message_id_of(callback) or "")
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Yes, approve"),
        callback_data=Review(action=ReviewAction.APPROVE_YES, app_id=application.id, code=card),
    )
    builder.button(
        text=_("Cancel"), callback_data=Review(action=ReviewAction.CANCEL, app_id=application.id)
    )
    await send(
        callback,
        bot,
        _("Approve {number} ({programme})? The citizen will be told at once.").format(
            number=application.number, programme=programme_name(application.programme)
        ),
        builder.as_markup(),
    )


@router.callback_query(Review.filter(F.action == ReviewAction.APPROVE_YES))
async def approve(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    application = await _application(
        callback, bot, db, member, callback_data.app_id, "button:rv:oky", callback_answer
    )
    if application is None or await _not_held(db, application, member, callback_answer):
        return
    card = (chat_id_of(callback), int(callback_data.code)) if callback_data.code.isdigit() else None
    if await decide(callback, bot, db, member, application.id, AppStatus.APPROVED, None, card):
        await edit(bot, chat_id_of(callback), message_id_of(callback), _("Done."), None)


@router.callback_query(Review.filter(F.action.in_({ReviewAction.REJECT, ReviewAction.ASK})))
async def reason_asked(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    state: FSMContext,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    asking = callback_data.action is ReviewAction.ASK
    application = await _application(
        callback,
        bot,
        db,
        member,
        callback_data.app_id,
        f"button:rv:{callback_data.action}",
        callback_answer,
    )
    if application is None or await _not_held(db, application, member, callback_answer):
        return
    to = AppStatus.NEEDS_INFO if asking else AppStatus.REJECTED
    await start_input(
        state,
        StaffInput.reason,
        app_id=application.id,
        to=str(to),
        card=[chat_id_of(callback), message_id_of(callback)],
    )
    if asking:
        prompt = _(
            "What do you want to ask the citizen about {number}? Choose a common question "
            "or type your own."
        )
    else:
        prompt = _("Why is {number} declined? Choose a common reason or type your own.")
    await send(
        callback,
        bot,
        prompt.format(number=application.number),
        reason_keyboard(application.id, asking),
    )
    if callback.message is not None and callback.message.chat.type != ChatType.PRIVATE:
        # In a group the bot reads only replies to its messages: this one can be replied to.
        await send(
            callback,
            bot,
            _("{name}, to type your own words, reply to this message.").format(
                name=callback.from_user.full_name
            ),
            ForceReply(selective=True),
        )


@router.callback_query(
    Review.filter(F.action.in_({ReviewAction.REJECT_WITH, ReviewAction.ASK_WITH}))
)
async def reason_chosen(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    state: FSMContext,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    asking = callback_data.action is ReviewAction.ASK_WITH
    choices = reasons.ASK_QUESTIONS if asking else reasons.REJECT_REASONS
    application = await _application(
        callback,
        bot,
        db,
        member,
        callback_data.app_id,
        f"button:rv:{callback_data.action}",
        callback_answer,
    )
    if application is None or await _not_held(db, application, member, callback_answer):
        return
    if callback_data.code not in choices:
        callback_answer.text = _("This button is out of date. Please choose again.")
        return
    pending = await input_data(state)
    card = pending.get("card") if pending.get("app_id") == application.id else None
    to = AppStatus.NEEDS_INFO if asking else AppStatus.REJECTED
    reason = reasons.stored(callback_data.code)
    if await decide(callback, bot, db, member, application.id, to, reason, _card_ref(card)):
        await finish_input(state)
        await edit(bot, chat_id_of(callback), message_id_of(callback), _("Done."), None)


def _card_ref(card: object) -> tuple[int, int] | None:
    if isinstance(card, list) and len(card) == 2 and all(isinstance(x, int) for x in card):
        return card[0], card[1]
    return None


@router.message(StaffInput.reason, F.text & ~F.text.startswith("/"))
async def reason_typed(
    message: Message, bot: Bot, state: FSMContext, db: Database, member: StaffMember
) -> None:
    assert message.text is not None
    pending = await input_data(state)
    reason = message.text.strip()[:REASON_LIMIT]
    if not reason:
        await send(message, bot, _("Please type the reason in words."))
        return
    to = AppStatus(str(pending.get("to")))
    app_id = int(pending.get("app_id") or 0)
    await finish_input(state)
    await decide(message, bot, db, member, app_id, to, reason, _card_ref(pending.get("card")))


@router.callback_query(Review.filter(F.action == ReviewAction.CANCEL))
async def cancelled(
    callback: CallbackQuery, bot: Bot, state: FSMContext, callback_answer: CallbackAnswer
) -> None:
    if (await state.get_state() or "").startswith("StaffInput:"):
        await finish_input(state)
    callback_answer.text = _("Nothing changed.")
    await edit(bot, chat_id_of(callback), message_id_of(callback), _("Nothing changed."), None)


@router.message(Command("cancel", ignore_case=True), StateFilter(StaffInput))
async def cancel_typing(message: Message, bot: Bot, state: FSMContext) -> None:
    await finish_input(state)
    await send(message, bot, _("Nothing changed."))


# -- internal notes --------------------------------------------------------------------------


@router.callback_query(Review.filter(F.action == ReviewAction.NOTE))
async def note_asked(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    state: FSMContext,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    application = await _application(
        callback, bot, db, member, callback_data.app_id, "button:rv:note", callback_answer
    )
    if application is None:
        return
    await start_input(state, StaffInput.note, app_id=application.id)
    private = callback.message is None or callback.message.chat.type == ChatType.PRIVATE
    await send(
        callback,
        bot,
        _("Type the note about {number}. Only staff see notes; the citizen never does.").format(
            number=application.number
        ),
        None if private else ForceReply(selective=True),
    )


async def _save_note(
    message: Message, bot: Bot, db: Database, member: StaffMember, app_id: int, text: str
) -> None:
    application = await _application(message, bot, db, member, app_id, "note")
    if application is None:
        return
    await db.staff.add_note(application.id, member.user_id, text.strip()[:NOTE_LIMIT])
    await send(message, bot, _("The note is saved to {number}.").format(number=application.number))


@router.message(StaffInput.note, F.text & ~F.text.startswith("/"))
async def note_typed(
    message: Message, bot: Bot, state: FSMContext, db: Database, member: StaffMember
) -> None:
    assert message.text is not None
    pending = await input_data(state)
    await finish_input(state)
    await _save_note(message, bot, db, member, int(pending.get("app_id") or 0), message.text)


@router.message(Command("note", ignore_case=True))
async def note_command(
    message: Message, command: CommandObject, bot: Bot, db: Database, member: StaffMember
) -> None:
    number, _space, text = (command.args or "").strip().partition(" ")
    application = await db.applications.get_by_number(number) if number else None
    if application is None or not text.strip():
        await send(
            message,
            bot,
            _("Write the number and the note, for example: /note 123 Called, no answer"),
        )
        return
    await _save_note(message, bot, db, member, application.id, text)


# Last: anything else while a reason or a note is awaited (a photo, a sticker).
@router.message(StaffInput.reason)
@router.message(StaffInput.note)
async def not_text(message: Message, bot: Bot) -> None:
    await send(message, bot, _("Please send text, or /cancel."))
