"""One application on the desk: the citizen's answers, the verdict as the citizen saw it, the
history with each question and the citizen's answer, the notes, what came of it once approved,
and what the member may do now. Reading it is recorded (`Desk.open`); another region's is
refused with 403, recorded.
"""

from __future__ import annotations

from aiohttp import web

from bot.desk.access import DeskMember, require_staff
from bot.desk.keys import DB
from bot.desk.outcome_section import outcome_context
from bot.desk.pages import refused, render
from bot.desk.queue import scope_of, status_name
from bot.i18n import _, ngettext
from bot.outbox.card import answers_of, citizen_reads, verdict_lines
from bot.storage.desk import Dossier
from bot.storage.models import (
    ActorRole,
    Application,
    AppStatus,
    ErrorCode,
    Event,
    SystemReason,
    TransitionError,
)
from bot.words import reasons, records
from bot.words.names import programme_name, region_name
from bot.words.phones import pretty_phone


def application_id(request: web.Request) -> int:
    value = request.match_info["app_id"]
    if not value.isdecimal() or len(value) > 12:
        raise web.HTTPNotFound()
    return int(value)


def _who(event: Event) -> str:
    if event.actor_role is ActorRole.CITIZEN:
        return _("the citizen")
    if event.actor_role is ActorRole.SYSTEM:
        return _("the bot")
    return event.actor_name or records.person(event.actor_id, {})


def unanswered_days(event: Event, before: list[Event]) -> int:
    """Whole days from the question to its return unanswered (`event`, the return)."""
    asked = [e.at for e in before if e.to_status is AppStatus.NEEDS_INFO]
    return (event.at - asked[-1]).days if asked else 0


def no_answer_text(days: int) -> str:
    return ngettext(
        "back to the queue: no answer in {days} day",
        "back to the queue: no answer in {days} days",
        days,
    ).format(days=days)


def _what(event: Event, before: list[Event]) -> str:
    to = event.to_status
    if event.reason == SystemReason.NO_ANSWER:
        return no_answer_text(unanswered_days(event, before))
    if event.reason == SystemReason.CLAIM_EXPIRED:
        return _("back to the queue: the review time ran out")
    if event.to_region is not None:
        return _("passed to {region}").format(region=region_name(event.to_region))
    if event.from_status is None:
        return _("submitted")
    if to is AppStatus.QUEUED and event.from_status is AppStatus.NEEDS_INFO:
        return _("answered the question")
    if to is AppStatus.QUEUED and event.from_status in (AppStatus.APPROVED, AppStatus.REJECTED):
        return _("reopened, back to the queue")
    if to is AppStatus.IN_REVIEW and event.from_status in (
        AppStatus.APPROVED,
        AppStatus.REJECTED,
    ):
        return _("reopened and taken")
    if to is AppStatus.IN_REVIEW:
        return _("took it")
    if to is AppStatus.QUEUED:
        return _("back to the queue")
    if to is AppStatus.NEEDS_INFO:
        return _("asked the citizen")
    return status_name(to)


def history(events: list[Event]) -> list[dict[str, str]]:
    """Each event in words; a question and the citizen's answer are quoted as written."""
    return [
        {
            "at": records.local_time(event.at),
            "who": _who(event),
            "what": _what(event, events[:index]),
            # The bot's own reasons are codes, said in `what`; people's words are quoted.
            "words": "" if event.actor_role is ActorRole.SYSTEM else reasons.readable(event.reason),
        }
        for index, event in enumerate(events)
    ]


def facts(application: Application, reads: str) -> list[tuple[str, str]]:
    pairs = [
        (_("Programme"), programme_name(application.programme)),
        (_("Region"), region_name(application.region)),
        (_("Status"), status_name(application.status)),
        (_("Submitted"), records.local_time(application.created_at)),
        (_("Name"), application.name or "—"),
        (_("Phone"), pretty_phone(application.phone) if application.phone else "—"),
        (_("Citizen's language"), records.language(reads)),
    ]
    if application.comment:
        pairs.append((_("Comment"), application.comment))
    return pairs


def actions(application: Application, member: DeskMember) -> list[str]:
    """The buttons this member has on this application now."""
    status = application.status
    if status is AppStatus.QUEUED:
        return ["take"]
    if status is AppStatus.IN_REVIEW and application.reviewer_id == member.user_id:
        return ["approve", "decline", "ask", "transfer", "release"]
    if status in (AppStatus.APPROVED, AppStatus.REJECTED) and member.sees_all:
        return ["reopen"]
    return []


async def application_context(
    request: web.Request, member: DeskMember, dossier: Dossier
) -> dict[str, object]:
    application = dossier.application
    reads = await citizen_reads(request.app[DB], application)
    holder = None
    if application.status is AppStatus.IN_REVIEW:
        taken = [e for e in dossier.events if e.to_status is AppStatus.IN_REVIEW]
        holder = taken[-1].actor_name if taken else None
    return {
        "application": application,
        "facts": facts(application, reads),
        "answers": answers_of(application.profile),
        "verdict": verdict_lines(application.verdict),
        "history": history(dossier.events),
        "notes": [
            {
                "at": records.local_time(note.at),
                "who": note.author_name or records.person(note.author_id, {}),
                "text": note.text,
            }
            for note in dossier.notes
        ],
        "holder": holder,
        "actions": actions(application, member),
        "problem": None,
        **outcome_context(application, await request.app[DB].outcomes.of(application.id)),
    }


async def show(
    request: web.Request,
    member: DeskMember,
    app_id: int,
    *,
    problem: str | None = None,
    status: int = 200,
) -> web.Response:
    """The application page (its reading recorded), or 403 / 404."""
    try:
        dossier = await request.app[DB].desk.open(scope_of(member), app_id)
    except TransitionError as error:
        if error.code is ErrorCode.OUT_OF_REGION:  # recorded by Desk.open
            raise web.HTTPForbidden(text=refused(request).text, content_type="text/html") from None
        raise web.HTTPNotFound() from None
    context = await application_context(request, member, dossier)
    context["problem"] = problem
    return render(request, "application.html", context, status=status)


async def application_page(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    return await show(request, member, application_id(request))


def routes() -> list[web.RouteDef]:
    return [web.get(r"/applications/{app_id}", application_page)]
