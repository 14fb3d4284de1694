"""The questions: IIN or birth date and sex, region, work, education, experience, situations."""

from __future__ import annotations

from datetime import date

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.chat.callbacks import Answer, ChangeAnswer, Nav
from bot.chat.conversation import (
    Clock,
    advance,
    ask,
    go_back,
    load_profile,
    say,
    store_profile,
    with_answer,
)
from bot.chat.dates import DateError, DateProblem, parse_day
from bot.chat.questions import question
from bot.chat.steps import Ask, Flow, Step
from bot.i18n import _
from bot.rules import IinError, load_rules, parse_iin
from bot.rules.model import Education, Employment, Group, Profile, Sex
from bot.storage.database import Database
from handlers.stale import stale_button

router = Router(name=__name__)

# Typed answers: not commands (those have their own handlers).
TYPED = F.text & ~F.text.startswith("/")


_FROM_THE_IIN = frozenset({Step.BIRTH_DATE, Step.SEX})


def with_birth_date(profile: Profile, born: date) -> Profile:
    """A new birth date; a graduation date not after it is dropped (asked again if needed)."""
    graduated = profile.graduation_date
    if graduated is not None and graduated <= born:
        graduated = None
    return with_answer(profile, birth_date=born, graduation_date=graduated)


def iin_problem(code: str) -> str:
    problems = {
        "length": _("An IIN has exactly 12 digits. Please check and send it again."),
        "not_digits": _("An IIN has only digits, without letters or other signs."),
        "bad_date": _(
            "The first 6 digits of an IIN are the date of birth (year, month, day), "
            "and these are not a real date. Please check them."
        ),
        "bad_century": _("The 7th digit of an IIN must be from 1 to 6. Please check it."),
        "checksum": _(
            "The last digit of this IIN does not match the others: probably a typo. "
            "Please check the number."
        ),
        "not_issued": _("Such an IIN is never issued. Please check the number."),
    }
    return problems.get(code, problems["length"])


def date_problem(problem: DateProblem, *, month_allowed: bool = False) -> str:
    if problem is DateProblem.FORMAT:
        return (
            _("Please write the date with digits, like 30.06.2024 or 06.2024.")
            if month_allowed
            else _("Please write the date with digits, like 07.03.1972.")
        )
    if problem is DateProblem.IMPOSSIBLE:
        return _("There is no such date. Please check the day and the month.")
    if problem is DateProblem.FUTURE:
        return _("This date has not come yet. Please check the year.")
    if problem is DateProblem.BEFORE_BIRTH:
        return _("This date is before your date of birth. Please check it.")
    return _("Please check the year.")


@router.message(Ask.iin, TYPED)
async def iin_typed(
    message: Message, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    assert message.text is not None and message.from_user is not None
    try:
        info = parse_iin(message.text[:64])
        if info.birth_date > clock():
            raise DateError(DateProblem.FUTURE)
    except IinError as error:
        await say(message, bot, iin_problem(str(error.code)))
        return
    except DateError:
        await say(message, bot, iin_problem("bad_date"))
        return
    digits = "".join(char for char in message.text if char.isdigit())
    profile = with_birth_date(
        with_answer(await load_profile(state), iin=digits, sex=info.sex), info.birth_date
    )
    await store_profile(state, db, message.from_user.id, profile)
    await advance(message, bot, state, profile, Step.IIN, clock)


@router.callback_query(Nav.filter(F.action == "no_iin"), Ask.iin)
async def without_iin(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    await ask(callback, bot, state, Step.BIRTH_DATE, came_from=Step.IIN)


@router.message(Ask.birth_date, TYPED)
async def birth_date_typed(
    message: Message, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    assert message.text is not None and message.from_user is not None
    try:
        born = parse_day(message.text, clock())
    except DateError as error:
        await say(message, bot, date_problem(error.problem))
        return
    profile = await load_profile(state)
    if profile.iin is not None:
        # The citizen chose "birth date instead" of the IIN: the two must never disagree.
        await say(message, bot, _("Fine: I no longer use your IIN, only the date you typed."))
    profile = with_birth_date(with_answer(profile, iin=None), born)
    await store_profile(state, db, message.from_user.id, profile)
    await ask(message, bot, state, Step.SEX, came_from=Step.BIRTH_DATE)


@router.callback_query(Answer.filter(F.step == Step.SEX), Ask.sex)
async def sex_chosen(
    callback: CallbackQuery,
    callback_data: Answer,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    if callback_data.value not in set(Sex):
        await stale_button(callback, bot, state)
        return
    profile = await load_profile(state)
    if profile.iin is not None and profile.sex != callback_data.value:
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
    profile = with_answer(profile, sex=Sex(callback_data.value))
    await store_profile(state, db, callback.from_user.id, profile)
    await advance(callback, bot, state, profile, Step.SEX, clock)


@router.callback_query(Nav.filter(F.action == "page"), Ask.region)
async def region_page(
    callback: CallbackQuery, callback_data: Nav, bot: Bot, state: FSMContext
) -> None:
    data = await state.get_data()
    profile = await load_profile(state)
    text, markup = question(
        Step.REGION, profile, page=callback_data.page, can_go_back=bool(data.get("history"))
    )
    if callback.message is None:
        await say(callback, bot, text, markup)
        return
    await bot.edit_message_text(
        chat_id=callback.from_user.id,
        message_id=callback.message.message_id,
        text=text,
        reply_markup=markup,
    )


@router.callback_query(Answer.filter(F.step == Step.REGION), Ask.region)
async def region_chosen(
    callback: CallbackQuery,
    callback_data: Answer,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    if callback_data.value not in {region.slug for region in load_rules().regions}:
        await stale_button(callback, bot, state)
        return
    profile = with_answer(await load_profile(state), region=callback_data.value)
    await store_profile(state, db, callback.from_user.id, profile)
    await advance(callback, bot, state, profile, Step.REGION, clock)


@router.callback_query(Answer.filter(F.step == Step.EMPLOYMENT), Ask.employment)
async def employment_chosen(
    callback: CallbackQuery,
    callback_data: Answer,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    if callback_data.value not in set(Employment):
        await stale_button(callback, bot, state)
        return
    profile = with_answer(await load_profile(state), employment=Employment(callback_data.value))
    await store_profile(state, db, callback.from_user.id, profile)
    await advance(callback, bot, state, profile, Step.EMPLOYMENT, clock)


@router.callback_query(Answer.filter(F.step == Step.EDUCATION), Ask.education)
async def education_chosen(
    callback: CallbackQuery,
    callback_data: Answer,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    if callback_data.value not in set(Education):
        await stale_button(callback, bot, state)
        return
    profile = with_answer(await load_profile(state), education=Education(callback_data.value))
    await store_profile(state, db, callback.from_user.id, profile)
    await advance(callback, bot, state, profile, Step.EDUCATION, clock)


@router.message(Ask.graduation, TYPED)
async def graduation_typed(
    message: Message, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    assert message.text is not None and message.from_user is not None
    profile = await load_profile(state)
    try:
        finished = parse_day(message.text, clock(), month_allowed=True)
        if profile.birth_date is not None and finished <= profile.birth_date:
            raise DateError(DateProblem.BEFORE_BIRTH)
    except DateError as error:
        await say(message, bot, date_problem(error.problem, month_allowed=True))
        return
    profile = with_answer(profile, graduation_date=finished)
    await store_profile(state, db, message.from_user.id, profile)
    await advance(message, bot, state, profile, Step.GRADUATION, clock)


@router.callback_query(Answer.filter(F.step == Step.EXPERIENCE), Ask.experience)
async def experience_chosen(
    callback: CallbackQuery,
    callback_data: Answer,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    if callback_data.value not in ("yes", "no"):
        await stale_button(callback, bot, state)
        return
    profile = with_answer(
        await load_profile(state), has_work_experience=callback_data.value == "yes"
    )
    await store_profile(state, db, callback.from_user.id, profile)
    await advance(callback, bot, state, profile, Step.EXPERIENCE, clock)


@router.callback_query(Answer.filter(F.step == Step.GROUPS), Ask.groups)
async def group_toggled(
    callback: CallbackQuery, callback_data: Answer, bot: Bot, state: FSMContext
) -> None:
    if callback_data.value not in set(Group):
        await stale_button(callback, bot, state)
        return
    data = await state.get_data()
    picks = set(data.get("picks") or [])
    picks ^= {callback_data.value}
    await state.update_data(picks=sorted(picks))
    text, markup = question(
        Step.GROUPS,
        await load_profile(state),
        picks=frozenset(picks),
        can_go_back=bool(data.get("history")),
    )
    if callback.message is None:
        await say(callback, bot, text, markup)
        return
    await bot.edit_message_reply_markup(
        chat_id=callback.from_user.id, message_id=callback.message.message_id, reply_markup=markup
    )


@router.callback_query(Nav.filter(F.action.in_({"groups_none", "groups_done"})), Ask.groups)
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
    await store_profile(state, db, callback.from_user.id, profile)
    await advance(callback, bot, state, profile, Step.GROUPS, clock)


@router.callback_query(Nav.filter(F.action == "back"), StateFilter(Ask))
async def back(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    await go_back(callback, bot, state)


@router.callback_query(ChangeAnswer.filter(), StateFilter(Ask.summary, Flow.results))
async def change_answer(
    callback: CallbackQuery, callback_data: ChangeAnswer, bot: Bot, state: FSMContext
) -> None:
    try:
        step = Step(callback_data.step)
    except ValueError:
        await stale_button(callback, bot, state)
        return
    if step in _FROM_THE_IIN:
        # No summary button asks these alone (an old or forged one may): the IIN question
        # offers both the IIN and "birth date instead", so the answers stay consistent.
        step = Step.IIN
    if step is Step.GROUPS:
        profile = await load_profile(state)
        await state.update_data(picks=sorted(profile.groups or ()))
    await ask(callback, bot, state, step, came_from=Step.SUMMARY)
