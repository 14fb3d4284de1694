"""Applications with their final decision, for exports: one read, oldest first."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import NamedTuple

import aiosqlite

from bot.storage.connection import Connector, fetch_all, fetch_one
from bot.storage.models import Application, Event
from bot.storage.rows import application_from_row, event_from_row
from bot.storage.stats import KAZAKHSTAN_UTC_OFFSET, period_where


class ExportedApplication(NamedTuple):
    application: Application
    decision: Event | None  # the latest approve / reject / ask by staff, if any


async def applications_between(
    connector: Connector,
    period_from: date | None,
    period_to: date | None,
    regions: Collection[str] | None = None,
) -> list[ExportedApplication]:
    """Applications submitted in [from, to] (Kazakhstan dates), in `regions` (None: all)."""
    where, params = period_where("created_at", period_from, period_to, KAZAKHSTAN_UTC_OFFSET)
    if regions is not None:
        wanted = sorted(set(regions))
        where += f" AND region IN ({', '.join('?' * len(wanted)) or 'NULL'})"
        params += wanted

    async def read(conn: aiosqlite.Connection) -> list[ExportedApplication]:
        rows = await fetch_all(
            conn, f"SELECT * FROM applications WHERE {where} ORDER BY created_at, id", params
        )
        found: list[ExportedApplication] = []
        for row in rows:
            decision = await fetch_one(
                conn,
                "SELECT * FROM events WHERE application_id = ? AND actor_role = 'staff'"
                " AND to_status IN ('approved', 'rejected', 'needs_info') ORDER BY id DESC LIMIT 1",
                (row["id"],),
            )
            found.append(
                ExportedApplication(
                    application_from_row(row),
                    None if decision is None else event_from_row(decision),
                )
            )
        return found

    return await connector.read(read)
