"""Moving a citizen through the questionnaire: what is saved, what is asked next, Back."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message

from bot.rules import needed_fields
from bot.rules.model import Profile
from bot.rules.profile_json import (
    ProfileError,
    profile_from_json,
    profile_to_json,
    salvage_profile,
)
from bot.storage.database import Database
from handlers.citizen.question_kinds import Picks, step_name
from handlers.citizen.questions import (
    FIRST,
    STEP_OF_NAME,
    STEP_OF_STATE,
    next_step,
    question,
    question_of,
)
from handlers.citizen.talk import Clock, say, show

# Back remembers this many steps; enough for any walk through the questions and edits.
_HISTORY_LIMIT = 30


class UnreadableAnswers(Exception):
    """Stored answers that are not a profile (an older version's values, answers that
    contradict each other): `handlers.citizen.repair` keeps the readable ones and asks the rest
    again. Carries field names only, never the values: they are personal."""

    def __init__(self, readable: Profile, dropped: tuple[str, ...]) -> None:
        super().__init__(f"unreadable answers: {', '.join(dropped)}")
        self.readable = readable
        self.dropped = dropped


def profile_of(data: Mapping[str, Any]) -> Profile:
    """The profile in conversation data; UnreadableAnswers when it cannot be read."""
    stored = data.get("profile") or {}
    try:
        return profile_from_json(stored)
    except ProfileError:
        raise UnreadableAnswers(*salvage_profile(stored)) from None


async def load_profile(state: FSMContext) -> Profile:
    return profile_of(await state.get_data())


async def store_profile(state: FSMContext, db: Database, user_id: int, profile: Profile) -> None:
    """Every answer is kept twice: in the conversation state and in the users table."""
    as_json = profile_to_json(profile)
    await state.update_data(profile=as_json)
    await db.users.save_profile(user_id, as_json)


async def current_step(state: FSMContext) -> State | None:
    """The questionnaire's step the citizen is on (a question or the summary), if any."""
    return STEP_OF_STATE.get(str(await state.get_state()))


async def start_picks(state: FSMContext, step: State, profile: Profile) -> None:
    """A question of ticks asked afresh starts from the answer given, not from old ticks."""
    asked = question_of(step)
    if asked is not None and isinstance(asked.kind, Picks):
        await state.update_data(picks=sorted(asked.kind.ticks(profile)))


async def ask(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    step: State,
    *,
    came_from: State | None = None,
    page: int = 0,
    lead: str | None = None,
) -> None:
    """Show a step's question and make it the current one; `came_from` is what Back returns to,
    `lead` a line said first in the same message (a greeting)."""
    data = await state.get_data()
    history: list[str] = list(data.get("history") or [])
    if came_from is not None and came_from is not step:
        history = [*history, step_name(came_from)][-_HISTORY_LIMIT:]
    if step is FIRST and came_from is None:
        history = []
    profile = profile_of(data)
    picks = frozenset(data.get("picks") or [])
    text, markup = question(step, profile, page=page, picks=picks, can_go_back=bool(history))
    if lead:
        text = f"{lead}\n\n{text}"
    await state.update_data(history=history)
    await state.set_state(step)
    await show(event, bot, state, text, markup)


async def advance(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    profile: Profile,
    answered: State,
    clock: Clock,
) -> None:
    """After an answer: the next question that matters, or the summary."""
    step = next_step(profile, needed_fields(profile, clock()))
    await start_picks(state, step, profile)
    await ask(event, bot, state, step, came_from=answered)


async def go_back(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> None:
    data = await state.get_data()
    # Only steps this version knows: an older version's entry must not break Back.
    history = [entry for entry in data.get("history") or [] if entry in STEP_OF_NAME]
    if not history:
        step = await current_step(state) or FIRST
        await ask(event, bot, state, step)
        return
    previous = STEP_OF_NAME[history.pop()]
    await state.update_data(history=history)
    await start_picks(state, previous, profile_of(data))
    await ask(event, bot, state, previous)


async def repeat_question(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> bool:
    """Ask the current step again (after bad input); False when not in the questionnaire."""
    step = await current_step(state)
    if step is None:
        return False
    data: dict[str, Any] = await state.get_data()
    history = data.get("history") or []
    profile = profile_of(data)
    picks = frozenset(data.get("picks") or [])
    text, markup = question(step, profile, picks=picks, can_go_back=bool(history))
    await say(event, bot, text, markup)
    return True


def with_answer(profile: Profile, **changes: Any) -> Profile:
    return dataclasses.replace(profile, **changes)
