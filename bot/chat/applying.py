"""The application's questions: phone (contact button or typed), comment, confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from aiogram.types import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.chat.callbacks import ApplyNav
from bot.chat.cards import programme_name
from bot.chat.keyboards import KeyboardBuilder
from bot.chat.questions import region_name
from bot.i18n import _, get_i18n
from bot.words.phones import pretty_phone

COMMENT_LIMIT = 1000


class LostDraft(Exception):
    """The conversation is at an application step but the application being filled in is not
    stored (an older version's data): `bot.chat.repair` takes the citizen back to the results."""


def draft_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """The application being filled in; LostDraft when there is none to go on with."""
    draft = data.get("apply")
    if not isinstance(draft, dict) or not isinstance(draft.get("programme"), str):
        raise LostDraft
    return draft


def back_label() -> str:
    return _("⬅️ Back")


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
    keyboard = _phone_keyboard(get_i18n().current_locale)
    if suggested is None:
        return text, keyboard
    # The number as a key of its own: a tap sends it as typed text, which the phone step takes.
    hint = _("Or tap the number from your last application: {phone}.").format(
        phone=pretty_phone(suggested)
    )
    own = [KeyboardButton(text=pretty_phone(suggested))]
    return f"{text}\n{hint}", keyboard.model_copy(update={"keyboard": [own, *keyboard.keyboard]})


# The prompts' keyboards are built once per language (and programme) and shared: building one
# costs 50-150 µs of pydantic models, and a markup is never changed once built.
@lru_cache(maxsize=8)
def _phone_keyboard(locale: str) -> ReplyKeyboardMarkup:
    """`locale` is the current one: it is part of the cache key, the texts come from `_`."""
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=_("📱 Share my phone number"), request_contact=True)],
            [KeyboardButton(text=back_label())],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def comment_prompt(programme: str) -> tuple[str, InlineKeyboardMarkup]:
    text = _(
        "Would you like to add a comment for the career centre, for example a good time to "
        "call? Type it, or tap “Skip”."
    )
    return text, _comment_keyboard(programme, get_i18n().current_locale)


@lru_cache(maxsize=64)
def _comment_keyboard(programme: str, locale: str) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(text=_("Skip"), callback_data=ApplyNav(action="skip", programme=programme))
    builder.button(text=back_label(), callback_data=ApplyNav(action="back", programme=programme))
    builder.adjust(1)
    return builder.as_markup()


def confirm_prompt(
    programme: str, region: str | None, phone: str, comment: str | None
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        _("Please check your application:"),
        _("Programme: {programme}").format(programme=programme_name(programme)),
        _("Region: {region}").format(region=region_name(region)),
        _("Phone: {phone}").format(phone=pretty_phone(phone)),
    ]
    if comment:
        lines.append(_("Comment: {comment}").format(comment=comment))
    lines.append(_("Send it to the career centre?"))
    return "\n".join(lines), _confirm_keyboard(programme, get_i18n().current_locale)


@lru_cache(maxsize=64)
def _confirm_keyboard(programme: str, locale: str) -> InlineKeyboardMarkup:
    builder = KeyboardBuilder()
    builder.button(
        text=_("✅ Send the application"),
        callback_data=ApplyNav(action="submit", programme=programme),
    )
    builder.button(text=back_label(), callback_data=ApplyNav(action="back", programme=programme))
    builder.adjust(1)
    return builder.as_markup()
