"""The language of each update: the one stored for the user, else Telegram's, else the default."""

from __future__ import annotations

from typing import Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.types import TelegramObject

from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, Catalogues, get_i18n, language_from_telegram
from bot.telegram.middlewares import NextHandler, event_user


class UserLanguageMiddleware(BaseMiddleware):
    """Outer update middleware (so error handlers are covered too): every text of the update is
    in the user's language. Needs `db` in the handler data; the user's row is left in
    `data["account"]` so handlers do not read it again, and the catalogues in `data["i18n"]`
    for a handler that switches the language mid-update (`with i18n.use_locale(new): ...`)."""

    def __init__(self, catalogues: Catalogues | None = None) -> None:
        self.catalogues = get_i18n() if catalogues is None else catalogues

    def setup(self, dp: Dispatcher) -> None:
        dp.update.outer_middleware(self)

    async def locale(self, data: dict[str, Any]) -> str:
        user = event_user(data)
        if user is None:
            return DEFAULT_LANGUAGE
        db = data.get("db")
        if db is not None:
            account = await db.users.get(user.id)
            data["account"] = account
            stored = getattr(account, "language", None)
            if stored in LANGUAGES:
                return str(stored)
        return language_from_telegram(user) or DEFAULT_LANGUAGE

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        data["i18n"] = self.catalogues
        with self.catalogues.use_locale(await self.locale(data)):
            return await handler(event, data)
