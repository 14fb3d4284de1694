"""Who gets into the staff area, and what everyone else is told.

`StaffOnly` guards the whole area (router-level filter): for a staff command, a staff button or
a staff input step, the member is looked up on the server and handed to handlers as `member`.
Handlers check the region of each application themselves (`member.serves(region)`) and call
`members.refuse` when it is not theirs. Anyone else who sends a staff command or a staff button is
refused by this module's `router`, and the attempt is recorded without any text they sent.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, Filter
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject, User
from aiogram.utils.callback_answer import CallbackAnswer

from bot.i18n import Catalogues as I18n
from bot.i18n import _
from bot.outbox.card import Review, is_app_id
from bot.settings import Settings
from bot.storage.database import Database
from handlers.staff import commands
from handlers.staff.commands import Reach
from handlers.staff.members import event_chat, member_from, refuse
from handlers.staff.plan import PlanPick
from handlers.staff.reports import ExportPick
from handlers.staff.steps import STEP_FLAG, StaffInput
from handlers.staff.team import Team

# Commands only staff may use: anyone else is refused and the attempt recorded.
STAFF_COMMANDS: tuple[str, ...] = commands.names(Reach.STAFF)
# Commands that mean something else for citizens: staff get the staff version.
SHARED_COMMANDS: tuple[str, ...] = commands.names(Reach.SHARED)
# Every staff payload prefix: a citizen pressing (or forging) any of them is refused.
STAFF_PREFIXES: tuple[str, ...] = tuple(
    f"{kind.__prefix__}:" for kind in (Review, Team, PlanPick, ExportPick)
)


def _command(text: str | None) -> str | None:
    if not text or not text.startswith("/"):
        return None
    return text.split()[0].split("@")[0].lstrip("/").lower()


def _concerns_staff(event: TelegramObject, raw_state: str | None) -> bool:
    """Cheap test first: most updates are citizens' answers and never touch the staff table."""
    if isinstance(event, CallbackQuery):
        return (event.data or "").startswith(STAFF_PREFIXES)
    if not isinstance(event, Message):
        return False
    if raw_state is not None and raw_state.startswith(f"{StaffInput.__name__}:"):
        return True
    return _command(event.text) in (*STAFF_COMMANDS, *SHARED_COMMANDS)


def allowed_chat(chat: Chat | None, settings: Settings) -> bool:
    # Personal data must not be shown in some other group a staff member happens to be in.
    return chat is not None and (chat.type == ChatType.PRIVATE or chat.id == settings.staff_chat)


class StaffOnly(Filter):
    """Passes staff (in a private chat or the staff chat) and gives handlers `member`."""

    async def __call__(
        self,
        event: TelegramObject,
        event_from_user: User | None = None,
        db: Database | None = None,
        settings: Settings | None = None,
        raw_state: str | None = None,
        i18n: I18n | None = None,
    ) -> bool | dict[str, Any]:
        if event_from_user is None or db is None or settings is None:
            return False
        if not _concerns_staff(event, raw_state):
            return False
        if not allowed_chat(event_chat(event), settings):
            return False
        record = await db.staff.get(event_from_user.id)
        member = member_from(record, event_from_user.id, settings.admins, event_from_user.full_name)
        if member is None:
            return False
        language = i18n.current_locale if i18n is not None else None
        if (
            record is not None
            and language
            and (record.name, record.language)
            != (
                event_from_user.full_name,
                language,
            )
        ):
            await db.staff.remember(event_from_user.id, event_from_user.full_name, language)
        chat = event_chat(event)
        # Only a private chat says the member pressed Start: the bot may write to them now.
        if (
            record is not None
            and record.telegram_seen_at is None
            and chat is not None
            and chat.type == ChatType.PRIVATE
        ):
            await db.staff.seen_in_telegram(event_from_user.id)
        if (
            record is not None
            and not record.reachable
            and chat is not None
            and chat.type == ChatType.PRIVATE
        ):
            await db.staff.reachable_again(event_from_user.id)  # refused before, not any more
        return {"member": member}


def not_staff_text() -> str:
    return _("Sorry, this is only for career-centre staff.")


def wrong_chat_text() -> str:
    return _("Staff commands work only in a private chat with me or in the staff chat.")


def out_of_date_text() -> str:
    return _("This button is out of date. Please choose again.")


def button_action(data: str) -> tuple[str, int | None]:
    """ "rv:take:12" → ("button:rv:take", 12): what was pressed, without anything else."""
    parts = data.split(":")
    app_id = None
    # A forged id may be any size: only a possible application id is recorded with the attempt.
    if len(parts) > 2 and parts[0] == "rv" and parts[2].isdecimal() and len(parts[2]) < 20:
        app_id = int(parts[2]) if is_app_id(int(parts[2])) else None
    return "button:" + ":".join(parts[:2])[:40], app_id


async def _text_for(event: Message | CallbackQuery, db: Database, settings: Settings) -> str:
    """A staff member in the wrong chat is told where to go; anyone else, that it is not theirs."""
    assert event.from_user is not None
    member = member_from(
        await db.staff.get(event.from_user.id), event.from_user.id, settings.admins
    )
    return wrong_chat_text() if member is not None else not_staff_text()


async def refuse_command(message: Message, bot: Bot, db: Database, settings: Settings) -> None:
    command = _command(message.text) or ""
    text = await _text_for(message, db, settings)
    await refuse(message, bot, db, f"command:{command[:20]}", text)


# A refused or out-of-date press is not moving on: a step being typed stays open.
async def refuse_button(
    callback: CallbackQuery,
    bot: Bot,
    db: Database,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    action, app_id = button_action(callback.data or "")
    member = member_from(
        await db.staff.get(callback.from_user.id), callback.from_user.id, settings.admins
    )
    if member is not None and allowed_chat(event_chat(callback), settings):
        # Staff in the right place whose button no handler reads: an old or damaged one.
        callback_answer.text = out_of_date_text()
        callback_answer.show_alert = True
        return
    text = await _text_for(callback, db, settings)
    await refuse(
        callback, bot, db, action, text, application_id=app_id, callback_answer=callback_answer
    )


def router() -> Router:
    router = Router(name=__name__)
    router.message.register(refuse_command, Command(*STAFF_COMMANDS, ignore_case=True))
    router.callback_query.register(
        refuse_button, F.data.startswith(STAFF_PREFIXES), flags={STEP_FLAG: True}
    )
    return router
