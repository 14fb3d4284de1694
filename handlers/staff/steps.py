"""The staff typing steps (`StaffInput`), and how one ends when the member moves on.

A reviewer who pressed Decline (or Ask, Note, Add, a plan figure) and then did something
else, such as /queue, /my or taking another application, left the step open: the next text
they typed, meant for anything, went to the first citizen as the reason or the question. Now
any handler that is not part of the step (`flags=IN_STEP`) closes it first and says what was
not sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.dispatcher.flags import get_flag
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove, TelegramObject

from bot.i18n import _
from bot.storage.database import Database
from bot.storage.models import AppStatus
from handlers.staff.prompts import finish_input, input_data
from handlers.staff.replies import chat_id_of

# Handler flag of a button on one application (`handlers.staff.pressed`): its checks come first.
APPLICATION_FLAG = "application"
# Handler flag of what belongs to a typing step.
STEP_FLAG = "staff_step"
# Handlers of a typing step itself: its text, its buttons, its Cancel.
IN_STEP: dict[str, Any] = {STEP_FLAG: True}


class StaffInput(StatesGroup):
    """Steps where a staff member types something: a reason, a note, a person, a plan figure."""

    reason = State()
    note = State()
    person = State()
    plan = State()


def _left_text(step: str, data: dict[str, Any], number: str | None) -> str:
    if step == StaffInput.plan.state:
        return _("The plan was not changed, since you moved on.")
    if step == StaffInput.person.state:
        return _("Adding a staff member is stopped, since you moved on.")
    shown = number or "—"
    if step == StaffInput.note.state:
        return _("{number}: the note was not saved, since you moved on.").format(number=shown)
    if data.get("to") == AppStatus.NEEDS_INFO.value:
        return _("{number}: the question was not sent, since you moved on.").format(number=shown)
    return _("{number}: not declined, since you moved on; no reason was sent.").format(number=shown)


class LeaveStepWhenMovingOn(BaseMiddleware):
    """Inner middleware of the dispatcher: runs once a handler, staff or citizen, was chosen
    (a reviewer's /my or /language moves on as much as /queue does). A button on one
    application is left to `FindApplication`, which calls `leave_step_if_moving_on` only once
    the press is not refused: a mis-tap on a colleague's button keeps one's own step."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if get_flag(data, APPLICATION_FLAG) is None:
            await leave_step_if_moving_on(event, data)
        return await handler(event, data)


async def leave_step_if_moving_on(event: TelegramObject, data: dict[str, Any]) -> None:
    step = data.get("raw_state")
    if (
        isinstance(step, str)
        and step.startswith(f"{StaffInput.__name__}:")
        and not get_flag(data, STEP_FLAG)
        and isinstance(event, Message | CallbackQuery)
    ):
        await _leave(event, step, data)


async def _leave(event: Message | CallbackQuery, step: str, data: dict[str, Any]) -> None:
    state: FSMContext = data["state"]
    bot: Bot = data["bot"]
    db: Database = data["db"]
    pending = await input_data(state)
    await finish_input(state)
    number = None
    app_id = pending.get("app_id")
    if isinstance(app_id, int):
        application = await db.applications.get(app_id)
        number = None if application is None else application.number
    # The step's own keyboard (Add's "choose a person") goes with it.
    await bot.send_message(
        chat_id=chat_id_of(event),
        text=_left_text(step, pending, number),
        reply_markup=ReplyKeyboardRemove() if step == StaffInput.person.state else None,
    )
