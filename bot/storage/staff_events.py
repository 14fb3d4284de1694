"""The staff audit trail: who changed whom, passwords set, sign-ins, sign-outs and lockouts.

Each event keeps the names of its actor and its subject as they were when it happened (read
from `staff` in the event's own transaction), so a member renamed or removed later leaves the
trail as it was. Details never hold a password.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.storage.codec import time_from_db, time_to_db
from bot.storage.connection import Connector, fetch_one


class StaffEventKind(StrEnum):
    MEMBER_ADDED = "member_added"
    MEMBER_CHANGED = "member_changed"  # the role or the regions given anew
    REGION_ADDED = "region_added"
    REGION_REMOVED = "region_removed"
    MEMBER_REMOVED = "member_removed"
    PASSWORD_SET = "password_set"  # by an admin or the server's operator: to be changed
    PASSWORD_CHANGED = "password_changed"  # by the member themselves
    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"
    LOCKED = "locked"  # too many failed sign-ins


@dataclass(frozen=True, slots=True)
class StaffEvent:
    id: int
    at: datetime
    kind: StaffEventKind
    actor_id: int | None
    actor_name: str | None
    subject_id: int | None
    subject_name: str | None
    detail: dict[str, object]


async def _name(conn: aiosqlite.Connection, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    row = await fetch_one(conn, "SELECT name FROM staff WHERE user_id = ?", (user_id,))
    return None if row is None else row["name"]


async def append_staff_event(
    conn: aiosqlite.Connection,
    at: datetime,
    kind: StaffEventKind,
    *,
    actor_id: int | None,
    subject_id: int | None,
    detail: Mapping[str, object] | None = None,
) -> None:
    """Record one event inside the caller's transaction, with both names as they are now."""
    await conn.execute(
        "INSERT INTO staff_events"
        " (at, kind, actor_id, actor_name, subject_id, subject_name, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            time_to_db(at),
            kind,
            actor_id,
            await _name(conn, actor_id),
            subject_id,
            await _name(conn, subject_id),
            json.dumps(dict(detail or {}), ensure_ascii=False, sort_keys=True),
        ),
    )


class StaffEvents:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def recent(self, limit: int = 100, subject_id: int | None = None) -> list[StaffEvent]:
        """The newest events first (of one member when `subject_id` is given)."""
        where, params = ("subject_id = ?", (subject_id, limit)) if subject_id else ("1", (limit,))
        rows = await self._db.fetch_all(
            f"SELECT * FROM staff_events WHERE {where} ORDER BY id DESC LIMIT ?", params
        )
        return [
            StaffEvent(
                id=row["id"],
                at=time_from_db(row["at"]),
                kind=StaffEventKind(row["kind"]),
                actor_id=row["actor_id"],
                actor_name=row["actor_name"],
                subject_id=row["subject_id"],
                subject_name=row["subject_name"],
                detail=json.loads(row["detail"] or "{}"),
            )
            for row in rows
        ]
