"""A staff typing step: entering it, the prompt to reply to in a group, the text typed for
it, and leaving it for where the person was as a citizen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import (
    CallbackQuery,
    ForceReply,
    Message,
    MessageEntity,
    ReplyParameters,
)

from bot.settings import Settings
from bot.storage.database import Database
from handlers.staff.members import StaffMember
from handlers.staff.replies import Markup, chat_id_of, in_group, send

# FSM data key of a staff input step; the citizen conversation keeps its own keys beside it.
INPUT_KEY = "staff_input"
# FSM data key of the prompts (message ids in a group) of the last step closed.
CLOSED_PROMPT_KEY = "staff_closed_prompt"


async def start_input(state: FSMContext, step: State, **data: Any) -> None:
    """Enter a staff typing step, remembering the step the person was at as a citizen."""
    current = await state.get_data()
    previous = (current.get(INPUT_KEY) or {}).get("previous_state") or await state.get_state()
    if previous is not None and previous.startswith("StaffInput:"):
        previous = None
    await state.update_data({INPUT_KEY: {**data, "previous_state": previous}})
    await state.set_state(step)


async def input_data(state: FSMContext) -> dict[str, Any]:
    return dict((await state.get_data()).get(INPUT_KEY) or {})


async def remember_prompt(state: FSMContext, prompt: Message) -> None:
    """Keep the id of a message the staff member may reply to (in a group chat): the step's
    question, and each 'please send it again' after it; a reply to any of them counts."""
    data = await input_data(state)
    prompts = [*_prompts_of(data), prompt.message_id]
    await state.update_data({INPUT_KEY: {**data, "prompts": prompts}})


def _prompts_of(step_data: dict[str, Any]) -> list[int]:
    return [p for p in step_data.get("prompts") or [] if isinstance(p, int)]


async def ask_to_type(
    callback: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    text: str,
    private_markup: Markup | None = None,
) -> None:
    """Ask for what the current typing step needs. In a group the question is a message to
    reply to, since there the bot reads nothing else (`AnsweringPrompt`); it names the member,
    which is what opens Telegram's reply box for them alone (a selective ForceReply goes to
    the people a message mentions)."""
    if not in_group(callback):
        await remember_prompt(state, await send(callback, bot, text, private_markup))
        return
    person = callback.from_user
    if not text.startswith(person.full_name):
        text = f"{person.full_name}: {text}"
    mention = MessageEntity(
        type="text_mention", offset=0, length=_utf16_length(person.full_name), user=person
    )
    prompt = await bot.send_message(
        chat_id=chat_id_of(callback),
        text=text,
        entities=[mention],
        reply_markup=ForceReply(selective=True),
    )
    await remember_prompt(state, prompt)


async def ask_again(message: Message, bot: Bot, state: FSMContext, text: str) -> None:
    """What was typed for a step did not do: say why and ask again. In a group, as a reply to
    it that is the step's new prompt, so that replying to it (as told) counts."""
    if message.chat.type == ChatType.PRIVATE:
        await send(message, bot, text)
        return
    prompt = await bot.send_message(
        chat_id=message.chat.id,
        text=text,
        # Sent all the same if they deleted their message meanwhile.
        reply_parameters=ReplyParameters(
            message_id=message.message_id, allow_sending_without_reply=True
        ),
        reply_markup=ForceReply(selective=True),
    )
    await remember_prompt(state, prompt)


def _utf16_length(text: str) -> int:
    # Telegram counts entity offsets in UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2


def _answers_prompt(message: Message, step_data: dict[str, Any]) -> bool:
    if message.chat.type == ChatType.PRIVATE:
        return True
    replied = message.reply_to_message
    return replied is not None and replied.message_id in _prompts_of(step_data)


class AnsweringPrompt(Filter):
    """A message meant for the current typing step.

    In a private chat every message is. In a group colleagues talk to each other, so only a
    reply to the bot's prompt is: otherwise a reviewer's next remark to a colleague would go
    to the citizen as a reason or a question, or set the plan, or add someone to the staff.
    """

    async def __call__(self, message: Message, state: FSMContext) -> bool:
        private = message.chat.type == ChatType.PRIVATE
        return private or _answers_prompt(message, await input_data(state))


@dataclass(frozen=True, slots=True)
class Typed:
    """Text a staff member typed for their current step, what the step was started with, and
    what a handler needs to act on it."""

    message: Message
    text: str
    step_data: dict[str, Any]
    bot: Bot
    db: Database
    member: StaffMember
    settings: Settings

    async def send(self, text: str) -> Message:
        return await send(self.message, self.bot, text)


class TypedForStep(Filter):
    """Text (not a command) meant for the current typing step: gives handlers `typed: Typed`."""

    async def __call__(
        self,
        message: Message,
        state: FSMContext,
        bot: Bot,
        db: Database,
        member: StaffMember,
        settings: Settings,
    ) -> bool | dict[str, Any]:
        text = message.text
        if not text or text.startswith("/"):
            return False
        step_data = await input_data(state)
        if not _answers_prompt(message, step_data):
            return False
        return {"typed": Typed(message, text, step_data, bot, db, member, settings)}


async def finish_input(state: FSMContext) -> None:
    """Leave the typing step: back to where the person was as a citizen (if anywhere). Its
    prompt in a group is remembered: a reply to it later is told it went nowhere."""
    data = await input_data(state)
    await state.update_data({INPUT_KEY: None, CLOSED_PROMPT_KEY: _prompts_of(data)})
    await state.set_state(data.get("previous_state"))


class RepliesToClosedPrompt(Filter):
    """A reply to the prompt of a step that was closed (done, cancelled, or left)."""

    async def __call__(self, message: Message, state: FSMContext) -> bool:
        replied = message.reply_to_message
        if replied is None:
            return False
        closed = (await state.get_data()).get(CLOSED_PROMPT_KEY)
        return isinstance(closed, list) and replied.message_id in closed
