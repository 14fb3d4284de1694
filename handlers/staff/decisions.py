"""Decisions: Approve (with a confirmation), Reject and Ask (a common reason or own words).

The citizen's message is queued in the same transaction as the decision; the card the decision
started from is updated in place.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ForceReply, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.chat.cards import programme_name
from bot.i18n import _
from bot.notices import decision_notice
from bot.staff import reasons
from bot.staff.callbacks import Review, ReviewAction
from bot.staff.cards import reason_keyboard
from bot.staff.roles import StaffMember
from bot.storage.database import Database
from bot.storage.models import AppStatus, TransitionError
from handlers.staff.access import StaffInput, refuse
from handlers.staff.common import (
    AnsweringPrompt,
    chat_id_of,
    citizen_language,
    edit,
    finish_input,
    input_data,
    message_id_of,
    remember_prompt,
    send,
    start_input,
)
from handlers.staff.lookup import (
    card_for,
    explain,
    find_application,
    not_held,
    not_your_region_text,
)

REASON_LIMIT = 1000

router = Router(name=__name__)


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
        await send(event, bot, await explain(db, application, error, member))
        return False
    if card is not None:
        await edit(bot, card[0], card[1], await card_for(db, decided), None)
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
    application = await find_application(
        callback, bot, db, member, callback_data.app_id, "button:rv:ok", callback_answer
    )
    if application is None or await not_held(db, application, member, callback_answer):
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
    application = await find_application(
        callback, bot, db, member, callback_data.app_id, "button:rv:oky", callback_answer
    )
    if application is None or await not_held(db, application, member, callback_answer):
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
    application = await find_application(
        callback,
        bot,
        db,
        member,
        callback_data.app_id,
        f"button:rv:{callback_data.action}",
        callback_answer,
    )
    if application is None or await not_held(db, application, member, callback_answer):
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
        prompt_message = await send(
            callback,
            bot,
            _("{name}, to type your own words, reply to this message.").format(
                name=callback.from_user.full_name
            ),
            ForceReply(selective=True),
        )
        await remember_prompt(state, prompt_message)


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
    application = await find_application(
        callback,
        bot,
        db,
        member,
        callback_data.app_id,
        f"button:rv:{callback_data.action}",
        callback_answer,
    )
    if application is None or await not_held(db, application, member, callback_answer):
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


@router.message(StaffInput.reason, AnsweringPrompt(), F.text & ~F.text.startswith("/"))
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


# Last: anything else while a reason or a note is awaited (a photo, a sticker).
@router.message(StaffInput.reason, AnsweringPrompt())
@router.message(StaffInput.note, AnsweringPrompt())
async def not_text(message: Message, bot: Bot) -> None:
    await send(message, bot, _("Please send text, or /cancel."))
