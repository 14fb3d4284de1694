"""What a member does with an application on the desk: take, release, approve with an optional
note to the citizen, decline with a coded reason or own words (both shown once more to be
confirmed before anything is sent), ask the citizen, pass it to another region, reopen a
decision (supervisors), add a note.

Every action checks the member's role and region on the server first (403, recorded); the
citizen's message is queued in the same transaction as the change, in their language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.desk.access import DeskMember, refusal, require_region, require_staff
from bot.desk.application import application_id, show
from bot.desk.keys import DB
from bot.desk.pages import go, render
from bot.desk.queue import scope_of, status_name
from bot.i18n import _, current_locale, use_locale
from bot.outbox.card import citizen_reads
from bot.outbox.notices import NoticeKind, citizen_notice, decision_notice
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus, ErrorCode, TransitionError
from bot.words import reasons, records
from bot.words.names import region_name, regions_in_order

TEXT_LIMIT = 1000  # a reason, a question, a note to the citizen or a colleague

Action = Callable[[Database, DeskMember, Application], Awaitable[object]]


def _deciding(to: AppStatus, reason: str | None, reads: str) -> Action:
    """The move to `to` with its reason, and the citizen's notice of it in `reads`, in one
    transaction (the approval, the decline and the question differ only in these)."""

    async def decide(db: Database, who: DeskMember, app: Application) -> object:
        notice = decision_notice(app, to, reason, reads)
        return await db.applications.decide(
            app.id, who.user_id, to, reason, notice, actor_name=who.name
        )

    return decide


async def served_application(request: web.Request, member: DeskMember, action: str) -> Application:
    """The application the address names, if the member serves its region (else 403, recorded)."""
    app_id = application_id(request)
    application = await request.app[DB].applications.get(app_id)
    if application is None:
        raise web.HTTPNotFound()
    await require_region(
        request, member, application.region, action=f"desk:{action}", application_id=app_id
    )
    return application


def _text(form: object, field: str) -> str:
    value = form.get(field, "") if hasattr(form, "get") else ""
    return str(value).strip()[:TEXT_LIMIT]


def _problem(error: TransitionError, application: Application) -> str:
    if error.code is ErrorCode.TAKEN:
        return _("Another member is reviewing this application now.")
    if error.code is ErrorCode.REASON_REQUIRED:
        return _("Choose a reason or write your own words.")
    if error.code is ErrorCode.OUT_OF_REGION:
        return _("This application is not in your regions.")
    return _("This cannot be done now: the application is {status}.").format(
        status=status_name(application.status)
    )


async def _do(
    request: web.Request, member: DeskMember, application: Application, action: Action
) -> web.StreamResponse:
    """Run `action`; then back to the application (a refusal is said there, nothing changed)."""
    try:
        await action(request.app[DB], member, application)
    except TransitionError as error:
        current = await request.app[DB].applications.get(application.id) or application
        return await show(
            request, member, application.id, problem=_problem(error, current), status=409
        )
    raise go(f"/applications/{application.id}")


# -- take, release, note ------------------------------------------------------------------------


async def take(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    application = await served_application(request, member, "take")

    async def claim(db: Database, who: DeskMember, app: Application) -> object:
        return await db.applications.claim(app.id, who.user_id, actor_name=who.name)

    return await _do(request, member, application, claim)


async def release(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    application = await served_application(request, member, "release")

    async def put_back(db: Database, who: DeskMember, app: Application) -> object:
        return await db.applications.release(app.id, who.user_id, actor_name=who.name)

    return await _do(request, member, application, put_back)


async def add_note(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    application = await served_application(request, member, "note")
    text = _text(await request.post(), "text")
    if text:
        await request.app[DB].staff.add_note(application.id, member.user_id, text)
    raise go(f"/applications/{application.id}")


# -- approve and decline: a form, then the same once more to confirm ------------------------------


def _reason_choices(asking: bool) -> list[tuple[str, str]]:
    table = reasons.ASK_QUESTIONS if asking else reasons.REJECT_REASONS
    return [(code, str(text)) for code, text in table.items()]


async def _form(
    request: web.Request,
    member: DeskMember,
    application: Application,
    kind: str,
    *,
    problem: str | None = None,
    status: int = 200,
    **more: object,
) -> web.Response:
    reads = await citizen_reads(request.app[DB], application)
    return render(
        request,
        "decide.html",
        {
            "application": application,
            "kind": kind,
            "choices": _reason_choices(kind == "ask") if kind in ("decline", "ask") else [],
            "regions": [
                (region.slug, region_name(region.slug))
                for region in regions_in_order(current_locale())
                if region.slug != application.region
            ],
            "write_in": records.write_in(reads),
            "problem": problem,
            "confirming": False,
            "chosen": "",
            "own": "",
            "preview": "",
            **more,
        },
        status=status,
    )


def _chosen_reason(form: object, asking: bool) -> str | None:
    """The reason as stored ("code:<slug>" or the words typed), or None if none was given."""
    code = _text(form, "code")
    table = reasons.ASK_QUESTIONS if asking else reasons.REJECT_REASONS
    if code in table:
        return reasons.stored(code)
    own = _text(form, "own")
    return own or None


async def _in_their_language(db: Database, application: Application, text: str) -> str:
    """A stored reason as the citizen will read it."""
    with use_locale(await citizen_reads(db, application)):
        return reasons.readable(text)


async def form_page(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    kind = request.match_info["kind"]
    application = await served_application(request, member, kind)
    if kind == "reopen" and not member.sees_all:
        raise await refusal(request, member, "desk:reopen", application.id)
    return await _form(request, member, application, kind)


async def approve(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    application = await served_application(request, member, "approve")
    form = await request.post()
    note = _text(form, "note")
    if form.get("step") != "confirm":
        return await _form(
            request, member, application, "approve", confirming=True, own=note, preview=note
        )
    reads = await citizen_reads(request.app[DB], application)
    action = _deciding(AppStatus.APPROVED, note or None, reads)
    return await _do(request, member, application, action)


async def decline(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    application = await served_application(request, member, "decline")
    form = await request.post()
    reason = _chosen_reason(form, asking=False)
    if reason is None:
        return await _form(
            request,
            member,
            application,
            "decline",
            problem=_("Choose a reason or write your own words."),
            status=400,
        )
    if form.get("step") != "confirm":
        db = request.app[DB]
        return await _form(
            request,
            member,
            application,
            "decline",
            confirming=True,
            chosen=_text(form, "code"),
            own=_text(form, "own"),
            preview=await _in_their_language(db, application, reason),
        )
    reads = await citizen_reads(request.app[DB], application)
    return await _do(request, member, application, _deciding(AppStatus.REJECTED, reason, reads))


async def ask(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    application = await served_application(request, member, "ask")
    question = _chosen_reason(await request.post(), asking=True)
    if question is None:
        return await _form(
            request,
            member,
            application,
            "ask",
            problem=_("Choose a question or write your own."),
            status=400,
        )
    reads = await citizen_reads(request.app[DB], application)
    action = _deciding(AppStatus.NEEDS_INFO, question, reads)
    return await _do(request, member, application, action)


async def transfer(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    application = await served_application(request, member, "transfer")
    form = await request.post()
    region = _text(form, "region")
    known = {r.slug for r in regions_in_order(current_locale())}
    if region not in known or region == application.region:
        return await _form(
            request,
            member,
            application,
            "transfer",
            problem=_("Choose the region to pass the application to."),
            status=400,
        )
    reads = await citizen_reads(request.app[DB], application)
    why = _text(form, "own") or None

    async def pass_on(db: Database, who: DeskMember, app: Application) -> object:
        notice = citizen_notice(app, NoticeKind.TRANSFERRED, reads)
        return await db.desk_moves.transfer(
            scope_of(who), app.id, region, why, [notice] if notice else []
        )

    return await _do(request, member, application, pass_on)


async def reopen(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    application = await served_application(request, member, "reopen")
    if not member.sees_all:
        raise await refusal(request, member, "desk:reopen", application.id)
    form = await request.post()
    why = _text(form, "own")
    to = AppStatus.IN_REVIEW if form.get("to") == "mine" else AppStatus.QUEUED
    if not why:
        return await _form(
            request,
            member,
            application,
            "reopen",
            problem=_("Say why the decision is taken back."),
            status=400,
        )
    reads = await citizen_reads(request.app[DB], application)

    async def reopen_it(db: Database, who: DeskMember, app: Application) -> object:
        notice = citizen_notice(app, NoticeKind.REOPENED, reads)
        return await db.desk_moves.reopen(
            scope_of(who), app.id, to, why, [notice] if notice else []
        )

    return await _do(request, member, application, reopen_it)


def routes() -> list[web.RouteDef]:
    base = r"/applications/{app_id}"
    return [
        web.post(f"{base}/take", take),
        web.post(f"{base}/release", release),
        web.post(f"{base}/note", add_note),
        web.get(base + r"/{kind:approve|decline|ask|transfer|reopen}", form_page),
        web.post(f"{base}/approve", approve),
        web.post(f"{base}/decline", decline),
        web.post(f"{base}/ask", ask),
        web.post(f"{base}/transfer", transfer),
        web.post(f"{base}/reopen", reopen),
    ]
