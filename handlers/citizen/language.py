"""The language question: asked in both languages, since we do not know which one yet."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import LANGUAGES, _, use_locale

# Each language by its own name: the same in every catalogue, so not translated.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский"}


class LanguageChoice(CallbackData, prefix="lang"):
    code: str


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in LANGUAGES:
        builder.button(text=LANGUAGE_NAMES[code], callback_data=LanguageChoice(code=code))
    return builder.as_markup()


def language_question() -> str:
    lines = []
    for code in LANGUAGES:
        with use_locale(code):
            lines.append(_("Please choose the language of our conversation."))
    return "\n".join(lines)
