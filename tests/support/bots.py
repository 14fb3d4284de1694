"""A Bot without the runtime's session middlewares (send limits, reply retries): for tests of one
room's own handling of Bot API answers (the outbox's backoff, the command menus), where the
runtime's retries would hide what the room does."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer

from bot.settings import Settings
from bot.telegram.dispatcher import OFFLINE_TOKEN


def bare_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    if session is None:
        api = TelegramAPIServer.from_base(settings.api_url) if settings.api_url else None
        session = AiohttpSession(api=api) if api is not None else AiohttpSession()
    token = settings.bot_token.get_secret_value() if settings.bot_token else OFFLINE_TOKEN
    return Bot(token=token, session=session)
