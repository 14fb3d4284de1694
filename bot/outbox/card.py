"""The application card staff decide from: its text, its buttons and their payload (`Review`).

The outbox sends it when an application arrives and the staff review room redraws it after each
move. It lives here and not in `handlers.staff`: the staff handlers import the outbox (a
decision queues its notice), so the outbox cannot import them back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, cast

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from bot.i18n import _
from bot.rules.model import Code, CriterionResult, Result, Status
from bot.rules.profile_json import ProfileError, profile_from_json
from bot.storage.database import Database
from bot.storage.models import ActorRole, Application, AppStatus, Event
from bot.words import labels, reasons
from bot.words import records as words
from bot.words.answers import answer_lines
from bot.words.names import programme_name, region_name
from bot.words.phones import pretty_phone
from bot.words.verdicts import reason

# Application ids are SQLite integers: a forged larger number is not an id (and would overflow).
APP_ID_LIMIT = 2**63
AppId = Annotated[int, Field(ge=1, lt=APP_ID_LIMIT)]


def is_app_id(value: int) -> bool:
    return 1 <= value < APP_ID_LIMIT


class ReviewAction(StrEnum):
    TAKE = "take"
    APPROVE = "ok"  # asks "approve?" first
    APPROVE_YES = "oky"
    REJECT = "no"  # asks for a reason
    ASK = "ask"  # asks for a question
    REJECT_WITH = "nor"  # a common reason chosen: `code`; asks "decline?" first
    REJECT_YES = "noy"  # the decline confirmed (its reason is in the member's conversation)
    ASK_WITH = "askr"
    NOTE = "note"
    RELEASE = "rel"
    CANCEL = "cxl"
    SHOW = "show"


class Review(CallbackData, prefix="rv"):
    """A review button. Every one is checked again on the server: buttons can be forged."""

    action: ReviewAction
    app_id: AppId
    code: str = ""


def answers_of(profile: Mapping[str, object]) -> list[str]:
    """The citizen's answers, one per line, as the citizen confirmed them."""
    try:
        parsed = profile_from_json(profile)
    except ProfileError:  # answers saved under older rules: show nothing rather than fail
        return []
    return answer_lines(parsed)


def verdict_lines(verdict: Mapping[str, object]) -> list[str]:
    """What the bot told the citizen before they applied, one line per criterion."""
    status = verdict.get("status")
    if status not in {s.value for s in Status}:
        return []
    lines = [f"{labels.VERDICT_MARK[Status(str(status))]} {labels.VERDICT[Status(str(status))]}"]
    for item in cast(Sequence[Mapping[str, Any]], verdict.get("criteria") or []):
        try:
            criterion = CriterionResult(
                code=Code(item["code"]), result=Result(item["result"]), params=item["params"]
            )
        except (KeyError, ValueError):
            continue
        lines.append(reason(criterion))
    return lines


@dataclass(frozen=True, slots=True)
class Exchange:
    """The latest question to the citizen, and their answer (None: not answered yet)."""

    question: str
    answer: str | None


def last_exchange(events: Sequence[Event]) -> Exchange | None:
    found: Exchange | None = None
    for event in events:
        if event.to_status is AppStatus.NEEDS_INFO and event.reason:
            found = Exchange(event.reason, None)
        elif found is not None and event.actor_role is ActorRole.CITIZEN and event.reason:
            found = Exchange(found.question, event.reason)  # the citizen's answer
    return found


def card_text(
    application: Application,
    now: datetime,
    names: Mapping[int, str],
    reads: str | None = None,
    exchange: Exchange | None = None,
) -> str:
    """Everything a reviewer needs to decide, with the time the citizen has been waiting
    (or, once nobody waits any more, what became of the application and when).

    `reads` is the language the citizen uses with the bot now, the one they will read a
    decision in; by default the language they applied in."""
    if application.is_active:
        header = _("📄 Application {number} · waiting {waited}").format(
            number=application.number, waited=words.duration(now - application.created_at)
        )
    else:  # the last move of a finished application is the one that finished it
        header = _("📄 Application {number} · {status} {when}").format(
            number=application.number,
            status=words.status(application.status),
            when=words.local_time(application.updated_at),
        )
    region = _("Region: {region}").format(region=region_name(application.region))
    lines = [
        header,
        _("Programme: {programme}").format(programme=programme_name(application.programme)),
        region,
    ]
    age = words.age(application.profile, words.local_date(now))
    if age is not None:
        lines.append(_("Age: {age}").format(age=words.years(age)))
    if application.phone:
        lines.append(_("Phone: {phone}").format(phone=pretty_phone(application.phone)))
    lines.append(
        _("Citizen's language: {language}").format(
            language=words.language(reads or application.language)
        )
    )
    if application.comment:
        lines.append(_("Comment: {comment}").format(comment=application.comment))
    # The answers name the region the application was filed under, said just above: once is
    # enough (a different region in the answers, from older data, would still show).
    lines += ["", *(line for line in answers_of(application.profile) if line != region)]
    verdict = verdict_lines(application.verdict)
    if verdict:
        # Quoted as the citizen read it ("you"): what they were told before applying.
        lines += ["", _("What the bot told the citizen:"), *verdict]
    if exchange is not None:
        # What was asked and answered stays on the card: it is part of what to decide on.
        lines += [
            "",
            _("❓ Asked: {question}").format(question=reasons.readable(exchange.question)),
        ]
        if exchange.answer is None:
            lines.append(_("💬 The citizen has not answered yet."))
        else:
            lines.append(_("💬 The citizen's answer: {answer}").format(answer=exchange.answer))
    lines += ["", _status_line(application, names)]
    return "\n".join(lines)


def _status_line(application: Application, names: Mapping[int, str]) -> str:
    if application.status is AppStatus.IN_REVIEW:
        return _("Status: in review by {reviewer}").format(
            reviewer=words.person(application.reviewer_id, names)
        )
    return _("Status: {status}").format(status=words.status(application.status))


async def citizen_language(db: Database, application: Application) -> str | None:
    """The language the citizen uses with the bot now (they may have switched since applying)."""
    if application.user_id is None:
        return None
    account = await db.users.get(application.user_id)
    return None if account is None else account.language


async def citizen_reads(db: Database, application: Application) -> str:
    """The language a decision reaches the citizen in: the one they use with the bot now, or
    else the one they applied in (what `decision_notice` picks)."""
    return await citizen_language(db, application) or application.language


async def card_for(db: Database, application: Application) -> str:
    """The card as it is now: the reviewer named as they took it (kept with its events)."""
    reviewer = application.reviewer_id
    names = (
        {} if reviewer is None else await db.applications.actor_names([reviewer], application.id)
    )
    exchange = last_exchange(await db.applications.events(application.id))
    reads = await citizen_reads(db, application)
    return card_text(application, db.connector.now(), names, reads, exchange)


def copy_keyboard(application: Application, chat_id: int) -> InlineKeyboardMarkup | None:
    """The buttons of one copy of the card. The staff group's copy is the team's (anyone may
    take it; only the reviewer's presses decide); a private copy offers Take while it waits,
    and decisions only in the chat of the reviewer who holds it: a colleague's goes quiet.
    (Telegram's private chats have the user's id, positive; groups' ids are negative.)"""
    private = chat_id > 0
    if private and application.status is AppStatus.IN_REVIEW and application.reviewer_id != chat_id:
        return None
    return card_keyboard(application)


def card_keyboard(application: Application) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    app_id = application.id
    if application.status is AppStatus.QUEUED:
        builder.button(
            text=_("🙋 Take"), callback_data=Review(action=ReviewAction.TAKE, app_id=app_id)
        )
    elif application.status is AppStatus.IN_REVIEW:
        for text, action in (
            (_("✅ Approve"), ReviewAction.APPROVE),
            (_("❌ Reject"), ReviewAction.REJECT),
            (_("❓ Ask"), ReviewAction.ASK),
            (_("📝 Note"), ReviewAction.NOTE),
            (_("↩️ Back to queue"), ReviewAction.RELEASE),
        ):
            builder.button(text=text, callback_data=Review(action=action, app_id=app_id))
        builder.adjust(3, 2)
    else:
        return None
    return builder.as_markup()
