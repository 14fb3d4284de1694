"""Bringing a citizen back to where the conversation is, after input that does not fit."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import _
from handlers.citizen.application_draft import ask_confirm
from handlers.citizen.asking import repeat_question
from handlers.citizen.commands import what_you_can_do
from handlers.citizen.consent import consent_keyboard, consent_text
from handlers.citizen.language import language_keyboard, language_question
from handlers.citizen.phone import ask_phone_again
from handlers.citizen.states import Account, Applying, Flow
from handlers.citizen.talk import say


async def where_we_are(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> None:
    """Repeat the question the citizen is on, with its buttons; or say what they can do."""
    if await repeat_question(event, bot, state):
        return
    current = await state.get_state()
    data = await state.get_data()
    apply = data.get("apply") or {}
    programme = str(apply.get("programme", ""))
    if current == Flow.consent.state:
        await say(event, bot, consent_text(), consent_keyboard())
    elif current == Flow.language.state:
        await say(event, bot, language_question(), language_keyboard())
    elif current == Applying.phone.state and programme:
        await ask_phone_again(event, bot, state)
    elif current == Applying.confirm.state and programme:
        await ask_confirm(event, bot, state)
    elif current == Account.answering.state:
        await say(event, bot, _("Please type your answer to the career centre's question."))
    else:
        await say(event, bot, what_you_can_do())


async def stale_button(
    callback: CallbackQuery, bot: Bot, state: FSMContext, *, announce: bool = True
) -> None:
    if announce:
        if await state.get_state() is None:  # no step to show: only what they can do
            await say(callback, bot, _("This button is no longer active."))
        else:
            await say(callback, bot, _("This button is no longer active. Here is where we are:"))
    await where_we_are(callback, bot, state)
