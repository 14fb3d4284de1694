"""The application's phone step: the question with its contact button, the number read as
people type it (+7 701 234 56 78, 8 (701) 234-56-78, ...), kept, and said back in full at the
confirmation.

The phone keyboard is Telegram's reply keyboard (only it can share a contact), and only a
message without buttons could take it away: the confirmation has buttons, so the keyboard stays
reachable under its icon, and its keys keep a meaning at the confirmation (a contact or a number
changes the phone, «⬅️ Back» asks the phone again)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.i18n import _
from bot.words.names import programme_name
from bot.words.phones import normalise_phone, pretty_phone
from handlers.citizen.application_draft import (
    ApplyNav,
    ask_confirm,
    back_label,
    draft_of,
    take_buttons_away,
)
from handlers.citizen.commands import what_you_can_do
from handlers.citizen.onward import onward
from handlers.citizen.states import Applying, Flow
from handlers.citizen.talk import say

# A run of digits and the signs people write inside a number: «8 (777) 123-45-67».
_NUMBER_IN_TEXT = re.compile(r"\+?\d[\d\s\-()./]*\d")


def phone_in_text(text: str) -> str | None:
    """The one Kazakhstan number in a sentence («мой телефон 8777 123 45 67»), normalised;
    None when the text has none, or two (which one the centre should call is the citizen's)."""
    if len(text) > 300:
        return None
    found = {
        phone
        for run in _NUMBER_IN_TEXT.findall(text)
        if (phone := normalise_phone(run)) is not None
    }
    return found.pop() if len(found) == 1 else None


def suggested_phone(draft: Mapping[str, Any]) -> str | None:
    """The number to offer with one tap: the one given in this application (when the citizen
    went back), else the one given in their last application."""
    for key in ("phone", "phone_hint"):
        phone = draft.get(key)
        if isinstance(phone, str) and phone:
            return phone
    return None


def phone_prompt(programme: str, suggested: str | None = None) -> tuple[str, ReplyKeyboardMarkup]:
    text = _(
        "Applying for: {programme}.\n"
        "The career centre needs your phone number to call you. Tap the button below to share "
        "it, or type it like this: +7 701 234 56 78."
    ).format(programme=programme_name(programme))
    keyboard = _phone_keyboard()
    if suggested is None:
        return text, keyboard
    # The number as a key of its own: a tap sends it as typed text, which the phone step takes.
    hint = _("Or tap the number from your last application: {phone}.").format(
        phone=pretty_phone(suggested)
    )
    own = [KeyboardButton(text=pretty_phone(suggested))]
    return f"{text}\n{hint}", keyboard.model_copy(update={"keyboard": [own, *keyboard.keyboard]})


def _phone_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_("📱 Share my phone number"), request_contact=True)],
            [KeyboardButton(text=back_label())],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def ask_phone(
    event: Message | CallbackQuery, bot: Bot, state: FSMContext, draft: Mapping[str, Any]
) -> None:
    """The phone question for the application in `draft`, offering the number it suggests."""
    await state.set_state(Applying.phone)
    text, keyboard = phone_prompt(str(draft["programme"]), suggested_phone(draft))
    await say(event, bot, text, keyboard)


async def ask_phone_again(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> bool:
    """The phone question once more, after input that does not fit; False when no application
    is being filled in."""
    draft = (await state.get_data()).get("apply") or {}
    programme = str(draft.get("programme", ""))
    if not programme:
        return False
    text, keyboard = phone_prompt(programme, suggested_phone(draft))
    await say(event, bot, text, keyboard)
    return True


async def phone_accepted(message: Message, bot: Bot, state: FSMContext, phone: str) -> None:
    """The number kept in the draft, and the confirmation, which says it back in full."""
    draft = draft_of(await state.get_data())
    await state.update_data(apply={**draft, "phone": phone})
    await ask_confirm(message, bot, state, phone_saved=True)


async def phone_shared(message: Message, bot: Bot, state: FSMContext) -> None:
    assert message.contact is not None and message.from_user is not None
    if message.contact.user_id != message.from_user.id:
        await say(
            message,
            bot,
            _(
                "This seems to be someone else's contact. Please share your own number "
                "with the button, or type it."
            ),
        )
        return
    phone = normalise_phone(message.contact.phone_number)
    if phone is None:
        await say(
            message,
            bot,
            _("We accept Kazakhstan mobile numbers only. Please type one like +7 701 234 56 78."),
        )
        return
    await phone_accepted(message, bot, state, phone)


async def phone_typed(message: Message, bot: Bot, state: FSMContext) -> None:
    assert message.text is not None
    if message.text == back_label():
        if "phone" in draft_of(await state.get_data()):  # came from the confirmation
            await ask_confirm(message, bot, state)
            return
        await state.update_data(apply=None)
        await state.set_state(Flow.results)
        # Two messages: one takes the phone keyboard away, the other carries the way on.
        await say(message, bot, _("The application is not sent."), ReplyKeyboardRemove())
        await say(
            message, bot, _("You can pick a programme again or see your applications."), onward()
        )
        return
    phone = normalise_phone(message.text) or phone_in_text(message.text)
    if phone is None:
        await say(
            message,
            bot,
            _(
                "This does not look like a Kazakhstan mobile number. "
                "Please type it like +7 701 234 56 78, or tap the button to share it."
            ),
        )
        return
    await phone_accepted(message, bot, state, phone)


async def not_text(message: Message, bot: Bot, state: FSMContext) -> None:
    """A sticker, a photo, a voice message at the phone question."""
    await say(message, bot, _("Please send text here."))
    if not await ask_phone_again(message, bot, state):
        await say(message, bot, what_you_can_do())


async def change_phone(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> None:
    """«📞 Change the phone number» (or the phone keyboard's «⬅️ Back») at the confirmation: the
    phone question again, the number given offered; the confirmation's buttons go, its «Send»
    would send the old number."""
    draft = draft_of(await state.get_data())
    await take_buttons_away(event, bot, draft)
    await ask_phone(event, bot, state, draft)


def router() -> Router:
    router = Router(name=__name__)
    # At the confirmation too: the phone keyboard is still under its icon there.
    router.message.register(phone_shared, StateFilter(Applying.phone, Applying.confirm), F.contact)
    router.message.register(phone_typed, Applying.phone, F.text)
    router.message.register(not_text, Applying.phone)
    router.callback_query.register(
        change_phone, ApplyNav.filter(F.action.in_({"phone", "back"})), Applying.confirm
    )
    return router
