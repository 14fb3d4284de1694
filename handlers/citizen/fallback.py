"""What no other citizen handler took: unknown commands, wrong kinds of input, old buttons,
edited messages. Each gets a short message; the step stays."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import _
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus
from handlers.citizen.account import (
    answered_last,
    offer_to_send_typed,
    send_answer,
    show_applications,
)
from handlers.citizen.asking import current_step
from handlers.citizen.commands import NAMES
from handlers.citizen.states import Flow
from handlers.citizen.talk import say
from handlers.citizen.whereabouts import stale_button, where_we_are

log = logging.getLogger(__name__)

# Included right after the routers with commands, before any step that reads typed text.


async def unknown_command(message: Message, bot: Bot) -> None:
    assert message.text is not None
    # "/my@OtherBot" is for another bot: ours are answered with or without our own name.
    name = message.text.split(maxsplit=1)[0].removeprefix("/")
    if name in NAMES:
        # A command of the table that no room answered: a handler is missing, not a typo.
        log.error("the command /%s is in the command table but no handler took it", name)
    await say(message, bot, _("I do not know this command. /help lists what I can do."))


async def unexpected_text(message: Message, bot: Bot, state: FSMContext, db: Database) -> None:
    assert message.text is not None and message.from_user is not None
    current = await state.get_state()
    if await current_step(state) is not None:
        waiting = await _waiting_for_answer(db, message.from_user.id)
        if len(waiting) == 1:
            await offer_to_send_typed(message, bot, state, waiting[0])
        else:
            await say(message, bot, _("Please answer with the buttons below."))
        await where_we_are(message, bot, state)
        return
    if current in (None, Flow.results.state):
        # A reply to the career centre's question needs no button press first.
        applications = await db.applications.list_for_user(message.from_user.id)
        waiting = [a for a in applications if a.status is AppStatus.NEEDS_INFO]
        if len(waiting) == 1:
            await send_answer(message, bot, db, waiting[0], message.text)
            return
        if len(waiting) > 1:
            await say(
                message,
                bot,
                _(
                    "The career centre asked about several of your applications. Press "
                    "«✍️ Answer» under the one you are answering, then send your text again."
                ),
            )
            await show_applications(message, bot, db)
            return
        if await answered_last(db, applications):
            await say(
                message,
                bot,
                _(
                    "Your answer has already reached the career centre, and I pass on one "
                    "answer per question. If they need more, they will ask here or call you."
                ),
            )
            return
    await where_we_are(message, bot, state)


async def _waiting_for_answer(db: Database, user_id: int) -> list[Application]:
    applications = await db.applications.list_for_user(user_id)
    return [a for a in applications if a.status is AppStatus.NEEDS_INFO]


async def unexpected_kind(message: Message, bot: Bot, state: FSMContext) -> None:
    """Stickers, photos, voice, documents, locations: we read only text and buttons."""
    await say(message, bot, _("I can read only text and button presses, sorry."))
    await where_we_are(message, bot, state)


async def edited(message: Message, bot: Bot) -> None:
    await say(message, bot, _("I do not see changes to sent messages. Please send a new one."))


async def old_button(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    await stale_button(callback, bot, state)


def commands_router() -> Router:
    router = Router(name=f"{__name__}.commands")
    router.message.register(unknown_command, F.text.startswith("/"))
    return router


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(unexpected_text, F.text)
    router.message.register(unexpected_kind)
    router.edited_message.register(edited)
    router.callback_query.register(old_button)
    return router
