"""/staff for admins: who reviews which regions; add a reviewer or supervisor, change, remove.

The person is picked with Telegram's own "choose a user" button (no ids to look up), or their
numeric id is typed, or a message from them is forwarded.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram import Bot, F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    KeyboardButton,
    KeyboardButtonRequestUsers,
    Message,
    MessageOriginUser,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.chat.questions import REGIONS_PER_PAGE, region_name
from bot.i18n import _
from bot.rules import load_rules
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.staff import StaffRecord, StaffRole
from bot.words import records as words
from handlers.staff import commands
from handlers.staff.members import StaffMember, refuse_unless_admin
from handlers.staff.menu import register_staff_commands
from handlers.staff.prompts import (
    AnsweringPrompt,
    ask_to_type,
    finish_input,
    input_data,
    start_input,
)
from handlers.staff.replies import in_group, show
from handlers.staff.steps import IN_STEP, StaffInput


class TeamAction(StrEnum):
    LIST = "list"
    ADD_REVIEWER = "add"
    ADD_SUPERVISOR = "sup"
    SHOW = "show"
    PICK_REGION = "reg"  # toggles one region of a reviewer: `region`
    REGION_PAGE = "page"
    ROLE = "role"  # reviewer <-> supervisor
    REMOVE = "rm"
    REMOVE_YES = "rmy"


class Team(CallbackData, prefix="tm"):
    action: TeamAction
    user_id: int = 0
    region: str = ""
    page: int = 0


# Telegram ids are positive and below 2**52 (Bot API docs); anything else is a typing slip.
_MAX_USER_ID = 2**52


def admins_only_text() -> str:
    return _("Only admins can change the staff list.")


def _role(record: StaffRecord) -> str:
    if record.role is StaffRole.SUPERVISOR:
        return _("supervisor, all regions")
    regions = ", ".join(region_name(r) for r in sorted(record.regions)) or _("no regions yet")
    return _("reviewer: {regions}").format(regions=regions)


def _person(record: StaffRecord) -> str:
    return words.person(record.user_id, {record.user_id: record.name} if record.name else {})


async def _list(db: Database, settings: Settings) -> tuple[str, InlineKeyboardMarkup]:
    members = await db.staff.members()
    lines = [_("Career-centre staff:")]
    lines += [f"• {_person(m)} — {_role(m)}" for m in members] or [_("nobody yet")]
    if settings.admins:
        admins = ", ".join(str(user_id) for user_id in sorted(settings.admins))
        lines += ["", _("Admins (from JUMYS_ADMINS): {ids}").format(ids=admins)]
    builder = InlineKeyboardBuilder()
    for member in members:
        builder.button(
            text=f"✏️ {_person(member)}",
            callback_data=Team(action=TeamAction.SHOW, user_id=member.user_id),
        )
    builder.button(text=_("➕ Add a reviewer"), callback_data=Team(action=TeamAction.ADD_REVIEWER))
    builder.button(
        text=_("➕ Add a supervisor"), callback_data=Team(action=TeamAction.ADD_SUPERVISOR)
    )
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def _member_view(record: StaffRecord, page: int) -> tuple[str, InlineKeyboardMarkup]:
    lines = [_person(record), _role(record)]
    builder = InlineKeyboardBuilder()
    rows: list[int] = []
    if record.role is StaffRole.REVIEWER:
        lines.append(_("Tap the regions this person serves:"))
        regions = load_rules().regions
        pages = -(-len(regions) // REGIONS_PER_PAGE)
        page = max(0, min(page, pages - 1))
        shown = regions[page * REGIONS_PER_PAGE : (page + 1) * REGIONS_PER_PAGE]
        for region in shown:
            mark = "✅ " if region.slug in record.regions else ""
            builder.button(
                text=mark + region_name(region.slug),
                callback_data=Team(
                    action=TeamAction.PICK_REGION,
                    user_id=record.user_id,
                    region=region.slug,
                    page=page,
                ),
            )
        rows += [1] * len(shown)
        arrows = 0
        for target, label in ((page - 1, _("◀️ Previous")), (page + 1, _("Next ▶️"))):
            if 0 <= target < pages:
                builder.button(
                    text=label,
                    callback_data=Team(
                        action=TeamAction.REGION_PAGE, user_id=record.user_id, page=target
                    ),
                )
                arrows += 1
        if arrows:
            rows.append(arrows)
    other = _("Make a reviewer") if record.role is StaffRole.SUPERVISOR else _("Make a supervisor")
    builder.button(text=other, callback_data=Team(action=TeamAction.ROLE, user_id=record.user_id))
    builder.button(
        text=_("🗑 Remove from staff"),
        callback_data=Team(action=TeamAction.REMOVE, user_id=record.user_id),
    )
    builder.button(text=_("⬅️ All staff"), callback_data=Team(action=TeamAction.LIST))
    builder.adjust(*rows, 1, 1, 1)
    return "\n".join(lines), builder.as_markup()


async def staff_list(
    message: Message, bot: Bot, db: Database, settings: Settings, member: StaffMember
) -> None:
    if await refuse_unless_admin(message, bot, db, member, "command:staff", admins_only_text()):
        return
    text, markup = await _list(db, settings)
    await show(message, bot, text, markup)


async def team_button(
    callback: CallbackQuery,
    callback_data: Team,
    bot: Bot,
    state: FSMContext,
    db: Database,
    settings: Settings,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    action = callback_data.action
    denied = admins_only_text()
    if await refuse_unless_admin(
        callback, bot, db, member, f"button:tm:{action}", denied, callback_answer
    ):
        return
    if action is TeamAction.LIST:
        text, markup = await _list(db, settings)
        await show(callback, bot, text, markup, in_place=True)
    elif action in (TeamAction.ADD_REVIEWER, TeamAction.ADD_SUPERVISOR):
        role = StaffRole.SUPERVISOR if action is TeamAction.ADD_SUPERVISOR else StaffRole.REVIEWER
        await _ask_person(callback, bot, state, role)
    else:
        await _change(callback, callback_data, bot, db, settings, member, callback_answer)


async def _change(
    callback: CallbackQuery,
    data: Team,
    bot: Bot,
    db: Database,
    settings: Settings,
    member: StaffMember,
    answer: CallbackAnswer,
) -> None:
    record = await db.staff.get(data.user_id)
    if record is None:
        answer.text = _("This person is not on the staff any more.")
        return
    page = data.page
    if data.action is TeamAction.PICK_REGION:
        if data.region not in {region.slug for region in load_rules().regions}:
            answer.text = _("This button is out of date. Please choose again.")
            return
        record = (
            await db.staff.set_region(
                record.user_id, data.region, data.region not in record.regions
            )
            or record
        )
    elif data.action is TeamAction.ROLE:
        role = StaffRole.REVIEWER if record.role is StaffRole.SUPERVISOR else StaffRole.SUPERVISOR
        record = await db.staff.add(record.user_id, role, record.regions, added_by=member.user_id)
    elif data.action is TeamAction.REMOVE:
        builder = InlineKeyboardBuilder()
        builder.button(
            text=_("Yes, remove"),
            callback_data=Team(action=TeamAction.REMOVE_YES, user_id=record.user_id),
        )
        builder.button(
            text=_("Cancel"), callback_data=Team(action=TeamAction.SHOW, user_id=record.user_id)
        )
        text = _(
            "Remove {person} from the staff? Applications they are reviewing go back to the "
            "queue at once."
        ).format(person=_person(record))
        await show(callback, bot, text, builder.as_markup(), in_place=True)
        return
    elif data.action is TeamAction.REMOVE_YES:
        await db.staff.remove(record.user_id)
        answer.text = _("{person} is removed from the staff.").format(person=_person(record))
        text, markup = await _list(db, settings)
        await show(callback, bot, text, markup, in_place=True)
        return
    text, markup = _member_view(record, page)
    await show(callback, bot, text, markup, in_place=True)


async def _ask_person(
    callback: CallbackQuery, bot: Bot, state: FSMContext, role: StaffRole
) -> None:
    await start_input(state, StaffInput.person, role=str(role))
    if role is StaffRole.SUPERVISOR:
        text = _("Who is the new supervisor?")
    else:
        text = _("Who is the new reviewer?")
    if in_group(callback):  # Telegram's "choose a user" button works only in a private chat
        text += "\n" + _("Reply to this message with their Telegram ID (digits). /cancel stops.")
        await ask_to_type(callback, bot, state, text)
        return
    text += "\n" + _(
        "Tap “Choose the person” below, or send their Telegram ID (digits), or forward any "
        "message from them. /cancel stops."
    )
    choose = KeyboardButton(
        text=_("👤 Choose the person"),
        request_users=KeyboardButtonRequestUsers(
            request_id=1, user_is_bot=False, max_quantity=1, request_name=True
        ),
    )
    keyboard = ReplyKeyboardMarkup(
        keyboard=[[choose]], resize_keyboard=True, one_time_keyboard=True
    )
    await ask_to_type(callback, bot, state, text, keyboard)


def _picked(message: Message) -> tuple[int, str | None] | None:
    """The person an admin pointed at: chosen with the button, forwarded, or typed as an id."""
    if message.users_shared is not None and message.users_shared.users:
        shared = message.users_shared.users[0]
        name = " ".join(part for part in (shared.first_name, shared.last_name) if part) or None
        return shared.user_id, name
    if isinstance(message.forward_origin, MessageOriginUser):
        return message.forward_origin.sender_user.id, message.forward_origin.sender_user.full_name
    text = (message.text or "").strip()
    if text.isdecimal() and 0 < int(text) < _MAX_USER_ID:
        return int(text), None
    return None


async def person_given(
    message: Message,
    bot: Bot,
    state: FSMContext,
    db: Database,
    settings: Settings,
    member: StaffMember,
) -> None:
    if await refuse_unless_admin(message, bot, db, member, "staff:add", admins_only_text()):
        await finish_input(state)  # stopped being an admin while typing
        return
    picked = _picked(message)
    if picked is None:
        await bot.send_message(
            chat_id=message.chat.id,
            text=_(
                "I did not recognise the person. Tap “Choose the person”, or send their "
                "Telegram ID: digits only, like 123456789."
            ),
        )
        return
    user_id, name = picked
    role = StaffRole(str((await input_data(state)).get("role") or StaffRole.REVIEWER))
    existing = await db.staff.get(user_id)
    regions = existing.regions if existing is not None else frozenset()
    record = await db.staff.add(user_id, role, regions, added_by=member.user_id, name=name)
    await finish_input(state)
    await register_staff_commands(bot, db, settings)
    await bot.send_message(
        chat_id=message.chat.id,
        text=_("{person} is on the staff now.").format(person=_person(record)),
        reply_markup=ReplyKeyboardRemove(),
    )
    text, markup = _member_view(record, 0)
    await bot.send_message(chat_id=message.chat.id, text=text, reply_markup=markup)


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(staff_list, commands.STAFF.filter())
    router.callback_query.register(team_button, Team.filter())
    router.message.register(
        person_given, StaffInput.person, AnsweringPrompt(), ~F.text.startswith("/"), flags=IN_STEP
    )
    return router
