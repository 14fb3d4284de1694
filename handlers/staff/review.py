"""Reviewing: the queue, one application with its history, Take, give back, internal notes.

Every button is checked again on the server before its handler runs (`pressed.FindApplication`,
flags FOUND and HELD): the application must exist, be in a region the member serves, and (to
decide) be held by them. The state machine in storage has the last word.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _, current_locale
from bot.outbox.card import Review, ReviewAction, card_for, copy_keyboard
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus, TransitionError
from bot.words import records as words
from bot.words.names import programme_name, region_name
from handlers.citizen.talk import cut_to_fit
from handlers.staff import commands, replies
from handlers.staff.history import full_text
from handlers.staff.lookup import explain, find_application, ttl
from handlers.staff.members import StaffMember
from handlers.staff.pressed import CLOSES_STEP_ITSELF, FOUND, HELD, FindApplication, Pressed
from handlers.staff.prompts import Typed, TypedForStep, ask_to_type, finish_input, start_input
from handlers.staff.replies import chat_id_of, send
from handlers.staff.steps import IN_STEP, StaffInput

QUEUE_PAGE = 10
NOTE_LIMIT = 2000
# Review.code of a Take pressed in the /queue list: open the card as a new message.
FROM_LIST = "list"


# -- the queue and one application --------------------------------------------------------------


async def queue(message: Message, bot: Bot, db: Database, member: StaffMember) -> None:
    now = db.connector.now()
    held = await db.applications.held_by(member.user_id)
    waiting = await db.applications.list_queue(member.scope, QUEUE_PAGE)
    total = await db.applications.count_queue(member.scope)
    lines: list[str] = []
    builder = InlineKeyboardBuilder()
    if held:
        lines.append(_("You are reviewing:"))
        for application in held:
            lines.append(f"📄 {application.number} · {programme_name(application.programme)}")
            builder.button(
                text=f"📄 {application.number}",
                callback_data=Review(action=ReviewAction.SHOW, app_id=application.id),
            )
        lines.append("")
    if member.scope is not None and not member.scope:
        lines.append(
            _("You have no regions yet, so no applications reach you. An admin gives them: /staff.")
        )
    elif not waiting:
        lines.append(_("No applications are waiting in your regions."))
    else:
        lines.append(_("Waiting in your regions: {count}. Oldest first:").format(count=total))
        for application in waiting:
            lines.append(
                _("{number} · {programme} · {region} · waiting {waited}").format(
                    number=application.number,
                    programme=programme_name(application.programme),
                    region=region_name(application.region),
                    waited=words.duration(now - application.created_at),
                )
            )
            builder.button(
                text=_("🙋 Take {number}").format(number=application.number),
                callback_data=Review(
                    action=ReviewAction.TAKE, app_id=application.id, code=FROM_LIST
                ),
            )
    builder.adjust(2)
    markup = builder.as_markup() if builder.buttons else None
    await send(message, bot, "\n".join(lines), markup)


def _keyboard(application: Application, chat_id: int) -> InlineKeyboardMarkup:
    """The buttons of this chat's copy of the card, and a Note button whatever the status."""
    builder = InlineKeyboardBuilder()
    markup = copy_keyboard(application, chat_id)
    if markup is not None:
        builder.attach(InlineKeyboardBuilder.from_markup(markup))
    if application.status is not AppStatus.IN_REVIEW:  # in review, the card has one already
        builder.row()
        builder.button(
            text=_("📝 Note"), callback_data=Review(action=ReviewAction.NOTE, app_id=application.id)
        )
    return builder.as_markup()


def not_found_text(number: str) -> str:
    return _("There is no application {number}. /queue shows the ones waiting.").format(
        number=number[:20]
    )


async def one_application(
    message: Message, command: CommandObject, bot: Bot, db: Database, member: StaffMember
) -> None:
    number = (command.args or "").strip()
    if not number:
        await send(
            message,
            bot,
            _("Write the application number after the command, for example: /app 123"),
        )
        return
    application = await db.applications.get_by_number(number)
    if application is None:
        await send(message, bot, not_found_text(number))
        return
    found = await find_application(message, bot, db, member, application.id, "command:app")
    if found is not None:
        await _send_full(message, bot, db, found)


async def _send_full(
    event: Message | CallbackQuery, bot: Bot, db: Database, application: Application
) -> None:
    """The application in full, kept as a copy of its card (redrawn, and redacted if the
    citizen's data goes)."""
    chat_id = chat_id_of(event)
    text, markup = await full_text(db, application), _keyboard(application, chat_id)
    sent = await send(event, bot, text, markup)
    await db.cards.keep(application.id, chat_id, sent.message_id, current_locale())


async def show_application(callback: CallbackQuery, press: Pressed) -> None:
    await _send_full(callback, press.bot, press.db, press.application)


# -- take and give back ----------------------------------------------------------------------


async def take(callback: CallbackQuery, press: Pressed) -> None:
    db, application, claim_time = press.db, press.application, ttl(press.settings)
    in_place = press.data.code != FROM_LIST
    try:
        taken = await db.applications.claim(
            application.id, press.member.user_id, claim_time, actor_name=press.member.name
        )
    except TransitionError as error:
        press.alert(await explain(db, application, error, press.member))
        if in_place:  # the card someone pressed was out of date: show how things are
            await press.show_card(await db.applications.get(application.id) or application)
        return
    await press.leave_step()
    press.answer.text = _("{number} is yours for {time}.").format(
        number=taken.number, time=words.duration(claim_time)
    )
    if not in_place and press.in_group and await _redraw_here(press, taken):
        return  # the group has its card already: no second one for the team to read
    await press.show_card(taken, in_place=in_place)


async def _redraw_here(press: Pressed, application: Application) -> bool:
    """The copies of the card in the pressed chat, redrawn now; False if there are none."""
    chat_id = press.card[0]
    copies = [c for c in await press.db.cards.copies(application.id) if c.chat_id == chat_id]
    for copy in copies:
        with replies.chat_language(chat_id, press.settings):
            text, markup = (
                await card_for(press.db, application),
                copy_keyboard(application, chat_id),
            )
        await replies.edit(press.bot, chat_id, copy.message_id, text, markup)
    return bool(copies)


async def release(callback: CallbackQuery, press: Pressed) -> None:
    db, application = press.db, press.application
    try:
        released = await db.applications.release(
            application.id, press.member.user_id, actor_name=press.member.name
        )
    except TransitionError as error:
        press.answer.text = await explain(db, application, error, press.member)
        return
    press.answer.text = _("{number} is back in the queue.").format(number=released.number)
    await press.show_card(released)


# -- internal notes --------------------------------------------------------------------------


async def note_asked(callback: CallbackQuery, press: Pressed, state: FSMContext) -> None:
    await start_input(state, StaffInput.note, app_id=press.application.id)
    text = _("Type the note about {number}. Only staff see notes; the citizen never does.")
    await ask_to_type(callback, press.bot, state, text.format(number=press.application.number))


async def _save_note(
    message: Message, bot: Bot, db: Database, member: StaffMember, app_id: int, text: str
) -> None:
    application = await find_application(message, bot, db, member, app_id, "note")
    if application is None:
        return
    notice = _("The note is long, so its first {limit} characters are saved.")
    note = await cut_to_fit(message, bot, text, NOTE_LIMIT, notice)
    await db.staff.add_note(application.id, member.user_id, note, author_name=member.name)
    await send(message, bot, _("The note is saved to {number}.").format(number=application.number))


async def note_typed(message: Message, typed: Typed, state: FSMContext) -> None:
    await finish_input(state)
    app_id = int(typed.step_data.get("app_id") or 0)
    await _save_note(message, typed.bot, typed.db, typed.member, app_id, typed.text)


async def note_command(
    message: Message, command: CommandObject, bot: Bot, db: Database, member: StaffMember
) -> None:
    number, _space, text = (command.args or "").strip().partition(" ")
    if not number or not text.strip():
        await send(
            message,
            bot,
            _("Write the number and the note, for example: /note 123 Called, no answer"),
        )
        return
    application = await db.applications.get_by_number(number)
    if application is None:
        await send(message, bot, not_found_text(number))
        return
    await _save_note(message, bot, db, member, application.id, text)


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.middleware(FindApplication())
    router.message.register(queue, commands.QUEUE.filter())
    router.message.register(one_application, commands.APP.filter())
    router.callback_query.register(
        show_application, Review.filter(F.action == ReviewAction.SHOW), flags=FOUND
    )
    router.callback_query.register(
        take,
        Review.filter(F.action == ReviewAction.TAKE),
        flags={**FOUND, CLOSES_STEP_ITSELF: True},
    )
    router.callback_query.register(
        release, Review.filter(F.action == ReviewAction.RELEASE), flags=HELD
    )
    router.callback_query.register(
        note_asked, Review.filter(F.action == ReviewAction.NOTE), flags=FOUND
    )
    router.message.register(note_typed, StaffInput.note, TypedForStep(), flags=IN_STEP)
    router.message.register(note_command, commands.NOTE.filter())
    return router
