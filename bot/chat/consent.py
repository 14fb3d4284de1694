"""The consent text: who processes the data, why, what is kept, how long, how to withdraw."""

from __future__ import annotations

from functools import lru_cache

from aiogram.types import InlineKeyboardMarkup

from bot.chat.callbacks import ConsentChoice
from bot.chat.keyboards import KeyboardBuilder
from bot.i18n import _, get_i18n

# Stored with each consent; change it whenever the text below changes in substance.
CONSENT_VERSION = "2026-11-23.1"


def consent_text() -> str:
    return _(
        "Before we start: your personal data.\n\n"
        "Who: Jumys Bot and the career centre («Мансап» орталығы) of your region.\n"
        "Why: to check which state employment programmes fit you and to pass your "
        "application to the career centre.\n"
        "What we keep: your answers (IIN or date of birth, region, work, education), and your "
        "phone number and comment if you apply.\n"
        "How long: while your application is handled and one year after it, or until you "
        "delete it.\n"
        "Your rights: /privacy shows what we keep, /forget deletes it at any time.\n\n"
        "Do you agree?"
    )


def consent_keyboard() -> InlineKeyboardMarkup:
    return _consent_keyboard(get_i18n().current_locale)


@lru_cache(maxsize=8)
def _consent_keyboard(locale: str) -> InlineKeyboardMarkup:
    """Built once per language: a markup is never changed once built."""
    builder = KeyboardBuilder()
    builder.button(text=_("✅ I agree"), callback_data=ConsentChoice(agree=True))
    builder.button(text=_("No, thank you"), callback_data=ConsentChoice(agree=False))
    builder.adjust(1)
    return builder.as_markup()


def declined_text() -> str:
    return _(
        "Understood: we keep nothing about you.\n"
        "You can get the same help in person at the career centre («Мансап» орталығы) of your "
        "district, or online on enbek.kz and eGov.kz.\n"
        "If you change your mind, send /start."
    )
