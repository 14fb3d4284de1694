"""The staff's own audit trail: changes of the staff (added, role, regions, removed), exports
of applications, and the desk's passwords, sign-ins, sign-outs and lockouts, each with who did
it and the names as they were (table `staff_audit`).

Written inside the transaction of the change it records, so neither exists without the other.
Holds no citizen's data: an export is recorded by its period, size and reach, never its rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.storage.codec import json_from_db, json_to_db, time_from_db, time_to_db
from bot.storage.connection import Connector


class AuditAction(StrEnum):
    ADDED = "added"  # detail: role, regions
    ROLE = "role"  # detail: the new role
    REGION_ADDED = "region_added"  # detail: the region
    REGION_REMOVED = "region_removed"
    REMOVED = "removed"
    EXPORT = "export"  # detail: format, period, rows, whose personal data it held
    # The staff desk's accounts (bot.storage.desk_accounts, desk_sessions):
    PASSWORD_SET = "password_set"  # by an admin or the operator, to be changed; detail: login
    PASSWORD_CHANGED = "password_changed"  # by the member themselves
    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"
    LOCKED = "locked"  # after too many failed sign-ins; detail: failures


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acted: a staff member by Telegram id and their name then, or the server's operator
    (a `jumys` command run on the server: no id, no name)."""

    user_id: int | None = None
    name: str | None = None


OPERATOR = Actor()


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: Actor
    action: AuditAction
    subject_id: int | None
    subject_name: str | None
    detail: dict[str, object]


async def record(
    conn: aiosqlite.Connection,
    at: datetime,
    actor: Actor,
    action: AuditAction,
    *,
    subject_id: int | None = None,
    subject_name: str | None = None,
    detail: Mapping[str, object] | None = None,
) -> None:
    """One entry, inside the caller's transaction."""
    await conn.execute(
        "INSERT INTO staff_audit (at, actor_id, actor_name, action, subject_id, subject_name,"
        " detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            time_to_db(at),
            actor.user_id,
            actor.name,
            action,
            subject_id,
            subject_name,
            None if detail is None else json_to_db(detail),
        ),
    )


class Audit:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def record(
        self,
        actor: Actor,
        action: AuditAction,
        *,
        detail: Mapping[str, object] | None = None,
    ) -> None:
        """An entry of its own (an export: it changes nothing else in the database)."""
        at = self._db.now()
        await self._db.write(lambda conn: record(conn, at, actor, action, detail=detail))

    async def entries(self, limit: int = 1000, subject_id: int | None = None) -> list[AuditEntry]:
        """The latest entries, oldest first (only those about `subject_id` when given)."""
        where, params = ("subject_id = ?", (subject_id, limit)) if subject_id else ("1", (limit,))
        rows = await self._db.fetch_all(
            f"SELECT * FROM (SELECT * FROM staff_audit WHERE {where} ORDER BY id DESC LIMIT ?)"
            " ORDER BY id",
            params,
        )
        return [
            AuditEntry(
                id=row["id"],
                at=time_from_db(row["at"]),
                actor=Actor(row["actor_id"], row["actor_name"]),
                action=AuditAction(row["action"]),
                subject_id=row["subject_id"],
                subject_name=row["subject_name"],
                detail={} if row["detail"] is None else json_from_db(row["detail"]),
            )
            for row in rows
        ]
