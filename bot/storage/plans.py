"""Yearly plans per programme and region. Akimat reports compare them with people placed (a
contract signed), which `bot.storage.outcomes.Outcomes.placed_in` counts."""

from __future__ import annotations

from typing import NamedTuple

import aiosqlite

from bot.storage.codec import time_to_db
from bot.storage.connection import Connector


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
