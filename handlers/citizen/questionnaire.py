"""The questions: IIN or birth date and sex, region, work, education, experience, situations.

Every step works the same way: read the answer (typed or a button), keep it, ask the next
question that matters. What differs per step is in two tables: TYPED_ANSWERS
(handlers.citizen.typed_answers) and CHOICES below.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import _
from bot.rules import load_rules
from bot.rules.model import Education, Employment, Group, Profile, Sex
from bot.storage.database import Database
from handlers.citizen.asking import (
    advance,
    ask,
    current_step,
    go_back,
    load_profile,
    store_profile,
    with_answer,
)
from handlers.citizen.questions import Answer, ChangeAnswer, Nav, question
from handlers.citizen.states import STATE_OF_STEP, Ask, Flow, Step
from handlers.citizen.talk import Clock, say
from handlers.citizen.typed_answers import TYPED_ANSWERS, Refused
from handlers.citizen.whereabouts import stale_button

# Typed answers: not commands (those have their own handlers).
TYPED = F.text & ~F.text.startswith("/")

# The steps a change button may not ask alone (no summary button does; an old or forged one
# may): the IIN question offers the IIN and "birth date instead", so answers stay consistent.
# The sex alone only when there is no IIN: it then came from a button, not from the IIN.
_FROM_THE_IIN = frozenset({Step.BIRTH_DATE, Step.SEX})

# After a typed birth date the sex is always asked, even when known: it came with the IIN.
_AFTER = {Step.BIRTH_DATE: Step.SEX}


def _one_of(enum: type[StrEnum]) -> Callable[[str], object | None]:
    return lambda value: enum(value) if value in set(enum) else None


def _region(value: str) -> str | None:
    return value if value in {region.slug for region in load_rules().regions} else None


# A button answer: the profile field it sets, and its value (None for a button not of the step).
CHOICES: dict[Step, tuple[str, Callable[[str], object | None]]] = {
    Step.SEX: ("sex", _one_of(Sex)),
    Step.REGION: ("region", _region),
    Step.EMPLOYMENT: ("employment", _one_of(Employment)),
    Step.EDUCATION: ("education", _one_of(Education)),
    Step.EXPERIENCE: ("has_work_experience", {"yes": True, "no": False}.get),
}


async def _answered(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
    profile: Profile,
    step: Step,
) -> None:
    """Keep the answer and ask the next question that matters."""
    await store_profile(state, db, event.from_user.id, profile)  # type: ignore[union-attr]
    if step in _AFTER:
        await ask(event, bot, state, _AFTER[step], came_from=step)
    else:
        await advance(event, bot, state, profile, step, clock)


async def _show_again(
    callback: CallbackQuery, bot: Bot, state: FSMContext, step: Step, *, page: int = 0
) -> None:
    """The same question with other buttons (another page, a tick), in place when possible."""
    data = await state.get_data()
    text, markup = question(
        step,
        await load_profile(state),
        page=page,
        picks=frozenset(data.get("picks") or []),
        can_go_back=bool(data.get("history")),
    )
    if callback.message is None:
        await say(callback, bot, text, markup)
    elif step is Step.REGION:  # the text says which page
        await bot.edit_message_text(
            chat_id=callback.from_user.id,
            message_id=callback.message.message_id,
            text=text,
            reply_markup=markup,
        )
    else:
        await bot.edit_message_reply_markup(
            chat_id=callback.from_user.id,
            message_id=callback.message.message_id,
            reply_markup=markup,
        )


async def answer_typed(
    message: Message, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    assert message.text is not None
    step = await current_step(state)
    assert step is not None
    before = await load_profile(state)
    try:
        profile = TYPED_ANSWERS[step](message.text, before, clock())
    except Refused as refusal:
        await say(message, bot, refusal.text)
        return
    if before.iin is not None and profile.iin is None:
        await say(message, bot, _("Fine: I no longer use your IIN, only the date you typed."))
    await _answered(message, bot, state, db, clock, profile, step)


async def answer_chosen(
    callback: CallbackQuery,
    callback_data: Answer,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    step = Step(callback_data.step)
    field, read = CHOICES[step]
    value = read(callback_data.value)
    if value is None:
        await stale_button(callback, bot, state)
        return
    profile = await load_profile(state)
    if step is Step.SEX and profile.iin is not None and value != profile.sex:
        # The IIN decides birth date and sex; a typo in it is fixed by sending it again.
        await say(
            callback,
            bot,
            _(
                "Your IIN shows a different sex. I take the date of birth and sex from the IIN. "
                "If it has a typo, please send the correct IIN, or tap “{button}”."
            ).format(button=_("Enter my birth date instead")),
        )
        await ask(callback, bot, state, Step.IIN, came_from=Step.SEX)
        return
    profile = with_answer(profile, **{field: value})
    await _answered(callback, bot, state, db, clock, profile, step)


async def without_iin(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    await ask(callback, bot, state, Step.BIRTH_DATE, came_from=Step.IIN)


async def region_page(
    callback: CallbackQuery, callback_data: Nav, bot: Bot, state: FSMContext
) -> None:
    await _show_again(callback, bot, state, Step.REGION, page=callback_data.page)


async def group_toggled(
    callback: CallbackQuery, callback_data: Answer, bot: Bot, state: FSMContext
) -> None:
    if callback_data.value not in set(Group):
        await stale_button(callback, bot, state)
        return
    data = await state.get_data()
    await state.update_data(picks=sorted(set(data.get("picks") or []) ^ {callback_data.value}))
    await _show_again(callback, bot, state, Step.GROUPS)


async def groups_chosen(
    callback: CallbackQuery,
    callback_data: Nav,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    data = await state.get_data()
    picks = [] if callback_data.action == "groups_none" else list(data.get("picks") or [])
    groups = frozenset(Group(value) for value in picks if value in set(Group))
    profile = with_answer(await load_profile(state), groups=groups)
    await _answered(callback, bot, state, db, clock, profile, Step.GROUPS)


async def back(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    await go_back(callback, bot, state)


async def change_answer(
    callback: CallbackQuery, callback_data: ChangeAnswer, bot: Bot, state: FSMContext
) -> None:
    try:
        step = Step(callback_data.step)
    except ValueError:
        await stale_button(callback, bot, state)
        return
    profile = await load_profile(state)
    if step in _FROM_THE_IIN and not (step is Step.SEX and profile.iin is None):
        step = Step.IIN
    if step is Step.GROUPS:
        await state.update_data(picks=sorted(profile.groups or ()))
    await ask(callback, bot, state, step, came_from=Step.SUMMARY)


def router() -> Router:
    router = Router(name=__name__)
    # One handler for every button step, registered per step: a button answers only its own step.
    for step in CHOICES:
        router.callback_query.register(
            answer_chosen, Answer.filter(F.step == step), STATE_OF_STEP[step]
        )
    router.message.register(
        answer_typed, StateFilter(*(STATE_OF_STEP[step] for step in TYPED_ANSWERS)), TYPED
    )
    router.callback_query.register(without_iin, Nav.filter(F.action == "no_iin"), Ask.iin)
    router.callback_query.register(region_page, Nav.filter(F.action == "page"), Ask.region)
    router.callback_query.register(group_toggled, Answer.filter(F.step == Step.GROUPS), Ask.groups)
    router.callback_query.register(
        groups_chosen, Nav.filter(F.action.in_({"groups_none", "groups_done"})), Ask.groups
    )
    router.callback_query.register(back, Nav.filter(F.action == "back"), StateFilter(Ask))
    router.callback_query.register(
        change_answer, ChangeAnswer.filter(), StateFilter(Ask.summary, Flow.results)
    )
    return router
