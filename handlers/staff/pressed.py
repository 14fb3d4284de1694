"""The opening every review button shares, done once before its handler runs.

A handler registered with `flags=FOUND` (or `HELD`) gets `press: Pressed`: the application of
the button exists, is in a region the member serves (else the refusal is recorded and the
member told), and with `HELD` is under review by this member (else they are told why). The
handler never sees a button it may not act on; the state machine in storage still has the
last word on every move. A router with such handlers registers the middleware once:
`router.callback_query.middleware(FindApplication())`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import current_locale
from bot.outbox.card import Review, card_for, copy_keyboard
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Application
from handlers.staff import replies
from handlers.staff.lookup import find_application, not_held
from handlers.staff.members import StaffMember
from handlers.staff.steps import APPLICATION_FLAG, leave_step_if_moving_on

NEED_FLAG = APPLICATION_FLAG


class Need(StrEnum):
    FOUND = "found"  # exists and is in one of the member's regions
    HELD = "held"  # and the member is reviewing it now (to decide or give it back)


# A press these checks pass may still be refused by its handler (Take: a colleague took it a
# moment before): such a handler closes a step being typed itself, once it succeeded.
CLOSES_STEP_ITSELF = "closes_step_itself"

FOUND: dict[str, Any] = {NEED_FLAG: Need.FOUND}
HELD: dict[str, Any] = {NEED_FLAG: Need.HELD}


@dataclass(frozen=True, slots=True)
class Pressed:
    """A review button pressed on an application the member may act on."""

    callback: CallbackQuery
    data: Review
    bot: Bot
    db: Database
    member: StaffMember
    application: Application
    answer: CallbackAnswer
    settings: Settings
    # For a handler flagged CLOSES_STEP_ITSELF: closes a step being typed, once the press did.
    leave_step: Callable[[], Awaitable[None]]

    @property
    def in_group(self) -> bool:
        return replies.in_group(self.callback)

    @property
    def card(self) -> tuple[int, int | None]:
        """(chat id, message id) of the message whose button was pressed."""
        return replies.chat_id_of(self.callback), replies.message_id_of(self.callback)

    def alert(self, text: str) -> None:
        self.answer.text = text
        self.answer.show_alert = True

    async def send(self, text: str, markup: replies.Markup | None = None) -> Message:
        return await replies.send(self.callback, self.bot, text, markup)

    async def show(
        self, text: str, markup: InlineKeyboardMarkup | None = None, *, in_place: bool = False
    ) -> int:
        """The message shown: the pressed one changed when `in_place`, else a new one; its id."""
        return await replies.show(self.callback, self.bot, text, markup, in_place=in_place)

    async def show_card(self, application: Application, *, in_place: bool = True) -> None:
        """The application's card as it is now (with the buttons this chat's copy offers), over
        the pressed one when `in_place`; kept as one of its copies from then on."""
        chat_id = self.card[0]
        with replies.chat_language(chat_id, self.settings):
            text, markup = await card_for(self.db, application), copy_keyboard(application, chat_id)
            language = current_locale()
        message_id = await self.show(text, markup, in_place=in_place)
        await self.db.cards.keep(application.id, chat_id, message_id, language)

    async def replace_pressed(self, text: str) -> None:
        """The pressed message (a confirmation, a list of reasons) says it is done with."""
        await replies.edit(self.bot, *self.card, text, None)


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class FindApplication(BaseMiddleware):
    """Checks a flagged review button's application before its handler (see the module)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        need = get_flag(data, NEED_FLAG)
        if need is None:
            return await handler(event, data)
        callback_data, answer = data["callback_data"], data["callback_answer"]
        assert isinstance(event, CallbackQuery) and isinstance(callback_data, Review)
        bot, db, member, settings = data["bot"], data["db"], data["member"], data["settings"]
        action = f"button:rv:{callback_data.action}"
        found = await find_application(event, bot, db, member, callback_data.app_id, action, answer)
        if found is None:
            return None
        if need is Need.HELD and await not_held(db, found, member, answer):
            return None
        # Only a press that is not refused moves its member on from a step they are typing for.
        leave = partial(leave_step_if_moving_on, event, data)
        if not get_flag(data, CLOSES_STEP_ITSELF):
            await leave()
        data["press"] = Pressed(
            event, callback_data, bot, db, member, found, answer, settings, leave
        )
        return await handler(event, data)
