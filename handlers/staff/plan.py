"""/plan: admins set the year's plan, a figure for each programme and region (/stats shows
plan and actual)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.rules import load_rules
from bot.storage.database import Database
from bot.words.buttons import Page
from bot.words.names import REGIONS_PER_PAGE, programme_name, region_name
from handlers.staff import commands
from handlers.staff.members import StaffMember, refuse_unless_admin
from handlers.staff.prompts import (
    AnsweringPrompt,
    Typed,
    TypedForStep,
    ask_again,
    ask_to_type,
    finish_input,
    start_input,
)
from handlers.staff.replies import in_group, send, show
from handlers.staff.reports import today
from handlers.staff.steps import IN_STEP, StaffInput


class PlanPick(CallbackData, prefix="pl"):
    """/plan: a programme, then a region (with pages), then the figure is typed."""

    programme: str = ""
    region: str = ""
    page: Page = 0


# Larger than any district's yearly plan in the akimat reports; beyond it is a typing slip.
PLAN_LIMIT = 1_000_000


def admins_only_plan_text() -> str:
    return _("Only admins can set the plan.")


def _programmes_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for programme_id in load_rules().programmes:
        programme = str(programme_id)
        builder.button(text=programme_name(programme), callback_data=PlanPick(programme=programme))
    builder.adjust(1)
    return builder.as_markup()


def _regions_keyboard(programme: str, page: int) -> InlineKeyboardMarkup:
    regions = load_rules().regions
    pages = -(-len(regions) // REGIONS_PER_PAGE)
    page = max(0, min(page, pages - 1))
    builder = InlineKeyboardBuilder()
    shown = regions[page * REGIONS_PER_PAGE : (page + 1) * REGIONS_PER_PAGE]
    for region in shown:
        builder.button(
            text=region_name(region.slug),
            callback_data=PlanPick(programme=programme, region=region.slug, page=page),
        )
    arrows = 0
    for target, label in ((page - 1, _("◀️ Previous")), (page + 1, _("Next ▶️"))):
        if 0 <= target < pages:
            builder.button(text=label, callback_data=PlanPick(programme=programme, page=target))
            arrows += 1
    builder.adjust(*([1] * len(shown)), *([arrows] if arrows else []))
    return builder.as_markup()


async def plan(message: Message, bot: Bot, db: Database, member: StaffMember) -> None:
    if await refuse_unless_admin(message, bot, db, member, "command:plan", admins_only_plan_text()):
        return
    await send(
        message,
        bot,
        _("The plan for {year}: choose the programme.").format(year=today(db).year),
        _programmes_keyboard(),
    )


async def plan_pick(
    callback: CallbackQuery,
    callback_data: PlanPick,
    bot: Bot,
    state: FSMContext,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    denied = admins_only_plan_text()
    if await refuse_unless_admin(callback, bot, db, member, "button:pl", denied, callback_answer):
        return
    programmes = {str(programme) for programme in load_rules().programmes}
    regions = {region.slug for region in load_rules().regions}
    if callback_data.programme not in programmes or (
        callback_data.region and callback_data.region not in regions
    ):
        callback_answer.text = _("This button is out of date. Please choose again.")
        return
    name = programme_name(callback_data.programme)
    if not callback_data.region:
        text = _("{programme}: choose the region.").format(programme=name)
        markup = _regions_keyboard(callback_data.programme, callback_data.page)
        await show(callback, bot, text, markup, in_place=True)
        return
    year = today(db).year
    current = {(p.programme, p.region): p.target for p in await db.plans.for_year(year)}.get(
        (callback_data.programme, callback_data.region)
    )
    await start_input(
        state,
        StaffInput.plan,
        programme=callback_data.programme,
        region=callback_data.region,
        year=year,
    )
    text = _("{programme}, {region}, {year}: how many people should join? Type a number.").format(
        programme=name, region=region_name(callback_data.region), year=year
    )
    if current is not None:
        text += "\n" + _("Now: {count}.").format(count=current)
    if in_group(callback):  # there the bot reads only a reply to its question
        await ask_to_type(callback, bot, state, text)
    else:
        await show(callback, bot, text, in_place=True)


async def plan_typed(message: Message, typed: Typed, state: FSMContext) -> None:
    bot, db, member = typed.bot, typed.db, typed.member
    if await refuse_unless_admin(message, bot, db, member, "plan:set", admins_only_plan_text()):
        await finish_input(state)  # stopped being an admin while typing
        return
    figure = typed.text.strip().replace(" ", "").replace("\u00a0", "")
    if not figure.isdecimal() or int(figure) > PLAN_LIMIT:
        await ask_again(
            message, bot, state, _("Please type the number of people in digits, like 120.")
        )
        return
    pending = typed.step_data
    saved = await db.plans.set(
        int(pending["year"]),
        str(pending["programme"]),
        str(pending["region"]),
        int(figure),
        set_by=member.user_id,
    )
    await finish_input(state)
    await typed.send(
        _(
            "Saved: {programme}, {region}, {year} — {count} people. /stats shows plan and actual."
        ).format(
            programme=programme_name(saved.programme),
            region=region_name(saved.region),
            year=saved.year,
            count=saved.target,
        ),
    )


async def plan_not_text(message: Message, bot: Bot, state: FSMContext) -> None:
    await ask_again(message, bot, state, _("Please type the number of people in digits, like 120."))


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(plan, commands.PLAN.filter())
    router.callback_query.register(plan_pick, PlanPick.filter())
    router.message.register(plan_typed, StaffInput.plan, TypedForStep(), flags=IN_STEP)
    router.message.register(
        plan_not_text, StaffInput.plan, AnsweringPrompt(), ~F.text.startswith("/"), flags=IN_STEP
    )
    return router
