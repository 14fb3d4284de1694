"""Edits that find their work done: "message is not modified", "message to edit not found",
"message can't be edited" are success.

Handlers take a message's buttons away (consent, Send, the questionnaire) or turn a page of them,
then reply. An update handled again after a crash repeats the edit that already went through, and
Telegram refuses it as "not modified"; a message the citizen deleted, or one too old to edit,
refuses it too. In each case what the edit was for holds (no old buttons to press), so the handler
goes on to its reply instead of failing into the error handler's apology.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    Response,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType

from bot.telegram.middlewares import RequestMiddleware

EDITS = (EditMessageText, EditMessageReplyMarkup, EditMessageCaption)
# Telegram's descriptions (lower case) of an edit with nothing left to do.
NOTHING_TO_EDIT = (
    "message is not modified",
    "message to edit not found",
    "message can't be edited",
)
# The Bot API's answer to an edit that did not return the message.
_DONE = '{"ok": true, "result": true}'


def is_edit(method: TelegramMethod[Any]) -> bool:
    return isinstance(method, EDITS)


def nothing_to_edit(error: TelegramBadRequest) -> bool:
    description = error.message.lower()
    return any(words in description for words in NOTHING_TO_EDIT)


class EditsInPlace(RequestMiddleware):
    """Session middleware: an edit refused because there is nothing left to edit succeeds."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if not is_edit(method):
            return await make_request(bot, method)
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as error:
            if not nothing_to_edit(error):
                raise
            return bot.session.check_response(bot, method, 200, _DONE)
