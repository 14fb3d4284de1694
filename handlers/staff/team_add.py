"""/staff → Add a reviewer or a supervisor. The person is picked with Telegram's own "choose a
user" button (no ids to look up), or their numeric id is typed, or a message from them is
forwarded."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    KeyboardButton,
    KeyboardButtonRequestUsers,
    Message,
    MessageOriginUser,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import _
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.staff import StaffRole
from handlers.staff.members import StaffMember, refuse_unless_admin
from handlers.staff.menu import register_staff_commands
from handlers.staff.prompts import (
    AnsweringPrompt,
    ask_to_type,
    finish_input,
    input_data,
    start_input,
)
from handlers.staff.replies import in_group
from handlers.staff.steps import IN_STEP, StaffInput
from handlers.staff.team import ADDING, Team, TeamAction, admins_only_text, member_view, person_name

# Telegram ids are positive and below 2**52 (Bot API docs); anything else is a typing slip.
_MAX_USER_ID = 2**52


async def add_pressed(
    callback: CallbackQuery,
    callback_data: Team,
    bot: Bot,
    state: FSMContext,
    db: Database,
    member: StaffMember,
    callback_answer: CallbackAnswer,
) -> None:
    action = callback_data.action
    denied = admins_only_text()
    if await refuse_unless_admin(
        callback, bot, db, member, f"button:tm:{action}", denied, callback_answer
    ):
        return
    role = StaffRole.SUPERVISOR if action is TeamAction.ADD_SUPERVISOR else StaffRole.REVIEWER
    await _ask_person(callback, bot, state, role)


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
    record = await db.staff.add(user_id, role, regions, by=member.actor, name=name)
    await finish_input(state)
    await register_staff_commands(bot, db, settings)
    await bot.send_message(
        chat_id=message.chat.id,
        text=_("{person} is on the staff now.").format(person=person_name(record)),
        reply_markup=ReplyKeyboardRemove(),
    )
    text, markup = member_view(record, 0)
    await bot.send_message(chat_id=message.chat.id, text=text, reply_markup=markup)


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(add_pressed, Team.filter(F.action.in_(ADDING)))
    router.message.register(
        person_given, StaffInput.person, AnsweringPrompt(), ~F.text.startswith("/"), flags=IN_STEP
    )
    return router
