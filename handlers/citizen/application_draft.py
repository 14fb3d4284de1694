"""The application being filled in: the draft kept in the conversation, and its confirmation,
where a typed text is the comment for the centre (the phone question is handlers/citizen/phone.py).

The draft lives in the conversation data (stored with the conversation, bot/storage/fsm.py):
the programme, the phone, the comment typed at the confirmation, and the id of the confirmation
on the screen, whose buttons are taken away when a newer one replaces it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram import Bot
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.words.names import programme_name, region_name
from bot.words.phones import pretty_phone
from handlers.citizen.asking import profile_of
from handlers.citizen.states import Applying
from handlers.citizen.talk import say

COMMENT_LIMIT = 1000
# The draft's key for the message id of the confirmation on the screen.
SHOWN = "shown"


class ApplyNav(CallbackData, prefix="apn"):
    """At the confirmation: submit, change the phone ("phone"; "back" on older confirmations),
    or do not send ("cancel")."""

    action: str
    programme: str


class LostDraft(Exception):
    """The conversation is at an application step but the application being filled in is not
    stored (an older version's data): `handlers.citizen.repair` takes the citizen back to the
    results."""


def draft_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """The application being filled in; LostDraft when there is none to go on with."""
    draft = data.get("apply")
    if not isinstance(draft, dict) or not isinstance(draft.get("programme"), str):
        raise LostDraft
    return draft


def back_label() -> str:
    return _("⬅️ Back")


def confirm_prompt(
    programme: str,
    region: str | None,
    phone: str,
    comment: str | None,
    *,
    phone_saved: bool = False,
) -> tuple[str, InlineKeyboardMarkup]:
    """The application to check before it is sent; a text typed here is its comment.
    `phone_saved`: the number was given just now, and is said back in full first."""
    lines: list[str] = []
    if phone_saved:
        # Said back in full: a number mistyped by one digit is seen before the centre calls it.
        lines += [
            _("Thank you, the number {phone} is saved.").format(phone=pretty_phone(phone)),
            "",
        ]
    lines += [
        _("Please check your application:"),
        _("Programme: {programme}").format(programme=programme_name(programme)),
        _("Region: {region}").format(region=region_name(region)),
        _("Phone: {phone}").format(phone=pretty_phone(phone)),
    ]
    if comment:
        lines += [
            _("Comment: {comment}").format(comment=comment),
            "",
            _("To change the comment, just write a new one here."),
        ]
    else:
        lines += [
            "",
            _(
                "If you want to add a comment for the career centre (for example, when to call "
                "you), just write it here."
            ),
        ]
    lines.append(_("Send it to the career centre?"))
    return "\n".join(lines), _confirm_keyboard(programme)


def _confirm_keyboard(programme: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Send the application"),
        callback_data=ApplyNav(action="submit", programme=programme),
    )
    builder.button(
        text=_("📞 Change the phone number"),
        callback_data=ApplyNav(action="phone", programme=programme),
    )
    builder.button(
        text=_("✖️ Do not send"), callback_data=ApplyNav(action="cancel", programme=programme)
    )
    builder.adjust(1)
    return builder.as_markup()


async def ask_confirm(
    event: Message | CallbackQuery, bot: Bot, state: FSMContext, *, phone_saved: bool = False
) -> None:
    """The confirmation as a new message; the one shown before loses its buttons, so that no
    older «Send» stays on the screen beside the newer application."""
    data = await state.get_data()
    apply = draft_of(data)
    phone = apply.get("phone")
    if not isinstance(phone, str):
        raise LostDraft
    await state.set_state(Applying.confirm)
    text, markup = confirm_prompt(
        str(apply["programme"]),
        profile_of(data).region,
        phone,
        apply.get("comment"),
        phone_saved=phone_saved,
    )
    await take_buttons_away(event, bot, apply)
    sent = await say(event, bot, text, markup)
    await state.update_data(apply={**apply, SHOWN: sent.message_id})


async def take_buttons_away(
    event: Message | CallbackQuery, bot: Bot, draft: Mapping[str, Any]
) -> None:
    """The buttons of the confirmation on the screen, if any, taken away."""
    shown = draft.get(SHOWN)
    if isinstance(shown, int):
        chat_id = event.chat.id if isinstance(event, Message) else event.from_user.id
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=shown)
