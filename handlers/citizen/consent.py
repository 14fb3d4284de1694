"""Consent and the way in: the consent in short (what is kept and why, how to see and delete it)
with a button for the full text (who processes the data, why, what is kept, how long, how to
withdraw), agreeing or declining (by button or a typed «да» / «иә»), then the first question
not yet answered. Nothing about the citizen is stored before "I agree"."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.rules import needed_fields
from bot.storage.database import Database
from bot.words.yes_no import read_yes_no
from handlers.citizen.asking import ask, load_profile, profile_of
from handlers.citizen.questions import FIRST, next_step
from handlers.citizen.states import Flow
from handlers.citizen.talk import Clock, say

# Stored with each consent; change it whenever the texts below change in substance.
CONSENT_VERSION = "2026-12-04.2"


class ConsentChoice(CallbackData, prefix="cons"):
    agree: bool


class ConsentInFull(CallbackData, prefix="consfull"):
    pass


class YesOrNo(Filter):
    """A typed «да» / «иә» / «нет» / «жоқ»: the handler gets `answer` (True: yes)."""

    async def __call__(self, message: Message) -> bool | dict[str, Any]:
        answer = read_yes_no(message.text or "")
        return False if answer is None else {"answer": answer}


def consent_text() -> str:
    """The consent as first shown: short enough to read on one screen (at most 300 characters
    in either language); «More» shows consent_in_full() in its place."""
    return _(
        "Before we start: to find the programmes that fit you and pass your application to "
        "the career centre («Мансап» орталығы), we keep your answers and, if you apply, your "
        "phone and name. /privacy shows what we keep, /forget deletes it. Do you agree?"
    )


def consent_in_full() -> str:
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


def consent_keyboard(*, in_full: bool = False) -> InlineKeyboardMarkup:
    """Agree, decline and, under the short text, «More» for the full one."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ I agree"), callback_data=ConsentChoice(agree=True))
    builder.button(text=_("No, thank you"), callback_data=ConsentChoice(agree=False))
    if not in_full:
        builder.button(text=_("ℹ️ More about my data"), callback_data=ConsentInFull())
    builder.adjust(1)
    return builder.as_markup()


def declined_text() -> str:
    return _(
        "Understood: we keep nothing about you.\n"
        "You can get the same help in person at the career centre («Мансап» орталығы) of your "
        "district, or online on enbek.kz and eGov.kz.\n"
        "If you change your mind, send /start."
    )


def greeting(*, again: bool) -> str:
    """Said first in the message of the first question, or of the one the citizen goes on with."""
    if again:
        return _("Welcome back! Your answers are kept; let's continue.")
    return _("Let's find the state employment programmes that fit you.")


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
    # The greeting and the question in one message: one message fewer to read.
    await ask(event, bot, state, step, lead=greeting(again=step is not FIRST))


async def _decided(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
    *,
    agree: bool,
) -> None:
    if not agree:
        await state.clear()
        await say(event, bot, declined_text())
        return
    await db.users.give_consent(event.from_user.id, CONSENT_VERSION)  # type: ignore[union-attr]
    await state.set_state(None)
    await begin(event, bot, state, db, clock)


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
    await _decided(callback, bot, state, db, clock, agree=callback_data.agree)


async def consent_typed(
    message: Message, bot: Bot, state: FSMContext, db: Database, clock: Clock, answer: bool
) -> None:
    """«да», «иә», «жоқ», «нет» typed instead of tapped: the same as the buttons."""
    await _decided(message, bot, state, db, clock, agree=answer)


async def consent_in_full_shown(callback: CallbackQuery, bot: Bot) -> None:
    """The full text in place of the short one, with the same buttons but «More»."""
    if callback.message is None:
        await say(callback, bot, consent_in_full(), consent_keyboard(in_full=True))
        return
    await bot.edit_message_text(
        chat_id=callback.from_user.id,
        message_id=callback.message.message_id,
        text=consent_in_full(),
        reply_markup=consent_keyboard(in_full=True),
    )


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(consent_given, ConsentChoice.filter(), Flow.consent)
    router.callback_query.register(consent_in_full_shown, ConsentInFull.filter(), Flow.consent)
    router.message.register(consent_typed, Flow.consent, F.text, YesOrNo())
    return router
