"""Stored answers that cannot be read: keep the rest, say so plainly, ask the first missing one.

Without this a citizen whose stored answers an older version wrote, or whose answers contradict
each other, got "something went wrong" on every message and could never go on.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import LANGUAGES, _, use_locale
from bot.rules import needed_fields
from bot.storage.database import Database
from handlers.citizen.application_draft import LostDraft
from handlers.citizen.asking import UnreadableAnswers, ask, store_profile
from handlers.citizen.question_kinds import ShowResults
from handlers.citizen.questions import SUMMARY, next_step
from handlers.citizen.states import Flow
from handlers.citizen.talk import Clock, say

log = logging.getLogger(__name__)


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


async def ask_again_when_unreadable(
    handler: Handler, event: TelegramObject, data: dict[str, Any]
) -> Any:
    """Inner middleware of the citizen's handlers: the repair runs under the same lock and in
    the same commit as the update it interrupts; an update that reads fine costs nothing."""
    try:
        return await handler(event, data)
    except UnreadableAnswers as error:
        if not isinstance(event, Message | CallbackQuery) or event.from_user is None:
            raise
        db: Database = data["db"]
        # The stored language, not the one the update began with: /language may have just
        # changed it before the answers were read (a rare path; one more read is nothing).
        account = await db.users.get(event.from_user.id)
        language = account.language if account is not None else None
        with use_locale(language) if language in LANGUAGES else nullcontext():
            await ask_again(event, data["bot"], data["state"], db, data["clock"], error)
        return None
    except LostDraft:
        if not isinstance(event, Message | CallbackQuery):
            raise
        await back_to_results(event, data["bot"], data["state"])
        return None


async def back_to_results(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> None:
    log.warning("the application being filled in was not stored; back to the results")
    await state.update_data(apply=None)
    await state.set_state(Flow.results)
    again = InlineKeyboardBuilder()
    again.button(text=_("Show my programmes ▶️"), callback_data=ShowResults())
    await say(
        event,
        bot,
        _(
            "Sorry, the application you were filling in was not saved. Your answers are kept: "
            "open your programmes and tap «📝 Apply» again."
        ),
        again.as_markup(),
    )


async def ask_again(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
    error: UnreadableAnswers,
) -> None:
    assert event.from_user is not None
    # Field names only: the values are personal data.
    log.warning("stored answers could not be read; dropped: %s", ", ".join(error.dropped))
    profile = error.readable
    await store_profile(state, db, event.from_user.id, profile)
    step = next_step(profile, needed_fields(profile, clock()))
    if step is SUMMARY:
        await say(
            event,
            bot,
            _(
                "Sorry, part of what was saved from our conversation had an error, and I have "
                "removed it. Your answers are kept."
            ),
        )
    else:
        await say(
            event,
            bot,
            _(
                "Sorry, some of your answers were saved with an error, so I need to ask one or "
                "two questions again. Your other answers are kept."
            ),
        )
    await ask(event, bot, state, step)
