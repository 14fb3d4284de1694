"""The questionnaire's handlers, generic over the table of questions (citizen/questions.py).

Every question works the same way: read the answer (typed, a button, ticks), keep it, ask the
next question that matters. What differs per question is its entry in the table.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import _
from bot.rules import needed_fields
from bot.rules.model import Profile
from bot.storage.database import Database
from bot.words.yes_no import read_none
from handlers.citizen.asking import (
    advance,
    ask,
    current_step,
    go_back,
    load_profile,
    start_picks,
    store_profile,
    with_answer,
)
from handlers.citizen.question_kinds import (
    Answer,
    ChangeAnswer,
    Choice,
    Nav,
    Picks,
    Question,
    Typed,
    TypedChoice,
)
from handlers.citizen.questions import (
    QUESTION_OF_NAME,
    QUESTIONS,
    STEP_OF_NAME,
    SUMMARY,
    Ask,
    changed_at,
    next_step,
    question,
    question_of,
    without_moot_answers,
)
from handlers.citizen.results import show_results
from handlers.citizen.states import Flow
from handlers.citizen.talk import Clock, say
from handlers.citizen.typed_answers import Refused
from handlers.citizen.whereabouts import stale_button, where_we_are

# Typed answers: not commands (those have their own handlers).
TYPED = F.text & ~F.text.startswith("/")


async def _asked(state: FSMContext) -> Question:
    """The question the citizen is on; the handlers' filters let only a question's state in."""
    step = await current_step(state)
    asked = question_of(step) if step is not None else None
    assert asked is not None
    return asked


async def _answered(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
    profile: Profile,
    asked: Question,
) -> None:
    """Keep the answer and ask the next question that matters; after the last one, the
    results (the answers can be checked and changed from there)."""
    profile = without_moot_answers(profile)
    await store_profile(state, db, event.from_user.id, profile)  # type: ignore[union-attr]
    if asked.then is not None:
        await ask(event, bot, state, asked.then, came_from=asked.state)
    elif next_step(profile, needed_fields(profile, clock())) is SUMMARY:
        await show_results(event, bot, state, db, clock)
    else:
        await advance(event, bot, state, profile, asked.state, clock)


async def _show_again(
    callback: CallbackQuery, bot: Bot, state: FSMContext, asked: Question, *, page: int = 0
) -> None:
    """The same question with other buttons (another page, a tick), in place when possible."""
    data = await state.get_data()
    text, markup = question(
        asked.state,
        await load_profile(state),
        page=page,
        picks=frozenset(data.get("picks") or []),
        can_go_back=bool(data.get("history")),
    )
    if callback.message is None:
        await say(callback, bot, text, markup)
    elif isinstance(asked.kind, Choice) and asked.kind.per_page:  # the text says which page
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
    asked = await _asked(state)
    assert isinstance(asked.kind, Typed)
    before = await load_profile(state)
    try:
        profile = asked.kind.read(message.text, before, clock())
    except Refused as refusal:
        await say(message, bot, refusal.text)
        return
    if before.iin is not None and profile.iin is None:
        await say(message, bot, _("Fine: I no longer use your IIN, only the date you typed."))
    await _answered(message, bot, state, db, clock, profile, asked)


async def answer_chosen(
    callback: CallbackQuery,
    callback_data: Answer,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    asked = QUESTION_OF_NAME[callback_data.step]
    assert isinstance(asked.kind, Choice)
    value = asked.kind.read(callback_data.value)
    if value is None:
        await stale_button(callback, bot, state)
        return
    await _chosen(callback, bot, state, db, clock, asked, value)


async def choice_typed(
    message: Message, value: str, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    """«Павлодар» at the region, «иә» at a yes/no question: the same as tapping the button."""
    asked = await _asked(state)
    assert isinstance(asked.kind, Choice)
    chosen = asked.kind.read(value)
    assert chosen is not None  # the typed reader gives the options' values only
    await _chosen(message, bot, state, db, clock, asked, chosen)


async def _chosen(
    event: Message | CallbackQuery,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
    asked: Question,
    value: object,
) -> None:
    profile = await load_profile(state)
    if asked.check is not None:
        try:
            asked.check(profile, value)
        except Refused as refusal:
            await say(event, bot, refusal.text)
            if refusal.ask is not None:
                await ask(event, bot, state, refusal.ask, came_from=asked.state)
            return
    profile = with_answer(profile, **{asked.field: value})
    await _answered(event, bot, state, db, clock, profile, asked)


async def other_way(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    """The button under a typed question that asks another one instead ("my birth date")."""
    asked = await _asked(state)
    assert isinstance(asked.kind, Typed) and asked.kind.other_way is not None
    await ask(callback, bot, state, asked.kind.other_way.ask, came_from=asked.state)


async def page_turned(
    callback: CallbackQuery, callback_data: Nav, bot: Bot, state: FSMContext
) -> None:
    await _show_again(callback, bot, state, await _asked(state), page=callback_data.page)


async def pick_toggled(
    callback: CallbackQuery, callback_data: Answer, bot: Bot, state: FSMContext
) -> None:
    asked = QUESTION_OF_NAME[callback_data.step]
    assert isinstance(asked.kind, Picks)
    if callback_data.value not in {value for value, _label in asked.kind.options()}:
        await stale_button(callback, bot, state)
        return
    data = await state.get_data()
    await state.update_data(picks=sorted(set(data.get("picks") or []) ^ {callback_data.value}))
    await _show_again(callback, bot, state, asked)


async def picks_chosen(
    callback: CallbackQuery,
    callback_data: Nav,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    asked = await _asked(state)
    assert isinstance(asked.kind, Picks)
    data = await state.get_data()
    picks = [] if callback_data.action == Picks.NONE else list(data.get("picks") or [])
    profile = with_answer(await load_profile(state), **asked.kind.read(picks))
    await _answered(callback, bot, state, db, clock, profile, asked)


async def none_typed(
    message: Message, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    """«нет», «жоқ», «ничего» typed at the situations: "None of these", as the button; with
    something ticked already it is no clear answer, and the buttons are asked for."""
    asked = await _asked(state)
    assert isinstance(asked.kind, Picks)
    if (await state.get_data()).get("picks"):
        await say(message, bot, _("Please answer with the buttons below."))
        await where_we_are(message, bot, state)
        return
    profile = with_answer(await load_profile(state), **asked.kind.read([]))
    await _answered(message, bot, state, db, clock, profile, asked)


async def back(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    await go_back(callback, bot, state)


async def change_answer(
    callback: CallbackQuery, callback_data: ChangeAnswer, bot: Bot, state: FSMContext
) -> None:
    step = STEP_OF_NAME.get(callback_data.step)
    if step is None:
        await stale_button(callback, bot, state)
        return
    profile = await load_profile(state)
    asked = question_of(step)
    if asked is not None:
        step = changed_at(asked, profile)
        await start_picks(state, step, profile)
    await ask(callback, bot, state, step, came_from=SUMMARY)


def router() -> Router:
    router = Router(name=__name__)
    # Registered per question: a button answers only its own question, in its own state.
    for asked in QUESTIONS:
        kind = asked.kind
        if isinstance(kind, Choice):
            answers = Answer.filter(F.step == asked.name)
            router.callback_query.register(answer_chosen, answers, asked.state)
            if kind.per_page:
                turns = Nav.filter(F.action == "page")
                router.callback_query.register(page_turned, turns, asked.state)
            if kind.typed is not None:
                understood = TypedChoice(asked)
                router.message.register(choice_typed, asked.state, TYPED, understood)
        elif isinstance(kind, Typed) and kind.other_way is not None:
            instead = Nav.filter(F.action == kind.other_way.action)
            router.callback_query.register(other_way, instead, asked.state)
        elif isinstance(kind, Picks):
            ticks = Answer.filter(F.step == asked.name)
            router.callback_query.register(pick_toggled, ticks, asked.state)
            ends = Nav.filter(F.action.in_({Picks.NONE, Picks.DONE}))
            router.callback_query.register(picks_chosen, ends, asked.state)
            router.message.register(none_typed, asked.state, TYPED, F.text.func(read_none))
    typed = (asked.state for asked in QUESTIONS if isinstance(asked.kind, Typed))
    router.message.register(answer_typed, StateFilter(*typed), TYPED)
    router.callback_query.register(back, Nav.filter(F.action == "back"), StateFilter(Ask))
    router.callback_query.register(
        change_answer, ChangeAnswer.filter(), StateFilter(Ask.summary, Flow.results)
    )
    return router
