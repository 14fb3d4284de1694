"""Yearly plans per programme and region, and the matching actual figure: people approved.

Akimat reports compare "planned" with "done" by programme and district; here "done" is the
number of applications approved during the year (Kazakhstan time), by programme and region.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import aiosqlite

from bot.storage.codec import time_to_db
from bot.storage.connection import Connector
from bot.storage.stats import KAZAKHSTAN_UTC_OFFSET, period_where


class Plan(NamedTuple):
    year: int
    programme: str
    region: str
    target: int  # people to reach in the year


class Plans:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def set(
        self, year: int, programme: str, region: str, target: int, *, set_by: int | None = None
    ) -> Plan:
        """Set (or replace) one plan figure; 0 keeps the row, meaning "none planned"."""
        if target < 0:
            raise ValueError("a plan cannot be negative")

        async def upsert(conn: aiosqlite.Connection) -> None:
            await conn.execute(
                "INSERT INTO plans (year, programme, region, target, set_by, set_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (year, programme, region)"
                " DO UPDATE SET target = excluded.target, set_by = excluded.set_by,"
                " set_at = excluded.set_at",
                (year, programme, region, target, set_by, time_to_db(self._db.now())),
            )

        await self._db.write(upsert)
        return Plan(year, programme, region, target)

    async def for_year(self, year: int) -> list[Plan]:
        rows = await self._db.fetch_all(
            "SELECT year, programme, region, target FROM plans WHERE year = ?"
            " ORDER BY programme, region",
            (year,),
        )
        return [Plan(*row) for row in rows]

    async def approved_in(self, year: int) -> dict[tuple[str, str | None], int]:
        """Applications approved during `year`, by (programme, region)."""
        where, params = period_where(
            "e.at", date(year, 1, 1), date(year, 12, 31), KAZAKHSTAN_UTC_OFFSET
        )
        rows = await self._db.fetch_all(
            "SELECT a.programme, a.region, COUNT(DISTINCT a.id) FROM events e"
            " JOIN applications a ON a.id = e.application_id"
            f" WHERE e.to_status = 'approved' AND {where} GROUP BY a.programme, a.region",
            params,
        )
        return {(row[0], row[1]): int(row[2]) for row in rows}
