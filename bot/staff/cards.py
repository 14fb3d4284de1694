"""An application as staff see it: the card with its buttons, and the full history for /app N."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _
from bot.rules.model import Code, CriterionResult, Result, Status
from bot.rules.profile_json import ProfileError, profile_from_json
from bot.staff import reasons
from bot.staff.callbacks import Review, ReviewAction
from bot.storage.models import ActorRole, Application, AppStatus, Event, SystemReason
from bot.storage.staff import Note
from bot.words import labels
from bot.words import records as words
from bot.words.answers import answer_lines
from bot.words.names import programme_name, region_name
from bot.words.phones import pretty_phone
from bot.words.verdicts import reason


def _answers(profile: Mapping[str, object]) -> list[str]:
    """The citizen's answers, one per line, as the citizen confirmed them."""
    try:
        parsed = profile_from_json(profile)
    except ProfileError:  # answers saved under older rules: show nothing rather than fail
        return []
    return answer_lines(parsed)


def _verdict(verdict: Mapping[str, object]) -> list[str]:
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


def card_text(
    application: Application,
    now: datetime,
    names: Mapping[int, str],
    reads: str | None = None,
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
    lines += ["", *(line for line in _answers(application.profile) if line != region)]
    verdict = _verdict(application.verdict)
    if verdict:
        # Quoted as the citizen read it ("you"): what they were told before applying.
        lines += ["", _("What the bot told the citizen:"), *verdict]
    lines += ["", _status_line(application, names)]
    return "\n".join(lines)


def _status_line(application: Application, names: Mapping[int, str]) -> str:
    if application.status is AppStatus.IN_REVIEW:
        return _("Status: in review by {reviewer}").format(
            reviewer=words.person(application.reviewer_id, names)
        )
    return _("Status: {status}").format(status=words.status(application.status))


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


def cancel_button(app_id: int, asker_id: int) -> Review:
    """Cancel of a question the bot asked one staff member (approve? which reason?): in the
    staff group only they may press it (the button carries their id)."""
    return Review(action=ReviewAction.CANCEL, app_id=app_id, code=str(asker_id))


def reason_keyboard(app_id: int, asking: bool, asker_id: int) -> InlineKeyboardMarkup:
    """Common reasons (or questions) as buttons, and Cancel; free text is typed instead."""
    builder = InlineKeyboardBuilder()
    choices = reasons.ASK_QUESTIONS if asking else reasons.REJECT_REASONS
    action = ReviewAction.ASK_WITH if asking else ReviewAction.REJECT_WITH
    for code in choices:
        builder.button(
            text=str(reasons.BUTTON_LABELS[code]),
            callback_data=Review(action=action, app_id=app_id, code=code),
        )
    builder.button(text=_("Cancel"), callback_data=cancel_button(app_id, asker_id))
    builder.adjust(1)
    return builder.as_markup()


def _event_line(event: Event, names: Mapping[int, str]) -> str:
    when = words.local_time(event.at)
    if event.from_status is None:
        what = _("submitted by the citizen")
    elif event.reason == SystemReason.CLAIM_EXPIRED:
        what = _("back to the queue: the review time ran out")
    elif event.reason == SystemReason.USER_FORGOTTEN:
        what = _("withdrawn: the citizen asked to delete their data")
    elif event.actor_role is ActorRole.CITIZEN and event.to_status is AppStatus.QUEUED:
        what = _("the citizen answered: {answer}").format(answer=event.reason or "")
    elif event.actor_role is ActorRole.CITIZEN:
        what = _("{status} by the citizen").format(status=words.status(event.to_status))
    else:
        what = _("{status} by {who}").format(
            status=words.status(event.to_status), who=words.person(event.actor_id, names)
        )
        if event.reason:
            what += " — " + reasons.readable(event.reason)
    return f"{when} · {what}"


def history_text(
    application: Application,
    events: Sequence[Event],
    notes: Sequence[Note],
    names: Mapping[int, str],
) -> str:
    lines = [_("History of {number}:").format(number=application.number)]
    lines += [_event_line(event, names) for event in events]
    if notes:
        lines += ["", _("Internal notes (the citizen does not see them):")]
        lines += [
            f"{words.local_time(note.at)} · {words.person(note.author_id, names)}: {note.text}"
            for note in notes
        ]
    return "\n".join(lines)
