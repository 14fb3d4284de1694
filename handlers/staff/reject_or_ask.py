"""Reject and Ask: the reason or the question, a common one chosen from buttons or the
reviewer's own words typed; the decision itself is `decisions.decide`."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.outbox.card import Review, ReviewAction, citizen_reads
from bot.storage.models import Application, AppStatus
from bot.words import reasons
from bot.words import records as words
from bot.words.names import programme_name
from handlers.staff.decisions import (
    DECLINING,
    asked_about,
    cancel_button,
    card_ref,
    decide,
    decide_pressed,
    forget_pending,
    remember_pending,
)
from handlers.staff.lookup import holds
from handlers.staff.pressed import FOUND, HELD, FindApplication, Pressed
from handlers.staff.prompts import (
    Typed,
    TypedForStep,
    ask_again,
    ask_to_type,
    finish_input,
    input_data,
    start_input,
)
from handlers.staff.replies import send
from handlers.staff.steps import IN_STEP, StaffInput

REASON_LIMIT = 1000


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
    reason = reasons.stored(press.data.code)
    if not asking:
        await finish_input(state)
        text, markup = await confirm_decline(
            state, press.application, reason, card, callback.from_user.id
        )
        await press.show(text, markup, in_place=True)
        return
    if await decide_pressed(press, AppStatus.NEEDS_INFO, reason, card_ref(card)):
        await finish_input(state)
        await press.replace_pressed(_("Done."))


async def confirm_decline(
    state: FSMContext, application: Application, reason: str, card: object, asker_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    """'Decline?' with the reason the citizen will read: a decline is final for them, so it
    takes a second tap (the reason waits in the member's own conversation data)."""
    await remember_pending(state, DECLINING, application.id, {"reason": reason, "card": card})
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("❌ Yes, decline"),
        callback_data=Review(action=ReviewAction.REJECT_YES, app_id=application.id),
    )
    builder.button(text=_("Cancel"), callback_data=cancel_button(application.id, asker_id))
    text = _(
        "Decline {number} ({programme})? The citizen will be told at once, with the reason:\n"
        "{reason}"
    ).format(
        number=application.number,
        programme=programme_name(application.programme),
        reason=reasons.readable(reason),
    )
    return text, builder.as_markup()


async def decline(callback: CallbackQuery, press: Pressed, state: FSMContext) -> None:
    asked = await asked_about(state, DECLINING, press.application.id)
    if not isinstance(asked, dict) or not isinstance(asked.get("reason"), str):
        # Someone else's confirmation, or one already answered.
        press.alert(_("This button is out of date. Please choose again."))
        return
    reason = asked["reason"]
    if await decide_pressed(press, AppStatus.REJECTED, reason, card_ref(asked.get("card"))):
        await forget_pending(state, DECLINING, press.application.id)
        await press.replace_pressed(_("Done."))
    elif not reason.startswith(reasons.CODE_PREFIX):
        # Refused (the review time ran out, a colleague has it): what was typed is not lost.
        await press.send(kept_text(reason))


def kept_text(reason: str) -> str:
    kept = _("What you typed, to copy once you can decide again:\n{text}")
    return kept.format(text=reason)


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
    card = card_ref(pending.get("card"))
    await finish_input(state)
    bot, db, member = typed.bot, typed.db, typed.member
    if to is AppStatus.REJECTED:
        application = await db.applications.get(app_id)
        # Not theirs any more (the review time ran out): `decide` below says so and gives
        # back what was typed.
        if application is not None and holds(application, member):
            text, markup = await confirm_decline(
                state, application, reason, pending.get("card"), member.user_id
            )
            await send(message, bot, text, markup)
            return
    if not await decide(message, bot, db, member, app_id, to, reason, card, typed.settings):
        # Refused (the review time ran out, a colleague has it): what was typed is not lost.
        await typed.send(kept_text(reason))


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.middleware(FindApplication())
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
    router.callback_query.register(
        decline, Review.filter(F.action == ReviewAction.REJECT_YES), flags=FOUND
    )
    router.message.register(reason_typed, StaffInput.reason, TypedForStep(), flags=IN_STEP)
    return router
