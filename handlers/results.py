"""Results (one card per programme) and applying: phone, comment, confirmation."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import cast

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove

from bot.chat.applying import (
    COMMENT_LIMIT,
    back_label,
    comment_prompt,
    confirm_prompt,
    draft_of,
    phone_prompt,
    suggested_phone,
)
from bot.chat.callbacks import ApplyFor, ApplyNav, ChangeAnswer, Menu, ShowResults
from bot.chat.cards import any_other_open, can_apply, card, programme_name
from bot.chat.conversation import Clock, cut_to_fit, load_profile, profile_of, say
from bot.chat.keyboards import KeyboardBuilder
from bot.chat.steps import Applying, Ask, Flow, Step, next_step
from bot.i18n import Catalogues as I18n
from bot.i18n import _, get_i18n
from bot.rules import evaluate, needed_fields
from bot.rules.model import Evaluation, Profile, Status, Verdict
from bot.rules.profile_json import evaluation_to_json, profile_to_json
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus
from bot.words import labels
from bot.words.phones import normalise_phone, pretty_phone
from handlers.stale import stale_button, where_we_are

log = logging.getLogger(__name__)

_ORDER = {Status.ELIGIBLE: 0, Status.UNKNOWN: 1, Status.INELIGIBLE: 2}


def _verdict(evaluation: Evaluation, programme: str) -> Verdict | None:
    return next((v for v in evaluation.verdicts if v.programme == programme), None)


def _holds_its_place(application: Application) -> bool:
    """In the centre's hands, or approved: another application for that programme would only
    repeat it. (After a rejection or a withdrawal the citizen may apply again.)"""
    return application.is_active or application.status is AppStatus.APPROVED


def _standing(applications: list[Application]) -> dict[str, Application]:
    """Of the citizen's applications (newest first), those that hold their place, by
    programme."""
    return {a.programme: a for a in reversed(applications) if _holds_its_place(a)}


async def _standing_applications(db: Database, user_id: int) -> dict[str, Application]:
    return _standing(await db.applications.list_for_user(user_id))


async def _standing_application(db: Database, user_id: int, programme: str) -> Application | None:
    return (await _standing_applications(db, user_id)).get(programme)


def _already_applied(application: Application) -> str:
    return _("You have already applied: application {number}, status: {status}.").format(
        number=application.number, status=labels.label(labels.APP_STATUS, application.status)
    )


async def show_results(
    callback: CallbackQuery, bot: Bot, state: FSMContext, db: Database, clock: Clock
) -> None:
    profile = await load_profile(state)
    if next_step(profile, needed_fields(profile, clock())) is not Step.SUMMARY:
        await stale_button(callback, bot, state)
        return
    evaluation = evaluate(profile, clock())
    applied = await _standing_applications(db, callback.from_user.id)
    await state.set_state(Flow.results)
    await say(callback, bot, _("Here are the state employment programmes and how they fit you:"))
    locale = get_i18n().current_locale
    for verdict in sorted(evaluation.verdicts, key=lambda v: _ORDER[v.status]):
        others_open = any_other_open(evaluation.verdicts, verdict)
        existing = applied.get(verdict.programme)
        if existing is not None:
            # No Apply button: it would only lead to "you have already applied".
            text = card(verdict, others_open=others_open, applied=_already_applied(existing))
            await say(callback, bot, text)
            continue
        apply = _apply_keyboard(verdict.programme, locale) if can_apply(verdict) else None
        await say(callback, bot, card(verdict, others_open=others_open), apply)
    await say(
        callback,
        bot,
        _(
            "This is a preliminary check. The final decision is made by the career centre "
            "(«Мансап» орталығы) when you apply."
        ),
        _results_footer(locale),
    )


# Built once per language (and programme) and shared: a markup is never changed once built, and
# building the results' keyboards cost ~0.5 ms of pydantic models per citizen.
@lru_cache(maxsize=64)
def _apply_keyboard(programme: str, locale: str) -> InlineKeyboardMarkup:
    """`locale` is the current one: it is part of the cache key, the texts come from `_`."""
    builder = KeyboardBuilder()
    builder.button(text=_("📝 Apply"), callback_data=ApplyFor(programme=programme))
    return builder.as_markup()


@lru_cache(maxsize=8)
def _results_footer(locale: str) -> InlineKeyboardMarkup:
    footer = KeyboardBuilder()
    footer.button(text=_("✏️ Change my answers"), callback_data=ChangeAnswer(step=Step.SUMMARY))
    footer.button(text=_("📋 My applications"), callback_data=Menu(action="my"))
    footer.adjust(1)
    return footer.as_markup()


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
    complete = next_step(profile, needed_fields(profile, today)) is Step.SUMMARY
    verdict = _verdict(evaluate(profile, today), callback_data.programme) if complete else None
    if verdict is None or not can_apply(verdict):
        await stale_button(callback, bot, state)
        return
    applications = await db.applications.list_for_user(callback.from_user.id)
    existing = _standing(applications).get(callback_data.programme)
    if existing is not None:
        await say(callback, bot, _already_applied(existing))
        return
    draft: dict[str, object] = {"programme": callback_data.programme}
    last_phone = next((a.phone for a in applications if a.phone), None)  # newest first
    if last_phone is not None:
        draft["phone_hint"] = last_phone
    await state.update_data(apply=draft)
    await state.set_state(Applying.phone)
    text, keyboard = phone_prompt(callback_data.programme, last_phone)
    await say(callback, bot, text, keyboard)


async def _ask_comment(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> None:
    draft = draft_of(await state.get_data())
    await state.set_state(Applying.comment)
    text, markup = comment_prompt(str(draft["programme"]))
    await say(event, bot, text, markup)


async def _ask_confirm(event: Message | CallbackQuery, bot: Bot, state: FSMContext) -> None:
    data = await state.get_data()
    apply = draft_of(data)
    await state.set_state(Applying.confirm)
    text, markup = confirm_prompt(
        str(apply["programme"]),
        profile_of(data).region,
        str(apply["phone"]),
        apply.get("comment"),
    )
    await say(event, bot, text, markup)


async def _phone_accepted(message: Message, bot: Bot, state: FSMContext, phone: str) -> None:
    draft = draft_of(await state.get_data())
    await state.update_data(apply={**draft, "phone": phone})
    # Said back in full: a number mistyped by one digit is seen before the centre calls it.
    saved = _("Thank you, the number {phone} is saved.").format(phone=pretty_phone(phone))
    await say(message, bot, saved, ReplyKeyboardRemove())
    await _ask_comment(message, bot, state)


async def phone_shared(message: Message, bot: Bot, state: FSMContext) -> None:
    assert message.contact is not None and message.from_user is not None
    if message.contact.user_id != message.from_user.id:
        await say(
            message,
            bot,
            _(
                "This seems to be someone else's contact. Please share your own number "
                "with the button, or type it."
            ),
        )
        return
    phone = normalise_phone(message.contact.phone_number)
    if phone is None:
        await say(
            message,
            bot,
            _("We accept Kazakhstan mobile numbers only. Please type one like +7 701 234 56 78."),
        )
        return
    await _phone_accepted(message, bot, state, phone)


async def phone_typed(message: Message, bot: Bot, state: FSMContext) -> None:
    assert message.text is not None
    if message.text == back_label():
        await state.update_data(apply=None)
        await state.set_state(Flow.results)
        await say(
            message,
            bot,
            _("The application is not sent. Your programmes are in the messages above."),
            ReplyKeyboardRemove(),
        )
        return
    phone = normalise_phone(message.text)
    if phone is None:
        await say(
            message,
            bot,
            _(
                "This does not look like a Kazakhstan mobile number. "
                "Please type it like +7 701 234 56 78, or tap the button to share it."
            ),
        )
        return
    await _phone_accepted(message, bot, state, phone)


async def comment_typed(message: Message, bot: Bot, state: FSMContext) -> None:
    assert message.text is not None
    notice = _("The comment is long, so we kept its first {limit} characters.")
    comment = await cut_to_fit(message, bot, message.text, COMMENT_LIMIT, notice)
    draft = draft_of(await state.get_data())
    await state.update_data(apply={**draft, "comment": comment or None})
    await _ask_confirm(message, bot, state)


async def comment_skipped(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    draft = draft_of(await state.get_data())
    await state.update_data(apply={**draft, "comment": None})
    await _ask_confirm(callback, bot, state)


async def back_to_phone(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    draft = draft_of(await state.get_data())
    await state.set_state(Applying.phone)
    text, keyboard = phone_prompt(str(draft["programme"]), suggested_phone(draft))
    await say(callback, bot, text, keyboard)


async def back_to_comment(callback: CallbackQuery, bot: Bot, state: FSMContext) -> None:
    await _ask_comment(callback, bot, state)


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
    )
    log.info("application %s %s", application.id, "created" if created else "already existed")
    await state.update_data(apply=None)
    await state.set_state(Flow.results)
    if callback.message is not None:
        await bot.edit_message_reply_markup(
            chat_id=callback.from_user.id, message_id=callback.message.message_id
        )
    await say(
        callback,
        bot,
        _(
            "Your application {number} for {programme} is sent. Status: {status}.\n"
            "The career centre will call you. /my shows your applications."
        ).format(
            number=application.number,
            programme=programme_name(programme),
            status=labels.label(labels.APP_STATUS, application.status),
        ),
    )


async def submit_again(
    callback: CallbackQuery, callback_data: ApplyNav, bot: Bot, state: FSMContext, db: Database
) -> None:
    """A second tap on "Send" after the first went through: point at the same application."""
    existing = await _standing_application(db, callback.from_user.id, callback_data.programme)
    if existing is None:
        await stale_button(callback, bot, state)
        return
    await say(callback, bot, _already_applied(existing))


async def not_text(message: Message, bot: Bot, state: FSMContext) -> None:
    await say(message, bot, _("Please send text here."))
    await where_we_are(message, bot, state)


def router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        show_results, ShowResults.filter(), StateFilter(Ask.summary, Flow.results)
    )
    router.callback_query.register(
        apply_for,
        ApplyFor.filter(),
        StateFilter(
            Flow.results, Ask.summary, None, Applying.phone, Applying.comment, Applying.confirm
        ),
    )
    router.message.register(phone_shared, Applying.phone, F.contact)
    router.message.register(phone_typed, Applying.phone, F.text)
    router.message.register(comment_typed, Applying.comment, F.text & ~F.text.startswith("/"))
    router.callback_query.register(
        comment_skipped, ApplyNav.filter(F.action == "skip"), Applying.comment
    )
    router.callback_query.register(
        back_to_phone, ApplyNav.filter(F.action == "back"), Applying.comment
    )
    router.callback_query.register(
        back_to_comment, ApplyNav.filter(F.action == "back"), Applying.confirm
    )
    router.callback_query.register(submit, ApplyNav.filter(F.action == "submit"), Applying.confirm)
    router.callback_query.register(submit_again, ApplyNav.filter(F.action == "submit"))
    router.message.register(not_text, Applying.phone)
    router.message.register(not_text, Applying.comment)
    return router
