"""Consent: agreeing starts the questions; declining keeps nothing and says where to go."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from bot.chat.callbacks import ConsentChoice
from bot.chat.consent import CONSENT_VERSION, declined_text
from bot.chat.conversation import Clock, say
from bot.chat.steps import Flow
from bot.storage.database import Database
from handlers.start import begin


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
