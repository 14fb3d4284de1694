"""The application being filled in: the draft kept in the conversation, and its comment and
confirmation questions (the phone question is handlers/citizen/phone.py)."""

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


class ApplyNav(CallbackData, prefix="apn"):
    """Inside an application: skip the comment, go back a step, submit."""

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


def comment_prompt(programme: str) -> tuple[str, InlineKeyboardMarkup]:
    text = _(
        "Would you like to add a comment for the career centre, for example a good time to "
        "call? Type it, or tap “Skip”."
    )
    return text, _comment_keyboard(programme)


def _comment_keyboard(programme: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
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
    return "\n".join(lines), _confirm_keyboard(programme)


def _confirm_keyboard(programme: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Send the application"),
        callback_data=ApplyNav(action="submit", programme=programme),
    )
    builder.button(text=back_label(), callback_data=ApplyNav(action="back", programme=programme))
    builder.adjust(1)
    return builder.as_markup()


async def ask_comment(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> None:
    draft = draft_of(await state.get_data())
    await state.set_state(Applying.comment)
    text, markup = comment_prompt(str(draft["programme"]))
    await say(event, bot, text, markup)


async def ask_confirm(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> None:
    data = await state.get_data()
    apply = draft_of(data)
    await state.set_state(Applying.confirm)
    text, markup = confirm_prompt(
        str(apply["programme"]),
        profile_of(data).region,
        str(apply["phone"]),
        apply.get("comment"),
    )
    await say(event, bot, text, markup)
