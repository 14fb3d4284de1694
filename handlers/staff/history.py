"""An application in full, for /app N and its 📄 button: the card, every move since it was
filed (who, when, why), and the staff's internal notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.i18n import _
from bot.outbox.card import card_text
from bot.storage.database import Database
from bot.storage.models import ActorRole, Application, AppStatus, Event, SystemReason
from bot.storage.staff import Note
from bot.words import reasons
from bot.words import records as words
from handlers.staff.lookup import citizen_reads


async def full_text(db: Database, application: Application) -> str:
    notes = await db.staff.notes(application.id)
    names = await names_for(db, application, notes)
    events = await db.applications.events(application.id)
    card = card_text(application, db.connector.now(), names, await citizen_reads(db, application))
    return card + "\n\n" + history_text(application, events, notes, names)


async def names_for(db: Database, application: Application, notes: list[Note]) -> dict[int, str]:
    """Names of the staff who appear on an application (its reviewer, deciders, note authors)."""
    events = await db.applications.events(application.id)
    ids = {e.actor_id for e in events if e.actor_id is not None and e.actor_role == "staff"}
    ids |= {note.author_id for note in notes}
    if application.reviewer_id is not None:
        ids.add(application.reviewer_id)
    return await db.staff.names(ids)


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
