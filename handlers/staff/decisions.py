"""Decisions: Approve (with a confirmation), Reject and Ask (a common reason or own words).

The citizen's message is queued in the same transaction as the decision; the card the decision
started from is updated in place.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.chat.cards import programme_name
from bot.i18n import _
from bot.outbox.card import Review, ReviewAction
from bot.outbox.notices import decision_notice
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import AppStatus, TransitionError
from bot.words import reasons
from bot.words import records as words
from handlers.staff import commands
from handlers.staff.lookup import card_for, citizen_reads, explain, find_application
from handlers.staff.members import StaffMember
from handlers.staff.pressed import HELD, FindApplication, Pressed
from handlers.staff.prompts import (
    AnsweringPrompt,
    Typed,
    TypedForStep,
    ask_again,
    ask_to_type,
    finish_input,
    input_data,
    start_input,
)
from handlers.staff.replies import chat_id_of, chat_language, edit, message_id_of, send
from handlers.staff.steps import IN_STEP, StaffInput

REASON_LIMIT = 1000


# -- the buttons of a question the bot asks ------------------------------------------------


def cancel_button(app_id: int, asker_id: int) -> Review:
    """Cancel of a question the bot asked one staff member (approve? which reason?): in the
    staff group only they may press it (the button carries their id)."""
    return Review(action=ReviewAction.CANCEL, app_id=app_id, code=str(asker_id))


def reason_keyboard(app_id: int, asking: bool, asker_id: int) -> InlineKeyboardMarkup:
    """Common reasons (or questions) as buttons, and Cancel; free text is typed instead."""
    builder = InlineKeyboardBuilder()
    choices = reasons.ASK_QUESTIONS if asking else reasons.REJECT_REASONS
    action = ReviewAction.ASK_WITH if asking else ReviewAction.REJECT_WITH
    for code in choices:
        builder.button(
            text=str(reasons.BUTTON_LABELS[code]),
            callback_data=Review(action=action, app_id=app_id, code=code),
        )
    builder.button(text=_("Cancel"), callback_data=cancel_button(app_id, asker_id))
    builder.adjust(1)
    return builder.as_markup()


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
    settings: Settings,
) -> bool:
    """Decide, queue the citizen's message in the same transaction, update the card.

    `card` is (chat id, message id) of the card the decision started from. False if refused.
    """
    # Checked again: the member's regions may have changed since the card was pressed.
    application = await find_application(event, bot, db, member, app_id, f"decide:{to}")
    if application is None:
        return False
    notice = decision_notice(application, to, reason, await citizen_reads(db, application))
    try:
        decided = await db.applications.decide(app_id, member.user_id, to, reason, notice)
    except TransitionError as error:
        await send(event, bot, await explain(db, application, error, member))
        return False
    if card is not None:
        with chat_language(card[0], settings):
            card_now = await card_for(db, decided)
        await edit(bot, card[0], card[1], card_now, None)
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


# Cards that "Approve?" questions were asked from, by application: the card is redrawn after the
# decision. Kept in the staff member's own conversation data, not in the button: a forged button
# could name any message of the bot in the chat.
_APPROVING = "approving"
_APPROVING_KEPT = 20


async def _remember_card(state: FSMContext, app_id: int, card: tuple[int, int]) -> None:
    asked = dict((await state.get_data()).get(_APPROVING) or {})
    asked.pop(str(app_id), None)
    asked[str(app_id)] = list(card)
    await state.update_data({_APPROVING: dict(list(asked.items())[-_APPROVING_KEPT:])})


async def _card_asked_from(state: FSMContext, app_id: int) -> tuple[int, int] | None:
    return _card_ref(((await state.get_data()).get(_APPROVING) or {}).get(str(app_id)))


async def _forget_card(state: FSMContext, app_id: int) -> None:
    asked = dict((await state.get_data()).get(_APPROVING) or {})
    if asked.pop(str(app_id), None) is not None:
        await state.update_data({_APPROVING: asked})


async def approve_asked(callback: CallbackQuery, press: Pressed, state: FSMContext) -> None:
    application = press.application
    chat_id, card_id = press.card
    if card_id is not None:
        await _remember_card(state, application.id, (chat_id, card_id))
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Yes, approve"),
        callback_data=Review(action=ReviewAction.APPROVE_YES, app_id=application.id),
    )
    builder.button(
        text=_("Cancel"), callback_data=cancel_button(application.id, callback.from_user.id)
    )
    await press.send(
        _("Approve {number} ({programme})? The citizen will be told at once.").format(
            number=application.number, programme=programme_name(application.programme)
        ),
        builder.as_markup(),
    )


async def approve(callback: CallbackQuery, press: Pressed, state: FSMContext) -> None:
    card = await _card_asked_from(state, press.application.id)
    if await _decide(press, AppStatus.APPROVED, None, card):
        await _forget_card(state, press.application.id)
        await press.replace_pressed(_("Done."))


async def reason_asked(callback: CallbackQuery, press: Pressed, state: FSMContext) -> None:
    asking = press.data.action is ReviewAction.ASK
    application = press.application
    to = AppStatus.NEEDS_INFO if asking else AppStatus.REJECTED
    await start_input(
        state, StaffInput.reason, app_id=application.id, to=str(to), card=list(press.card)
    )
    if asking:
        prompt = _(
            "What do you want to ask the citizen about {number}? Choose a common question "
            "or type your own."
        )
    else:
        prompt = _("Why is {number} declined? Choose a common reason or type your own.")
    text = prompt.format(number=application.number)
    # What is typed reaches the citizen as typed: say which language they will read it in.
    hint = words.write_in(await citizen_reads(press.db, application))
    await press.send(
        text if hint is None else f"{text}\n{hint}",
        reason_keyboard(application.id, asking, callback.from_user.id),
    )
    if press.in_group:
        # In a group the bot reads only replies to its messages: this one can be replied to.
        own_words = _("{name}, to type your own words, reply to this message.")
        await ask_to_type(
            callback, press.bot, state, own_words.format(name=callback.from_user.full_name)
        )


async def reason_chosen(callback: CallbackQuery, press: Pressed, state: FSMContext) -> None:
    asking = press.data.action is ReviewAction.ASK_WITH
    choices = reasons.ASK_QUESTIONS if asking else reasons.REJECT_REASONS
    if press.data.code not in choices:
        press.answer.text = _("This button is out of date. Please choose again.")
        return
    pending = await input_data(state)
    card = pending.get("card") if pending.get("app_id") == press.application.id else None
    to = AppStatus.NEEDS_INFO if asking else AppStatus.REJECTED
    if await _decide(press, to, reasons.stored(press.data.code), _card_ref(card)):
        await finish_input(state)
        await press.replace_pressed(_("Done."))


async def _decide(
    press: Pressed, to: AppStatus, reason: str | None, card: tuple[int, int] | None
) -> bool:
    return await decide(
        press.callback,
        press.bot,
        press.db,
        press.member,
        press.application.id,
        to,
        reason,
        card,
        press.settings,
    )


def _card_ref(card: object) -> tuple[int, int] | None:
    if isinstance(card, list) and len(card) == 2 and all(isinstance(x, int) for x in card):
        return card[0], card[1]
    return None


async def reason_typed(message: Message, typed: Typed, state: FSMContext) -> None:
    reason = typed.text.strip()
    if not reason:
        await ask_again(message, typed.bot, state, _("Please type the reason in words."))
        return
    if len(reason) > REASON_LIMIT:
        # Cut, it would reach the citizen mid-sentence; the step stays for a shorter one.
        too_long = _(
            "That is {count} characters; the citizen's message takes at most {limit}. "
            "Please shorten it and send it again."
        )
        await ask_again(
            message, typed.bot, state, too_long.format(count=len(reason), limit=REASON_LIMIT)
        )
        return
    pending = typed.step_data
    to = AppStatus(str(pending.get("to")))
    app_id = int(pending.get("app_id") or 0)
    card = _card_ref(pending.get("card"))
    await finish_input(state)
    bot, db, member = typed.bot, typed.db, typed.member
    if not await decide(message, bot, db, member, app_id, to, reason, card, typed.settings):
        # Refused (the review time ran out, a colleague has it): what was typed is not lost.
        kept = _("What you typed, to copy once you can decide again:\n{text}")
        await typed.send(kept.format(text=reason))


async def cancelled(
    callback: CallbackQuery,
    callback_data: Review,
    bot: Bot,
    state: FSMContext,
    callback_answer: CallbackAnswer,
) -> None:
    asker = callback_data.code
    if asker.isdecimal() and int(asker) != callback.from_user.id:
        # A colleague's question in the staff group: it stays for them to answer.
        callback_answer.text = _("This question is for the colleague who asked; it stays.")
        callback_answer.show_alert = True
        return
    if (await state.get_state() or "").startswith("StaffInput:"):
        # An old Cancel (another application's question) leaves the step typed now alone.
        typing_for = (await input_data(state)).get("app_id")
        if typing_for in (None, callback_data.app_id):
            await finish_input(state)
    callback_answer.text = _("Nothing changed.")
    await edit(bot, chat_id_of(callback), message_id_of(callback), _("Nothing changed."), None)


async def cancel_typing(message: Message, bot: Bot, state: FSMContext) -> None:
    await finish_input(state)
    await send(message, bot, _("Nothing changed."))


# Last: anything else while a reason or a note is awaited (a photo, a sticker). A command is
# not: it is the member moving on (`handlers.staff.steps`), handled by its own router.
async def not_text(message: Message, bot: Bot, state: FSMContext) -> None:
    await ask_again(message, bot, state, _("Please send text, or /cancel."))


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.middleware(FindApplication())
    router.callback_query.register(
        approve_asked, Review.filter(F.action == ReviewAction.APPROVE), flags=HELD
    )
    router.callback_query.register(
        approve, Review.filter(F.action == ReviewAction.APPROVE_YES), flags=HELD
    )
    router.callback_query.register(
        reason_asked,
        Review.filter(F.action.in_({ReviewAction.REJECT, ReviewAction.ASK})),
        flags=HELD,
    )
    router.callback_query.register(
        reason_chosen,
        Review.filter(F.action.in_({ReviewAction.REJECT_WITH, ReviewAction.ASK_WITH})),
        flags={**HELD, **IN_STEP},
    )
    router.message.register(reason_typed, StaffInput.reason, TypedForStep(), flags=IN_STEP)
    router.callback_query.register(
        cancelled, Review.filter(F.action == ReviewAction.CANCEL), flags=IN_STEP
    )
    router.message.register(
        cancel_typing, commands.CANCEL.filter(), StateFilter(StaffInput), flags=IN_STEP
    )
    router.message.register(
        not_text, StaffInput.note, AnsweringPrompt(), ~F.text.startswith("/"), flags=IN_STEP
    )
    router.message.register(
        not_text, StaffInput.reason, AnsweringPrompt(), ~F.text.startswith("/"), flags=IN_STEP
    )
    return router
