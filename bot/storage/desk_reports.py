"""The figures of the desk's reports, each read only over the regions the reader serves: the
year's plan against people placed (counted by `Outcomes`), each reviewer's work (held now,
decided), and how long decisions take (median and 90th percentile, in hours).

Months and years are Kazakhstan's: a decision's time is stored in UTC, a contract's start is a
date already."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from bot.storage.connection import Connector
from bot.storage.outcomes import Outcomes, regions_where
from bot.storage.stats import KAZAKHSTAN_UTC_OFFSET, period_where


@dataclass(frozen=True, slots=True)
class PlanLine:
    programme: str
    region: str
    target: int  # 0 when no plan is set and yet people were placed
    placed: int


@dataclass(frozen=True, slots=True)
class Workload:
    reviewer_id: int
    name: str | None  # as the latest of their events has it
    held: int  # in review by them now
    approved: int  # in the period
    rejected: int
    asked: int


@dataclass(frozen=True, slots=True)
class DecisionTimes:
    decisions: int
    median_hours: float | None
    p90_hours: float | None


def nearest_rank(ordered: list[float], percent: int) -> float | None:
    """The `percent`th percentile of sorted values by the nearest-rank method: the smallest
    value with at least that share of the values at or below it (50: a median)."""
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * percent // 100))  # integer ceil: no float drift
    return ordered[rank - 1]


class DeskReports:
    def __init__(self, connector: Connector, outcomes: Outcomes) -> None:
        self._db = connector
        self._outcomes = outcomes

    async def plan_against_placed(
        self, year: int, regions: Collection[str] | None, *, until: date | None = None
    ) -> list[PlanLine]:
        """Every planned (programme, region) of `year` and every one where people were placed,
        with both figures; placed = a contract beginning in the year (up to `until`)."""
        placed = await self._outcomes.placed_in(year, until=until, regions=regions)
        in_regions, params = regions_where("region", regions)
        plans = await self._db.fetch_all(
            f"SELECT programme, region, target FROM plans WHERE year = ? AND {in_regions}",
            (year, *params),
        )
        targets = {(row[0], row[1]): int(row[2]) for row in plans}
        places = sorted(set(targets) | set(placed), key=lambda p: (p[0], p[1] or ""))
        return [
            PlanLine(
                programme,
                region or "",
                targets.get((programme, region), 0),
                placed.get((programme, region), 0),
            )
            for programme, region in places
        ]

    async def workload(
        self, regions: Collection[str] | None, period_from: date, period_to: date
    ) -> list[Workload]:
        """Each reviewer who holds or decided something in `regions`: held now, and decisions
        in the period (local dates, both included)."""
        where, params = regions_where("a.region", regions)
        when, when_params = period_where("e.at", period_from, period_to, KAZAKHSTAN_UTC_OFFSET)
        rows = await self._db.fetch_all(
            "WITH decided AS (SELECT e.actor_id AS who,"
            " SUM(e.to_status = 'approved') AS approved, SUM(e.to_status = 'rejected') AS rejected,"
            " SUM(e.to_status = 'needs_info') AS asked"
            " FROM events e JOIN applications a ON a.id = e.application_id"
            " WHERE e.actor_role = 'staff'"
            " AND e.to_status IN ('approved', 'rejected', 'needs_info')"
            f" AND {when} AND {where} GROUP BY e.actor_id),"
            " held AS (SELECT a.reviewer_id AS who, COUNT(*) AS n FROM applications a"
            f" WHERE a.status = 'in_review' AND {where} GROUP BY a.reviewer_id),"
            " people AS (SELECT who FROM decided UNION SELECT who FROM held)"
            # The latest event's name: one index seek (events written before names were kept
            # have none, and the page then shows the id).
            " SELECT p.who, (SELECT actor_name FROM events WHERE actor_id = p.who"
            " AND actor_role = 'staff' ORDER BY id DESC LIMIT 1),"
            " COALESCE(h.n, 0), COALESCE(d.approved, 0), COALESCE(d.rejected, 0),"
            " COALESCE(d.asked, 0)"
            " FROM people p LEFT JOIN held h ON h.who = p.who LEFT JOIN decided d ON d.who = p.who"
            " WHERE p.who IS NOT NULL ORDER BY p.who",
            (*when_params, *params, *params),
        )
        return [Workload(int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5])) for r in rows]

    async def decision_times(
        self, regions: Collection[str] | None, period_from: date, period_to: date
    ) -> DecisionTimes:
        """Hours from submission to the final decision (approved or rejected), over decisions
        made in the period; reopened and decided again counts the latest decision."""
        where, params = regions_where("a.region", regions)
        when, when_params = period_where("e.at", period_from, period_to, KAZAKHSTAN_UTC_OFFSET)
        rows = await self._db.fetch_all(
            "SELECT (julianday(MAX(e.at)) - julianday(a.created_at)) * 24"
            " FROM events e JOIN applications a ON a.id = e.application_id"
            f" WHERE e.to_status IN ('approved', 'rejected') AND {when} AND {where}"
            " GROUP BY a.id ORDER BY 1",
            (*when_params, *params),
        )
        hours = [float(row[0]) for row in rows]
        return DecisionTimes(len(hours), nearest_rank(hours, 50), nearest_rank(hours, 90))
