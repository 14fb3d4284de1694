"""An application in full, for /app N and its 📄 button: the card, every move since it was
filed (who, when, why), and the staff's internal notes."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import _
from bot.outbox.card import card_for
from bot.storage.database import Database
from bot.storage.models import ActorRole, Application, AppStatus, Event, SystemReason
from bot.storage.staff import Note
from bot.words import reasons
from bot.words import records as words


async def full_text(db: Database, application: Application) -> str:
    notes = await db.staff.notes(application.id)
    events = await db.applications.events(application.id)
    card = await card_for(db, application)
    return card + "\n\n" + history_text(application, events, notes)


def _event_line(event: Event) -> str:
    when = words.local_time(event.at)
    if event.from_status is None:
        what = _("submitted by the citizen")
    elif event.reason == SystemReason.CLAIM_EXPIRED:
        what = _("back to the queue: the review time ran out")
    elif event.reason == SystemReason.NO_ANSWER:
        what = _("back to the queue: the citizen did not answer the question in time")
    elif event.reason == SystemReason.USER_FORGOTTEN:
        what = _("withdrawn: the citizen asked to delete their data")
    elif event.actor_role is ActorRole.CITIZEN and event.to_status is AppStatus.QUEUED:
        what = _("the citizen answered: {answer}").format(answer=event.reason or "")
    elif event.actor_role is ActorRole.CITIZEN:
        what = _("{status} by the citizen").format(status=words.status(event.to_status))
    else:
        what = _("{status} by {who}").format(
            status=words.status(event.to_status), who=words.actor(event.actor_id, event.actor_name)
        )
        if event.reason:
            what += " — " + reasons.readable(event.reason)
    return f"{when} · {what}"


def history_text(
    application: Application,
    events: Sequence[Event],
    notes: Sequence[Note],
) -> str:
    """Every move and note with the names as they were when it happened."""
    lines = [_("History of {number}:").format(number=application.number)]
    lines += [_event_line(event) for event in events]
    if notes:
        lines += ["", _("Internal notes (the citizen does not see them):")]
        lines += [
            f"{words.local_time(note.at)} · {words.actor(note.author_id, note.author_name)}:"
            f" {note.text}"
            for note in notes
        ]
    return "\n".join(lines)
