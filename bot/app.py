"""The one place that builds the bot: dispatcher (routers, middlewares, storage) and Bot."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ChatType
from aiogram.exceptions import ClientDecodeError, TelegramAPIError
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import BotCommand, BotCommandScopeDefault
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.chat.repair import ask_again_when_unreadable
from bot.i18n import LANGUAGES, UserLanguageMiddleware, _, get_i18n, use_locale
from bot.isolation import ConversationIsolation
from bot.middlewares import ConversationTransaction, Dependencies
from bot.retry import later, may_pass
from bot.routing import streamline
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage
from handlers import account, consent, fallback, help, questionnaire, results, start
from handlers import staff as staff_area
from handlers.staff.access import StaffOnly
from handlers.staff.steps import LeaveStepWhenMovingOn

log = logging.getLogger(__name__)

# Used only where no token is set: the console and tests talk to an offline session.
OFFLINE_TOKEN = "1:offline"


def citizen_routers() -> list[Router]:
    """Order matters: commands first, then unknown commands, then steps, then the fallbacks."""
    return [
        start.router,
        help.router,
        account.router,
        fallback.commands_router,
        consent.router,
        questionnaire.router,
        results.router,
        fallback.router,
    ]


def build_dispatcher(
    db: Database,
    settings: Settings,
    *,
    storage: BaseStorage | None = None,
    clock: Callable[[], date] = date.today,
) -> Dispatcher:
    """Everything an update goes through, citizen's or staff's. `clock` gives "today" for the
    rules."""
    if storage is None:
        storage = SQLiteStorage(db)
    dp = Dispatcher(storage=storage, events_isolation=ConversationIsolation(), clock=clock)
    dp.update.outer_middleware(Dependencies(db, settings))
    dp.update.outer_middleware(ConversationTransaction())
    dp.callback_query.middleware(CallbackAnswerMiddleware())
    # Any handler, staff or citizen, that is not part of a staff typing step closes it first.
    dp.message.middleware(LeaveStepWhenMovingOn())
    dp.callback_query.middleware(LeaveStepWhenMovingOn())
    UserLanguageMiddleware(get_i18n()).setup(dp)

    # Staff first: a staff command, button or typing step is theirs even mid-questionnaire.
    staff = Router(name="staff")
    staff.message.filter(StaffOnly())
    staff.callback_query.filter(StaffOnly())
    citizen = Router(name="citizen")
    for router in (
        *staff_area.staff_routers(),
        staff_area.access.router,
        staff_area.staff_chat_router,
        *citizen_routers(),
        fallback.groups_router,
        fallback.errors_router,
    ):
        _detach(router)
    staff.include_routers(*staff_area.staff_routers())
    citizen.message.filter(F.chat.type == ChatType.PRIVATE)
    citizen.edited_message.filter(F.chat.type == ChatType.PRIVATE)
    citizen.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    for observer in (citizen.message, citizen.edited_message, citizen.callback_query):
        observer.middleware(ask_again_when_unreadable)
    citizen.include_routers(*citizen_routers())

    dp.include_routers(
        staff,
        staff_area.access.router,  # everyone else who tries a staff command or button
        citizen,
        staff_area.staff_chat_router,
        fallback.groups_router,
        fallback.errors_router,
    )
    streamline(dp)
    return dp


def _detach(router: Router) -> None:
    """Routers live at module level (aiogram's style) and may have one parent at a time: a
    dispatcher built again in the same process (tests, a restart in the console) takes them."""
    parent = router.parent_router
    if parent is not None:
        parent.sub_routers.remove(router)
        router._parent_router = None


def build_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    """A Bot for the token in settings (or an offline token when a session is given)."""
    if session is None:
        session = (
            AiohttpSession(api=TelegramAPIServer.from_base(settings.api_url))
            if settings.api_url
            else AiohttpSession()
        )
    token = settings.bot_token.get_secret_value() if settings.bot_token else OFFLINE_TOKEN
    return Bot(token=token, session=session)


async def register_commands(bot: Bot, settled: set[str] | None = None) -> float | None:
    """The command menu in each language; a Bot API server that refuses it is not fatal.
    None when every menu is set or refused for good; else a menu failed in a way that may pass
    (no connection, 5xx, 429) and the caller tries again, after at least the seconds returned
    (Telegram's retry_after, or 0). Languages in `settled` are skipped; those set or refused
    for good now are added to it, so a second try sends only what failed."""
    again: float | None = None
    settled = set() if settled is None else settled
    for language in LANGUAGES:
        if language in settled:
            continue
        with use_locale(language):
            commands = [
                BotCommand(command="start", description=_("Check the programmes")),
                BotCommand(command="my", description=_("My applications")),
                BotCommand(command="language", description=_("Change the language")),
                BotCommand(command="privacy", description=_("What we keep about you")),
                BotCommand(command="forget", description=_("Delete my data")),
                BotCommand(command="help", description=_("Help")),
                BotCommand(command="cancel", description=_("Stop the current step")),
            ]
        try:
            await bot.set_my_commands(
                commands, scope=BotCommandScopeDefault(), language_code=language
            )
        except (TelegramAPIError, ClientDecodeError, OSError, ValueError) as error:
            log.warning("could not register the %s command menu: %s", language, error)
            if may_pass(error):
                again = later(again, error)
                continue
        settled.add(language)
    return again
