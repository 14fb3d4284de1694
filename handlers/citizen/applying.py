"""Applying for a programme from its card: the confirmation after the phone (a text typed there
is the comment), and sending the application to the career centre, or not."""

from __future__ import annotations

import logging
from typing import cast

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import Catalogues as I18n
from bot.i18n import _
from bot.rules import evaluate, needed_fields, registering_is_the_step
from bot.rules.model import Profile
from bot.rules.profile_json import evaluation_to_json, profile_to_json
from bot.storage.database import Database
from bot.words import labels
from bot.words.names import programme_name
from bot.words.next_steps import next_steps
from bot.words.phones import normalise_phone
from bot.words.verdicts import can_apply
from handlers.citizen.application_draft import (
    COMMENT_LIMIT,
    ApplyNav,
    ask_confirm,
    back_label,
    draft_of,
)
from handlers.citizen.asking import load_profile
from handlers.citizen.onward import onward
from handlers.citizen.phone import ask_phone, change_phone, phone_accepted
from handlers.citizen.questions import SUMMARY, Ask, next_step
from handlers.citizen.results import (
    ApplyFor,
    already_applied,
    standing,
    standing_application,
    verdict_of,
)
from handlers.citizen.states import Applying, Flow
from handlers.citizen.summary import after_applying_keyboard
from handlers.citizen.talk import Clock, cut_to_fit, say, show
from handlers.citizen.whereabouts import stale_button

log = logging.getLogger(__name__)


# Also from the summary (after /start) and with no step (after /cancel): the results are still
# on the screen, and the answers they came from are kept.
async def apply_for(
    callback: CallbackQuery,
    callback_data: ApplyFor,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
) -> None:
    profile = await load_profile(state)
    today = clock()
    # Only on answers complete enough for results; a half-changed profile gives no verdict.
    complete = next_step(profile, needed_fields(profile, today)) is SUMMARY
    verdict = verdict_of(evaluate(profile, today), callback_data.programme) if complete else None
    if verdict is None or not can_apply(verdict):
        await stale_button(callback, bot, state)
        return
    applications = await db.applications.list_for_user(callback.from_user.id)
    existing = standing(applications).get(callback_data.programme)
    if existing is not None:
        await say(callback, bot, already_applied(existing), onward(programmes=False))
        return
    draft: dict[str, object] = {"programme": callback_data.programme}
    last_phone = next((a.phone for a in applications if a.phone), None)  # newest first
    if last_phone is not None:
        draft["phone_hint"] = last_phone
    await state.update_data(apply=draft)
    await ask_phone(callback, bot, state, draft)


async def typed_at_confirmation(message: Message, bot: Bot, state: FSMContext) -> None:
    """A text at the confirmation is the comment, kept in the draft and shown in a new
    confirmation; but the keys of the phone keyboard still under its icon keep their meaning:
    a number alone changes the phone, «⬅️ Back» asks the phone again."""
    assert message.text is not None
    if message.text == back_label():
        await change_phone(message, bot, state)
        return
    phone = normalise_phone(message.text)
    if phone is not None:
        await phone_accepted(message, bot, state, phone)
        return
    notice = _("The comment is long, so we kept its first {limit} characters.")
    comment = await cut_to_fit(message, bot, message.text, COMMENT_LIMIT, notice)
    draft = draft_of(await state.get_data())
    await state.update_data(apply={**draft, "comment": comment or None})
    await ask_confirm(message, bot, state)


async def cancelled(
    callback: CallbackQuery, callback_data: ApplyNav, bot: Bot, state: FSMContext
) -> None:
    """«✖️ Do not send»: nothing is sent; the confirmation says so in its place, with the way on."""
    if draft_of(await state.get_data())["programme"] != callback_data.programme:
        await stale_button(callback, bot, state)
        return
    await state.update_data(apply=None)
    await state.set_state(Flow.results)
    text = "\n".join(
        [
            _("The application is not sent."),
            _("You can pick a programme again or see your applications."),
        ]
    )
    await show(callback, bot, state, text, onward(), here=True)


async def submit(
    callback: CallbackQuery,
    callback_data: ApplyNav,
    bot: Bot,
    state: FSMContext,
    db: Database,
    clock: Clock,
    i18n: I18n,
) -> None:
    apply = draft_of(await state.get_data())
    programme = str(apply["programme"])
    if programme != callback_data.programme:
        await stale_button(callback, bot, state)
        return
    profile: Profile = await load_profile(state)
    evaluation = evaluate(profile, clock())
    as_json = evaluation_to_json(evaluation)
    programmes = cast(list[dict[str, object]], as_json["programmes"])
    verdict_json: dict[str, object] = next((p for p in programmes if p["id"] == programme), {})
    application, created = await db.applications.submit(
        callback.from_user.id,
        programme,
        profile.region,
        profile_to_json(profile),
        {"on": as_json["on"], "parameters": as_json["parameters"], **verdict_json},
        str(apply["phone"]),
        apply.get("comment"),
        i18n.current_locale,
        # The name the centre finds them by when they phone in (the consent text says so).
        name=callback.from_user.full_name,
    )
    log.info("application %s %s", application.id, "created" if created else "already existed")
    await state.update_data(apply=None)
    await state.set_state(Flow.results)
    if callback.message is not None:
        await bot.edit_message_reply_markup(
            chat_id=callback.from_user.id, message_id=callback.message.message_id
        )
    sent = _("Your application {number} for {programme} is sent. Status: {status}.").format(
        number=application.number,
        programme=programme_name(programme),
        status=labels.label(labels.APP_STATUS, application.status),
    )
    register = registering_is_the_step(profile, programme, evaluation.on)
    after = next_steps(programme, profile.region, register=register)
    keep = _("/my shows your applications; /summary gives one message to show at the centre.")
    await say(callback, bot, f"{sent}\n\n{after}\n\n{keep}", after_applying_keyboard())


async def submit_again(
    callback: CallbackQuery, callback_data: ApplyNav, bot: Bot, state: FSMContext, db: Database
) -> None:
    """A second tap on "Send" after the first went through: point at the same application."""
    existing = await standing_application(db, callback.from_user.id, callback_data.programme)
    if existing is None:
        await stale_button(callback, bot, state)
        return
    await say(callback, bot, already_applied(existing), onward(programmes=False))


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        apply_for,
        ApplyFor.filter(),
        StateFilter(Flow.results, Ask.summary, None, Applying.phone, Applying.confirm),
    )
    router.message.register(
        typed_at_confirmation, Applying.confirm, F.text & ~F.text.startswith("/")
    )
    router.callback_query.register(
        cancelled, ApplyNav.filter(F.action == "cancel"), Applying.confirm
    )
    router.callback_query.register(submit, ApplyNav.filter(F.action == "submit"), Applying.confirm)
    router.callback_query.register(submit_again, ApplyNav.filter(F.action == "submit"))
    return router
