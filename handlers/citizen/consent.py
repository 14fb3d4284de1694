"""Consent and the way in: the consent text (who processes the data, why, what is kept, how
long, how to withdraw), agreeing or declining, then the first question not yet answered."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.rules import needed_fields
from bot.storage.database import Database
from handlers.citizen.asking import ask, load_profile, profile_of
from handlers.citizen.questions import FIRST, next_step
from handlers.citizen.states import Flow
from handlers.citizen.talk import Clock, say

# Stored with each consent; change it whenever the text below changes in substance.
CONSENT_VERSION = "2026-12-04.1"


class ConsentChoice(CallbackData, prefix="cons"):
    agree: bool


def consent_text() -> str:
    return _(
        "Before we start: your personal data.\n\n"
        "Who: Jumys Bot and the career centre («Мансап» орталығы) of your region.\n"
        "Why: to check which state employment programmes fit you and to pass your "
        "application to the career centre.\n"
        "What we keep: your answers (IIN or date of birth, region, work, education), and if you "
        "apply, your phone number, the name in your Telegram profile and your comment.\n"
        "How long: while your application is handled and one year after it, or until you "
        "delete it.\n"
        "Your rights: /privacy shows what we keep, /forget deletes it at any time.\n\n"
        "Do you agree?"
    )


def consent_keyboard() -> InlineKeyboardMarkup:
    return _consent_keyboard()


def _consent_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
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


async def begin(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    """Consent first; then the first unanswered question, or the summary if all are answered."""
    account = await db.users.get(event.from_user.id)  # type: ignore[union-attr]
    if account is None or account.consent_version is None:
        await state.set_state(Flow.consent)
        await say(event, bot, consent_text(), consent_keyboard())
        return
    profile = await load_profile(state)
    if profile.birth_date is None and account.profile:
        # The conversation state was lost or cleared: the users table still has the answers.
        profile = profile_of({"profile": account.profile})
        await state.update_data(profile=account.profile)
    step = next_step(profile, needed_fields(profile, clock()))
    # The step first: if Telegram will not take the greeting, the citizen's next message is
    # still the answer to this step, not lost in a conversation that went nowhere.
    await state.set_state(step)
    if step is FIRST:
        await say(event, bot, _("Let's find the state employment programmes that fit you."))
    else:
        await say(event, bot, _("Welcome back! Your answers are kept; let's continue."))
    await ask(event, bot, state, step)


async def consent_given(
    callback: CallbackQuery,
    callback_data: ConsentChoice,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    if callback.message is not None:
        await bot.edit_message_reply_markup(
            chat_id=callback.from_user.id, message_id=callback.message.message_id
        )
    if not callback_data.agree:
        await state.clear()
        await say(callback, bot, declined_text())
        return
    await db.users.give_consent(callback.from_user.id, CONSENT_VERSION)
    await state.set_state(None)
    await begin(callback, bot, state, db, clock)


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(consent_given, ConsentChoice.filter(), Flow.consent)
    return router
