"""What became of an approved application (table `outcomes`): referred to an employer, placed
(a contract signed, from a date), completed, or ended early with a reason. Rows are only added;
the latest is the outcome now. The akimat's "actual" is people placed: `placed_in` counts them
by the day their contract begins, in Kazakhstan."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import aiosqlite

from bot.storage.audit import Actor
from bot.storage.codec import time_from_db, time_to_db
from bot.storage.connection import Connector, fetch_all, fetch_one


class OutcomeKind(StrEnum):
    REFERRED = "referred"  # sent to an employer
    PLACED = "placed"  # a contract signed: employer, contract start
    COMPLETED = "completed"  # the participation ran its term
    TERMINATED = "terminated"  # ended early: a reason


# What may follow what: the first outcome is a referral or a placement straight away; a referral
# that led nowhere ends as terminated (reason: not hired); completed and terminated are final.
NEXT: dict[OutcomeKind | None, tuple[OutcomeKind, ...]] = {
    None: (OutcomeKind.REFERRED, OutcomeKind.PLACED),
    OutcomeKind.REFERRED: (OutcomeKind.PLACED, OutcomeKind.TERMINATED),
    OutcomeKind.PLACED: (OutcomeKind.COMPLETED, OutcomeKind.TERMINATED),
    OutcomeKind.COMPLETED: (),
    OutcomeKind.TERMINATED: (),
}


class OutcomeProblem(StrEnum):
    NOT_APPROVED = "not_approved"
    OUT_OF_ORDER = "out_of_order"
    EMPLOYER_REQUIRED = "employer_required"
    START_REQUIRED = "start_required"
    REASON_REQUIRED = "reason_required"


class OutcomeRefused(Exception):
    def __init__(self, problem: OutcomeProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Outcome:
    id: int
    application_id: int
    kind: OutcomeKind
    at: datetime
    employer: str | None
    contract_start: date | None
    reason: str | None
    note: str | None
    actor_id: int | None
    actor_name: str | None


def _outcome(row: aiosqlite.Row) -> Outcome:
    start = row["contract_start"]
    return Outcome(
        id=int(row["id"]),
        application_id=int(row["application_id"]),
        kind=OutcomeKind(row["kind"]),
        at=time_from_db(row["at"]),
        employer=row["employer"],
        contract_start=date.fromisoformat(start) if start else None,
        reason=row["reason"],
        note=row["note"],
        actor_id=row["actor_id"],
        actor_name=row["actor_name"],
    )


@dataclass(frozen=True, slots=True)
class NewOutcome:
    """What a member records; the fields a kind needs are checked by `Outcomes.record`."""

    kind: OutcomeKind
    employer: str | None = None
    contract_start: date | None = None
    reason: str | None = None
    note: str | None = None

    def problem(self) -> OutcomeProblem | None:
        if self.kind is OutcomeKind.PLACED and not self.employer:
            return OutcomeProblem.EMPLOYER_REQUIRED
        if self.kind is OutcomeKind.PLACED and self.contract_start is None:
            return OutcomeProblem.START_REQUIRED
        if self.kind is OutcomeKind.TERMINATED and not self.reason:
            return OutcomeProblem.REASON_REQUIRED
        return None


class Outcomes:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def of(self, application_id: int) -> list[Outcome]:
        rows = await self._db.fetch_all(
            "SELECT * FROM outcomes WHERE application_id = ? ORDER BY id", (application_id,)
        )
        return [_outcome(row) for row in rows]

    async def record(self, application_id: int, new: NewOutcome, *, by: Actor) -> Outcome:
        """Add the outcome if the application is approved and it may follow the latest one;
        else OutcomeRefused, nothing written. The check and the row are one transaction, so
        two members recording at once cannot both follow the same outcome."""
        problem = new.problem()
        if problem is not None:
            raise OutcomeRefused(problem)

        async def add(conn: aiosqlite.Connection) -> Outcome:
            status = await fetch_one(
                conn,
                "SELECT status, programme, region FROM applications WHERE id = ?",
                (application_id,),
            )
            if status is None or status["status"] != "approved":
                raise OutcomeRefused(OutcomeProblem.NOT_APPROVED)
            latest = await fetch_one(
                conn,
                "SELECT kind FROM outcomes WHERE application_id = ? ORDER BY id DESC LIMIT 1",
                (application_id,),
            )
            now_kind = OutcomeKind(latest["kind"]) if latest is not None else None
            if new.kind not in NEXT[now_kind]:
                raise OutcomeRefused(OutcomeProblem.OUT_OF_ORDER)
            start = new.contract_start.isoformat() if new.contract_start else None
            [row] = await fetch_all(
                conn,
                "INSERT INTO outcomes (application_id, kind, programme, region, at, employer,"
                " contract_start, reason, note, actor_id, actor_name)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
                (
                    application_id,
                    new.kind.value,
                    status["programme"],
                    status["region"],
                    time_to_db(self._db.now()),
                    new.employer,
                    start,
                    new.reason,
                    new.note or None,
                    by.user_id,
                    by.name,
                ),
            )
            return _outcome(row)

        return await self._db.write(add)

    async def placed_in(
        self,
        year: int,
        *,
        until: date | None = None,
        regions: Collection[str] | None = None,
    ) -> dict[tuple[str, str | None], int]:
        """People placed in `year` (their contract begins in it, up to `until` when given) in
        `regions` (None: all), by (programme, region). Whole months come from the counts the
        database keeps (`placed_counts`); the month `until` falls in, from the outcomes."""
        last = min(date(year, 12, 31), until) if until is not None else date(year, 12, 31)
        if last.year < year:
            return {}
        in_regions, region_params = regions_where("region", regions)
        whole_months_end = f"{year:04d}-12" if last.month == 12 and last.day == 31 else None
        counted: dict[tuple[str, str | None], int] = {}
        if whole_months_end is None:
            whole_months_end = f"{year:04d}-{last.month - 1:02d}" if last.month > 1 else ""
            partial = await self._db.fetch_all(
                "SELECT programme, region, COUNT(*) FROM outcomes"
                f" WHERE kind = 'placed' AND contract_start BETWEEN ? AND ? AND {in_regions}"
                " GROUP BY programme, region",
                (last.replace(day=1).isoformat(), last.isoformat(), *region_params),
            )
            for row in partial:
                counted[(row[0], row[1])] = int(row[2])
        whole = await self._db.fetch_all(
            "SELECT programme, NULLIF(region, ''), SUM(placed) FROM placed_counts"
            f" WHERE month BETWEEN ? AND ? AND {in_regions} GROUP BY programme, region",
            (f"{year:04d}-01", whole_months_end, *region_params),
        )
        for row in whole:
            key = (row[0], row[1])
            counted[key] = counted.get(key, 0) + int(row[2])
        return counted

    async def placed_by_month(
        self, year: int, regions: Collection[str] | None = None
    ) -> dict[int, int]:
        """People placed in each month (1..12) of `year` by their contract's start."""
        in_regions, region_params = regions_where("region", regions)
        rows = await self._db.fetch_all(
            "SELECT CAST(substr(month, 6, 2) AS INTEGER), SUM(placed) FROM placed_counts"
            f" WHERE month BETWEEN ? AND ? AND {in_regions} GROUP BY month",
            (f"{year:04d}-01", f"{year:04d}-12", *region_params),
        )
        return {int(row[0]): int(row[1]) for row in rows}


def regions_where(column: str, regions: Collection[str] | None) -> tuple[str, list[object]]:
    """A WHERE fragment limiting `column` to `regions` (None: every region)."""
    if regions is None:
        return "1", []
    if not regions:
        return "0", []
    marks = ", ".join("?" for _region in regions)
    params: list[object] = list(sorted(regions))
    return f"{column} IN ({marks})", params
