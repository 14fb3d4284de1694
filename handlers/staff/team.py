"""/staff for admins: who reviews which regions; change a role or the regions, remove someone.
Adding a reviewer or a supervisor is `team_add`'s."""

from __future__ import annotations

from enum import StrEnum

from aiogram import Bot, F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.rules import load_rules
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.staff import StaffRecord, StaffRole
from bot.words import records as words
from bot.words.buttons import Page, UserId
from bot.words.names import REGIONS_PER_PAGE, region_name
from handlers.staff import commands
from handlers.staff.members import StaffMember, refuse_unless_admin
from handlers.staff.replies import show


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


# The buttons that start adding someone (`handlers.staff.team_add`).
ADDING = frozenset({TeamAction.ADD_REVIEWER, TeamAction.ADD_SUPERVISOR})


class Team(CallbackData, prefix="tm"):
    action: TeamAction
    user_id: UserId = 0
    region: str = ""
    page: Page = 0


def admins_only_text() -> str:
    return _("Only admins can change the staff list.")


def _role(record: StaffRecord) -> str:
    if record.role is StaffRole.SUPERVISOR:
        return _("supervisor, all regions")
    regions = ", ".join(region_name(r) for r in sorted(record.regions)) or _("no regions yet")
    return _("reviewer: {regions}").format(regions=regions)


def person_name(record: StaffRecord) -> str:
    return words.person(record.user_id, {record.user_id: record.name} if record.name else {})


async def _list(db: Database, settings: Settings) -> tuple[str, InlineKeyboardMarkup]:
    members = await db.staff.members()
    lines = [_("Career-centre staff:")]
    lines += [f"• {person_name(m)} — {_role(m)}" for m in members] or [_("nobody yet")]
    if settings.admins:
        admins = ", ".join(str(user_id) for user_id in sorted(settings.admins))
        lines += ["", _("Admins (from JUMYS_ADMINS): {ids}").format(ids=admins)]
    builder = InlineKeyboardBuilder()
    for member in members:
        builder.button(
            text=f"✏️ {person_name(member)}",
            callback_data=Team(action=TeamAction.SHOW, user_id=member.user_id),
        )
    builder.button(text=_("➕ Add a reviewer"), callback_data=Team(action=TeamAction.ADD_REVIEWER))
    builder.button(
        text=_("➕ Add a supervisor"), callback_data=Team(action=TeamAction.ADD_SUPERVISOR)
    )
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def member_view(record: StaffRecord, page: int) -> tuple[str, InlineKeyboardMarkup]:
    lines = [person_name(record), _role(record)]
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
                record.user_id, data.region, data.region not in record.regions, by=member.actor
            )
            or record
        )
    elif data.action is TeamAction.ROLE:
        role = StaffRole.REVIEWER if record.role is StaffRole.SUPERVISOR else StaffRole.SUPERVISOR
        record = await db.staff.add(record.user_id, role, record.regions, by=member.actor)
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
        ).format(person=person_name(record))
        await show(callback, bot, text, builder.as_markup(), in_place=True)
        return
    elif data.action is TeamAction.REMOVE_YES:
        await db.staff.remove(record.user_id, by=member.actor)
        answer.text = _("{person} is removed from the staff.").format(person=person_name(record))
        text, markup = await _list(db, settings)
        await show(callback, bot, text, markup, in_place=True)
        return
    text, markup = member_view(record, page)
    await show(callback, bot, text, markup, in_place=True)


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(staff_list, commands.STAFF.filter())
    # Adding someone is `team_add`'s.
    router.callback_query.register(team_button, Team.filter(~F.action.in_(ADDING)))
    return router
