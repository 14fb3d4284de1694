"""Decisions: how each is made, Approve (with a confirmation), and Cancel of a question asked.
Reject and Ask, with their reason or question, are `reject_or_ask`'s.

The citizen's message is queued in the same transaction as the decision; the card the decision
started from is updated in place.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.outbox.card import Review, ReviewAction, card_for, citizen_reads
from bot.outbox.notices import decision_notice
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import AppStatus, TransitionError
from bot.words.names import programme_name
from handlers.staff import commands
from handlers.staff.lookup import explain, find_application
from handlers.staff.members import StaffMember
from handlers.staff.pressed import HELD, FindApplication, Pressed
from handlers.staff.prompts import (
    AnsweringPrompt,
    ask_again,
    finish_input,
    input_data,
)
from handlers.staff.replies import chat_id_of, chat_language, edit, message_id_of, send
from handlers.staff.steps import IN_STEP, StaffInput

# -- Cancel of a question the bot asks --------------------------------------------------------


def cancel_button(app_id: int, asker_id: int) -> Review:
    """Cancel of a question the bot asked one staff member (approve? which reason?): in the
    staff group only they may press it (the button carries their id)."""
    return Review(action=ReviewAction.CANCEL, app_id=app_id, code=str(asker_id))


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
        decided = await db.applications.decide(
            app_id, member.user_id, to, reason, notice, actor_name=member.name
        )
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
# Declines asked about, by application: the reason (typed words may be long) and the card.
DECLINING = "declining"


async def _remember_card(state: FSMContext, app_id: int, card: tuple[int, int]) -> None:
    await remember_pending(state, _APPROVING, app_id, list(card))


async def remember_pending(state: FSMContext, key: str, app_id: int, value: object) -> None:
    """A decision asked about ("approve?", "decline?"), kept until confirmed or cancelled."""
    asked = dict((await state.get_data()).get(key) or {})
    asked.pop(str(app_id), None)
    asked[str(app_id)] = value
    await state.update_data({key: dict(list(asked.items())[-_APPROVING_KEPT:])})


async def asked_about(state: FSMContext, key: str, app_id: int) -> object:
    return ((await state.get_data()).get(key) or {}).get(str(app_id))


async def forget_pending(state: FSMContext, key: str, app_id: int) -> None:
    asked = dict((await state.get_data()).get(key) or {})
    if asked.pop(str(app_id), None) is not None:
        await state.update_data({key: asked})


async def _card_asked_from(state: FSMContext, app_id: int) -> tuple[int, int] | None:
    return card_ref(await asked_about(state, _APPROVING, app_id))


async def _forget_card(state: FSMContext, app_id: int) -> None:
    await forget_pending(state, _APPROVING, app_id)


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
    if await decide_pressed(press, AppStatus.APPROVED, None, card):
        await _forget_card(state, press.application.id)
        await press.replace_pressed(_("Done."))


async def decide_pressed(
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


def card_ref(card: object) -> tuple[int, int] | None:
    if isinstance(card, list) and len(card) == 2 and all(isinstance(x, int) for x in card):
        return card[0], card[1]
    return None


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
    for key in (_APPROVING, DECLINING):
        await forget_pending(state, key, callback_data.app_id)
    callback_answer.text = _("Nothing changed.")
    await edit(bot, chat_id_of(callback), message_id_of(callback), _("Nothing changed."), None)


async def cancel_typing(message: Message, bot: Bot, state: FSMContext) -> None:
    await finish_input(state)
    await send(message, bot, _("Nothing changed."))


# Last (after `reject_or_ask` and `review`): anything else while a reason or a note is awaited
# (a photo, a sticker). A command is not: it is the member moving on (`handlers.staff.steps`),
# handled by its own router.
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
