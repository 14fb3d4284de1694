"""The reports pages: the year's plan against people placed by programme and region with bars,
and people placed by month (/reports); this month, each reviewer's work and how long decisions
take, in hours (/reports/work). Every
figure is read only over the regions the reader serves; a supervisor and an admin read all.
"""

from __future__ import annotations

from datetime import date

from aiohttp import web

from bot.desk.access import require_staff
from bot.desk.charts import MONTH_HEIGHT, MONTH_WIDTH, PLAN_WIDTH, month_bars, plan_bar
from bot.desk.keys import DB
from bot.desk.pages import render
from bot.i18n import _
from bot.storage.desk_reports import PlanLine
from bot.words import records
from bot.words.formatting import KAZAKHSTAN_TIME, month_in_words, month_short, number
from bot.words.names import programme_name, region_name

YEARS_BACK = 2  # the years a reader may choose besides this one


def _percent(done: int, planned: int) -> str:
    return f"{round(100 * done / planned)} %" if planned else "—"


def _hours(value: float | None) -> str:
    if value is None:
        return "—"
    return _("{hours} h").format(hours=number(round(value, 1)))


def _lines(lines: list[PlanLine]) -> list[dict[str, object]]:
    shown = []
    for line in lines:
        bar = plan_bar(line.target, line.placed)
        shown.append(
            {
                "programme": programme_name(line.programme),
                "region": region_name(line.region),
                "target": line.target,
                "placed": line.placed,
                "percent": _percent(line.placed, line.target),
                "bar": bar,
            }
        )
    return shown


def _year(request: web.Request, this_year: int) -> int:
    asked = request.query.get("year", "")
    if asked.isdecimal() and this_year - YEARS_BACK <= int(asked) <= this_year:
        return int(asked)
    return this_year


def _scope(regions: frozenset[str] | None) -> str:
    if regions is None:
        return _("all regions")
    return ", ".join(sorted(region_name(region) for region in regions))


def _today(request: web.Request) -> date:
    return request.app[DB].connector.now().astimezone(KAZAKHSTAN_TIME).date()


async def reports_page(request: web.Request) -> web.StreamResponse:
    """The year's plan against people placed, and people placed by month."""
    member = await require_staff(request)
    db = request.app[DB]
    today = _today(request)
    year = _year(request, today.year)
    regions = member.scope
    plan = await db.desk_reports.plan_against_placed(year, regions, until=today)
    months = await db.outcomes.placed_by_month(year, regions)
    context = {
        "year": year,
        "years": list(range(today.year, today.year - YEARS_BACK - 1, -1)),
        "scope": _scope(regions),
        "lines": _lines(plan),
        "planned": sum(line.target for line in plan),
        "placed": sum(line.placed for line in plan),
        "total_percent": _percent(sum(p.placed for p in plan), sum(p.target for p in plan)),
        "months": month_bars(months),
        "month_names": [month_short(month) for month in range(1, 13)],
        "plan_width": PLAN_WIDTH,
        "month_width": MONTH_WIDTH,
        "month_height": MONTH_HEIGHT,
    }
    return render(request, "reports.html", context)


async def work_page(request: web.Request) -> web.StreamResponse:
    """This month: each reviewer's work, and how long decisions took."""
    member = await require_staff(request)
    db = request.app[DB]
    today = _today(request)
    month = (today.replace(day=1), today)
    workload = await db.desk_reports.workload(member.scope, *month)
    times = await db.desk_reports.decision_times(member.scope, *month)
    context = {
        "this_month": month_in_words(today),
        "scope": _scope(member.scope),
        "workload": [
            {
                "who": row.name or records.person(row.reviewer_id, {}),
                "held": row.held,
                "approved": row.approved,
                "rejected": row.rejected,
                "asked": row.asked,
            }
            for row in workload
        ],
        "times": {
            "decisions": times.decisions,
            "median": _hours(times.median_hours),
            "p90": _hours(times.p90_hours),
        },
    }
    return render(request, "work.html", context)


def routes() -> list[web.RouteDef]:
    return [web.get("/reports", reports_page), web.get("/reports/work", work_page)]
