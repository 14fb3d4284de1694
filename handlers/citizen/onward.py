"""The buttons that lead on from a message that closes a step (an application not sent, one
withdrawn, an answer passed on): the programmes again, and the citizen's applications."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from handlers.citizen.question_kinds import ShowResults


class Menu(CallbackData, prefix="menu"):
    action: str


def onward(*, programmes: bool = True) -> InlineKeyboardMarkup:
    """«Show my programmes» (unless `programmes` is False) and «My applications»."""
    builder = InlineKeyboardBuilder()
    if programmes:
        builder.button(text=_("Show my programmes ▶️"), callback_data=ShowResults())
    builder.button(text=_("📋 My applications"), callback_data=Menu(action="my"))
    builder.adjust(1)
    return builder.as_markup()
