"""What became of an approved application, recorded on its page by any member who serves its
region: referred, placed (employer, contract start), completed, or ended early with a reason.
Each is a row of its own with the member's name as it was; the form offers only what may come
next, and the server checks that again."""

from __future__ import annotations

from datetime import date, datetime

from aiohttp import web

from bot.desk.access import require_staff
from bot.desk.application import show
from bot.desk.decisions import TEXT_LIMIT, served_application
from bot.desk.keys import DB
from bot.desk.pages import go
from bot.i18n import _
from bot.storage.outcomes import NewOutcome, OutcomeKind, OutcomeProblem
from bot.storage.outcomes import OutcomeRefused as Refused
from bot.words.outcomes import ENDED_BECAUSE

EMPLOYER_LIMIT = 200


def _problem_text(problem: OutcomeProblem) -> str:
    return {
        OutcomeProblem.NOT_APPROVED: _("An outcome is recorded only for an approved application."),
        OutcomeProblem.OUT_OF_ORDER: _(
            "This cannot follow what is recorded already. Reload the page to see the latest."
        ),
        OutcomeProblem.EMPLOYER_REQUIRED: _("Write the employer's name."),
        OutcomeProblem.START_REQUIRED: _("Give the date the contract begins, e.g. 15.01.2027."),
        OutcomeProblem.REASON_REQUIRED: _("Choose why it ended."),
    }[problem]


def _date(text: str) -> date | None:
    """A date as the browser's date field sends it (2027-01-15) or as typed (15.01.2027)."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _new(form: object) -> NewOutcome | OutcomeProblem | None:
    """The outcome the form asks for, or what it lacks; None for an unknown kind."""
    assert hasattr(form, "get")
    try:
        kind = OutcomeKind(str(form.get("kind", "")))
    except ValueError:
        return None
    employer = str(form.get("employer", "")).strip()[:EMPLOYER_LIMIT]
    started = str(form.get("contract_start", "")).strip()
    start = _date(started) if started else None
    if kind is OutcomeKind.PLACED and started and start is None:
        return OutcomeProblem.START_REQUIRED
    reason = str(form.get("reason", ""))
    new = NewOutcome(
        kind=kind,
        employer=employer or None if kind is OutcomeKind.PLACED else None,
        contract_start=start if kind is OutcomeKind.PLACED else None,
        reason=reason if kind is OutcomeKind.TERMINATED and reason in ENDED_BECAUSE else None,
        note=str(form.get("note", "")).strip()[:TEXT_LIMIT] or None,
    )
    return new.problem() or new


async def record_outcome(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    application = await served_application(request, member, "outcome")
    new = _new(await request.post())
    if new is None:
        problem = _("Choose what happened.")
        return await show(request, member, application.id, problem=problem, status=400)
    if isinstance(new, OutcomeProblem):
        return await show(request, member, application.id, problem=_problem_text(new), status=400)
    try:
        await request.app[DB].outcomes.record(application.id, new, by=member.actor)
    except Refused as refused:
        problem = _problem_text(refused.problem)
        return await show(request, member, application.id, problem=problem, status=409)
    raise go(f"/applications/{application.id}")


def routes() -> list[web.RouteDef]:
    return [web.post(r"/applications/{app_id}/outcome", record_outcome)]
