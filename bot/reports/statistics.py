"""The statistics report for /stats and `jumys stats`: gathered once, written in words.

Like the akimat's reports: per programme and region, how many applied this month and in all,
where they are now, who decided how many, how fast, and the year's plan against what was done
("done" = people placed: their contract begins this year).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.i18n import _
from bot.storage.database import Database
from bot.storage.models import AppStatus
from bot.storage.plans import Plan
from bot.storage.stats import ReviewerDecisions, StatusCount
from bot.words import records as words
from bot.words.names import programme_name, region_name

# The order statuses are read in: from waiting to done.
STATUS_ORDER: tuple[AppStatus, ...] = (
    AppStatus.QUEUED,
    AppStatus.IN_REVIEW,
    AppStatus.NEEDS_INFO,
    AppStatus.APPROVED,
    AppStatus.REJECTED,
    AppStatus.WITHDRAWN,
)
DECIDED: tuple[AppStatus, ...] = (AppStatus.APPROVED, AppStatus.REJECTED, AppStatus.NEEDS_INFO)

Place = tuple[str, str | None]  # (programme, region)


@dataclass(frozen=True, slots=True)
class StatsReport:
    today: date  # in Kazakhstan
    month: list[StatusCount]  # submitted this month, by where they are now
    total: list[StatusCount]
    decisions_month: list[ReviewerDecisions]
    decisions_total: list[ReviewerDecisions]
    median_month_seconds: float | None
    median_total_seconds: float | None
    plans: list[Plan]
    placed_this_year: dict[Place, int]  # a contract begins this year, up to `today`
    names: dict[int, str] = field(default_factory=dict)


async def gather(db: Database, today: date) -> StatsReport:
    """The report as of `today`: "in all" counts what happened up to that day (a report for a
    past date, `jumys stats --on`, does not count later applications)."""
    first = today.replace(day=1)
    decisions_total = await db.stats.decisions_per_reviewer(None, today)
    reviewers = {row.reviewer_id for row in decisions_total if row.reviewer_id is not None}
    return StatsReport(
        today=today,
        month=await db.stats.counts(first, today),
        total=await db.stats.counts(None, today),
        decisions_month=await db.stats.decisions_per_reviewer(first, today),
        decisions_total=decisions_total,
        median_month_seconds=await db.stats.median_decision_seconds(first, today),
        median_total_seconds=await db.stats.median_decision_seconds(None, today),
        plans=await db.plans.for_year(today.year),
        placed_this_year=await db.outcomes.placed_in(today.year, until=today),
        names=await db.applications.actor_names(reviewers),
    )


def _by_place(counts: list[StatusCount]) -> dict[Place, dict[str, int]]:
    table: dict[Place, dict[str, int]] = defaultdict(dict)
    for row in counts:
        table[(row.programme, row.region)][row.status] = row.total
    return table


def _statuses(by_status: dict[str, int]) -> str:
    return ", ".join(
        f"{words.status(status)} {by_status[status]}"
        for status in STATUS_ORDER
        if by_status.get(status)
    )


def _median(seconds: float | None) -> str:
    return _("none yet") if seconds is None else words.duration(timedelta(seconds=seconds))


def _percent(done: int, target: int) -> str:
    return f"{round(100 * done / target)}%" if target else "—"


def render(report: StatsReport) -> str:
    """The report in the current language, one fact per line (phones are narrow)."""
    month = _by_place(report.month)
    total = _by_place(report.total)
    month_sum = sum(row.total for row in report.month)
    total_sum = sum(row.total for row in report.total)
    lines = [
        _("📊 Applications on {date}").format(date=report.today.isoformat()),
        _("This month: {month}. In total: {total}.").format(month=month_sum, total=total_sum),
    ]
    programmes = sorted({programme for programme, _region in total})
    for programme in programmes:
        lines += ["", f"▪️ {programme_name(programme)}"]
        places = sorted(
            (place for place in total if place[0] == programme), key=lambda p: p[1] or ""
        )
        for place in places:
            lines.append(
                _("{region}: this month {month}, in total {total} ({statuses})").format(
                    region=region_name(place[1]),
                    month=sum(month.get(place, {}).values()),
                    total=sum(total[place].values()),
                    statuses=_statuses(total[place]),
                )
            )
    lines += ["", _("Decisions by reviewer (this month / in total):")]
    month_decisions = {(r.reviewer_id, r.status): r.total for r in report.decisions_month}
    by_reviewer: dict[int | None, dict[str, int]] = defaultdict(dict)
    for row in report.decisions_total:
        by_reviewer[row.reviewer_id][row.status] = row.total
    if not by_reviewer:
        lines.append(_("none yet"))
    for reviewer, statuses in sorted(by_reviewer.items(), key=lambda item: item[0] or 0):
        parts = [
            f"{words.status(status)} {month_decisions.get((reviewer, status), 0)}/{count}"
            for status, count in statuses.items()
            if status in DECIDED
            if statuses.get(status)
        ]
        lines.append(f"{words.person(reviewer, report.names)}: {', '.join(parts)}")
    lines += [
        "",
        _("Median time from application to decision: this month {month}, in total {total}.").format(
            month=_median(report.median_month_seconds), total=_median(report.median_total_seconds)
        ),
        "",
        _("Plan and actual for {year} (actual = people placed, a contract signed):").format(
            year=report.today.year
        ),
    ]
    if not report.plans:
        lines.append(_("No plan is set yet. Admins set it with /plan."))
    plans_by_programme: dict[str, list[Plan]] = defaultdict(list)
    for plan in report.plans:
        plans_by_programme[plan.programme].append(plan)
    for programme, plans in sorted(plans_by_programme.items()):
        planned = sum(plan.target for plan in plans)
        done = sum(report.placed_this_year.get((programme, plan.region), 0) for plan in plans)
        lines.append(
            _("{programme}: {done} of {planned} ({percent})").format(
                programme=programme_name(programme),
                done=done,
                planned=planned,
                percent=_percent(done, planned),
            )
        )
        for plan in sorted(plans, key=lambda p: p.region):
            done = report.placed_this_year.get((programme, plan.region), 0)
            lines.append(
                "  "
                + _("{region}: {done} of {planned} ({percent})").format(
                    region=region_name(plan.region),
                    done=done,
                    planned=plan.target,
                    percent=_percent(done, plan.target),
                )
            )
    return "\n".join(lines)
