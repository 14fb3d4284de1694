"""Statistics for career-centre managers: how many applications, where, and how fast decided.

Periods are calendar dates in Kazakhstan time (UTC+5 across the country since 1 March 2024),
both ends included; None leaves that end open.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from typing import NamedTuple

from bot.storage.connection import Connector

KAZAKHSTAN_UTC_OFFSET = timedelta(hours=5)


class StatusCount(NamedTuple):
    programme: str
    region: str | None
    status: str
    total: int


class MonthlyCount(NamedTuple):
    month: str  # "2026-03"
    programme: str
    region: str | None
    status: str
    total: int


class ReviewerDecisions(NamedTuple):
    reviewer_id: int | None
    status: str  # approved | rejected | needs_info
    total: int


def _local(column: str, offset: timedelta) -> str:
    return f"datetime({column}, '{int(offset.total_seconds())} seconds')"


def period_where(
    column: str, period_from: date | None, period_to: date | None, offset: timedelta
) -> tuple[str, list[object]]:
    """A WHERE fragment on a UTC text column for local dates [from, to]; index-friendly."""
    clauses: list[str] = []
    params: list[object] = []
    # Local midnight of a date, expressed in the stored UTC text form.
    if period_from is not None:
        clauses.append(f"{column} >= strftime('%Y-%m-%dT%H:%M:%f', ?, ?)")
        params += [period_from.isoformat(), f"{-int(offset.total_seconds())} seconds"]
    if period_to is not None:
        clauses.append(f"{column} < strftime('%Y-%m-%dT%H:%M:%f', ?, ?)")
        params += [
            (period_to + timedelta(days=1)).isoformat(),
            f"{-int(offset.total_seconds())} seconds",
        ]
    return (" AND ".join(clauses) or "1"), params


class Stats:
    def __init__(self, connector: Connector, utc_offset: timedelta = KAZAKHSTAN_UTC_OFFSET):
        self._db = connector
        self._offset = utc_offset

    async def counts(
        self, period_from: date | None = None, period_to: date | None = None
    ) -> list[StatusCount]:
        """Applications submitted in the period by programme × region × current status."""
        where, params = period_where("created_at", period_from, period_to, self._offset)
        rows = await self._fetch(
            "SELECT programme, region, status, COUNT(*) FROM applications"
            f" WHERE {where} GROUP BY programme, region, status"
            " ORDER BY programme, region, status",
            params,
        )
        return [StatusCount(*row) for row in rows]

    async def monthly(
        self, period_from: date | None = None, period_to: date | None = None
    ) -> list[MonthlyCount]:
        """The same counts per month of submission (local time)."""
        where, params = period_where("created_at", period_from, period_to, self._offset)
        month = f"strftime('%Y-%m', {_local('created_at', self._offset)})"
        rows = await self._fetch(
            f"SELECT {month} AS month, programme, region, status, COUNT(*) FROM applications"
            f" WHERE {where} GROUP BY month, programme, region, status"
            " ORDER BY month, programme, region, status",
            params,
        )
        return [MonthlyCount(*row) for row in rows]

    async def median_decision_seconds(
        self,
        period_from: date | None = None,
        period_to: date | None = None,
        programme: str | None = None,
    ) -> float | None:
        """Median time from submission to the final decision (approved or rejected), over
        decisions made in the period; None when there were none."""
        where, params = period_where("e.at", period_from, period_to, self._offset)
        if programme is not None:
            where += " AND a.programme = ?"
            params.append(programme)
        sql = (
            "WITH durations AS (SELECT (julianday(e.at) - julianday(a.created_at)) * 86400 AS s"
            " FROM events e JOIN applications a ON a.id = e.application_id"
            f" WHERE e.to_status IN ('approved', 'rejected') AND {where})"
            " SELECT AVG(s) FROM (SELECT s FROM durations ORDER BY s"
            " LIMIT 2 - (SELECT COUNT(*) FROM durations) % 2"
            " OFFSET (SELECT (COUNT(*) - 1) / 2 FROM durations))"
        )
        rows = await self._fetch(sql, params)
        value = rows[0][0]
        return None if value is None else float(value)

    async def decisions_per_reviewer(
        self, period_from: date | None = None, period_to: date | None = None
    ) -> list[ReviewerDecisions]:
        where, params = period_where("at", period_from, period_to, self._offset)
        rows = await self._fetch(
            "SELECT actor_id, to_status, COUNT(*) FROM events"
            " WHERE actor_role = 'staff' AND to_status IN ('approved', 'rejected', 'needs_info')"
            f" AND {where} GROUP BY actor_id, to_status ORDER BY actor_id, to_status",
            params,
        )
        return [ReviewerDecisions(*row) for row in rows]

    async def _fetch(self, sql: str, params: list[object]) -> list[sqlite3.Row]:
        return await self._db.fetch_all(sql, params)
