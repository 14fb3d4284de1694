"""The queue page (what the member serves, by status, programme and region, oldest first, in
keyset pages) and search by application number, phone, IIN or name.

The filters are in the page's address (no personal data); what is searched for is sent in a
form (POST), never in an address, so that a phone or an IIN stays out of URLs and access logs.
"""

from __future__ import annotations

from aiohttp import web

from bot.desk.access import DeskMember, refusal, require_staff
from bot.desk.keys import DB, SETTINGS
from bot.desk.pages import render
from bot.i18n import _, current_locale
from bot.outbox.deadlines import deadlines_of
from bot.rules import load_rules
from bot.rules.deadlines import Cutoffs
from bot.storage.desk import Page, Scope, SearchKind, read_search
from bot.storage.desk_sql import QueueFilter
from bot.storage.models import Application, AppStatus
from bot.words import records
from bot.words.names import programme_name, region_name, regions_in_order

# The statuses the queue's filter offers, the waiting ones first.
STATUSES = (
    AppStatus.QUEUED,
    AppStatus.IN_REVIEW,
    AppStatus.NEEDS_INFO,
    AppStatus.APPROVED,
    AppStatus.REJECTED,
    AppStatus.WITHDRAWN,
)
SEARCH_LIMIT = 100  # characters: a number, a phone, an IIN or a name


def scope_of(member: DeskMember) -> Scope:
    """What the member may read: their regions, or all of them for a supervisor or admin."""
    return Scope(member.user_id, member.name, member.scope, supervisor=member.sees_all)


def status_name(status: AppStatus | str) -> str:
    if status == AppStatus.NEEDS_INFO:
        return _("waiting for the citizen")
    return records.status(status)


def _choices(member: DeskMember) -> dict[str, object]:
    served = [
        (region.slug, region_name(region.slug))
        for region in regions_in_order(current_locale())
        if member.serves(region.slug)
    ]
    return {
        "statuses": [(str(status), status_name(status)) for status in STATUSES],
        "programmes": [(str(p), programme_name(str(p))) for p in load_rules().programmes],
        "regions": served,
    }


def cutoffs_now(request: web.Request) -> Cutoffs:
    """Each waiting status's cut-off now, by the targets in force (JUMYS_DEADLINE_*)."""
    return deadlines_of(request.app[SETTINGS]).cutoffs(request.app[DB].connector.now())


def _filter_from(query: object, member: DeskMember, cutoffs: Cutoffs) -> QueueFilter:
    """The filter the address asks for; anything unknown is left out (never an error)."""
    get = query.get if hasattr(query, "get") else (lambda _key: None)
    status_text = str(get("status") or AppStatus.QUEUED)
    status = AppStatus(status_text) if status_text in set(STATUSES) else AppStatus.QUEUED
    programme = get("programme") or None
    region = get("region") or None
    programmes = {str(p) for p in load_rules().programmes}
    return QueueFilter(
        status=status,
        programme=str(programme) if programme in programmes else None,
        region=str(region) if region is not None and member.serves(str(region)) else None,
        overdue_before=cutoffs.of(status) if get("overdue") == "1" else None,
    )


def row_of(application: Application, cutoffs: Cutoffs | None = None) -> dict[str, object]:
    """What a list shows of an application: no personal data."""
    return {
        "id": application.id,
        "number": application.number,
        "programme": programme_name(application.programme),
        "region": region_name(application.region),
        "status": status_name(application.status),
        "submitted": records.local_time(application.created_at),
        "overdue": cutoffs is not None
        and cutoffs.overdue(application.status, application.waiting_since),
        "unanswered": False,
    }


def _rows(page: Page, cutoffs: Cutoffs) -> list[dict[str, object]]:
    rows = []
    for application in page.applications:
        row = row_of(application, cutoffs)
        row["unanswered"] = application.id in page.unanswered
        rows.append(row)
    return rows


def _paging(wanted: QueueFilter) -> str:
    """The filter's part of the queue's address, for its page links."""
    overdue = "&overdue=1" if wanted.overdue_before is not None else ""
    return (
        f"/queue?status={wanted.status}&programme={wanted.programme or ''}"
        f"&region={wanted.region or ''}{overdue}"
    )


def _after(value: object) -> int | None:
    return int(value) if isinstance(value, str) and value.isdecimal() else None


async def queue_page(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    cutoffs = cutoffs_now(request)
    wanted = _filter_from(request.query, member, cutoffs)
    after = _after(request.query.get("after"))
    page = await request.app[DB].desk.queue(scope_of(member), wanted, after)
    return render(
        request,
        "queue.html",
        {
            **_choices(member),
            "wanted": wanted,
            "paging": _paging(wanted),
            "rows": _rows(page, cutoffs),
            "next_after": page.next_after,
            "later_page": after is not None,
            "searched": None,
            "problem": None,
        },
    )


async def search(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request)
    form = await request.post()
    typed = str(form.get("q", "")).strip()[:SEARCH_LIMIT]
    query = read_search(typed)
    context: dict[str, object] = {
        **_choices(member),
        "wanted": QueueFilter(),
        "paging": _paging(QueueFilter()),
        "searched": typed,
        "next_after": None,
        "later_page": False,
        "rows": [],
        "problem": None,
    }
    if query is None:
        context["problem"] = _(
            "Type an application number (A-000123), a phone, a 12-digit IIN or a name."
        )
        return render(request, "queue.html", context, status=400)
    db = request.app[DB]
    after = _after(form.get("after")) or 0
    page = await db.desk.search(scope_of(member), query, after)
    if query.kind is SearchKind.NUMBER and not page.applications:
        # Asked for by its number: refused, as the same application reached by link would be.
        asked = await db.applications.get(int(str(query.key)))
        if asked is not None and not member.serves(asked.region):
            raise await refusal(request, member, "desk:search", asked.id)
    rows = _rows(page, cutoffs_now(request))
    context.update(rows=rows, next_after=page.next_after, kind=str(query.kind))
    return render(request, "queue.html", context)


def routes() -> list[web.RouteDef]:
    return [web.get("/queue", queue_page), web.post("/search", search)]
