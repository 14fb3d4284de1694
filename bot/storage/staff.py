"""Staff: reviewers with their regions, supervisors, refused attempts and internal notes.

Admins are not stored here: they come from JUMYS_ADMINS (settings), so that a wrong row in the
database can never lock the owner out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.storage.audit import OPERATOR, Actor, AuditAction, record
from bot.storage.codec import optional_time_from_db, time_from_db, time_to_db
from bot.storage.connection import Connector, fetch_all
from bot.storage.transitions import staff_name


class StaffRole(StrEnum):
    REVIEWER = "reviewer"  # reviews the applications of their regions
    SUPERVISOR = "supervisor"  # reviews every region


@dataclass(frozen=True, slots=True)
class StaffRecord:
    user_id: int
    role: StaffRole
    regions: frozenset[str]
    name: str | None
    language: str | None
    # Since when Telegram refuses their private chat (never pressed Start, or blocked the
    # bot); None once they write to it. Cards go to their colleagues (or the admins) meanwhile.
    unreachable_since: datetime | None = None
    # When they first wrote to the bot in a private chat (pressed Start): None, never, and the
    # bot cannot send them anything.
    telegram_seen_at: datetime | None = None

    @property
    def reachable(self) -> bool:
        return self.unreachable_since is None


@dataclass(frozen=True, slots=True)
class StaffMember:
    user_id: int
    is_admin: bool  # from JUMYS_ADMINS: manages staff and plans, sees every region
    role: StaffRole | None  # None: an admin who is not also in the staff table
    regions: frozenset[str]
    # Their name in Telegram as of this update: what the audit trail keeps with what they do.
    name: str | None = None

    @property
    def actor(self) -> Actor:
        return Actor(self.user_id, self.name)

    @property
    def sees_all(self) -> bool:
        return self.is_admin or self.role is StaffRole.SUPERVISOR

    @property
    def scope(self) -> frozenset[str] | None:
        """Regions this member works on; None means every region."""
        return None if self.sees_all else self.regions

    def serves(self, region: str | None) -> bool:
        return self.sees_all or (region is not None and region in self.regions)


def member_from(
    record: StaffRecord | None, user_id: int, admins: Collection[int], name: str | None = None
) -> StaffMember | None:
    is_admin = user_id in admins
    if record is None:
        if not is_admin:
            return None
        return StaffMember(user_id, True, None, frozenset(), name)
    return StaffMember(user_id, is_admin, record.role, record.regions, name or record.name)


@dataclass(frozen=True, slots=True)
class RefusedAttempt:
    at: datetime
    user_id: int
    action: str
    application_id: int | None


@dataclass(frozen=True, slots=True)
class Note:
    application_id: int
    author_id: int
    at: datetime
    text: str
    author_name: str | None = None  # as it was when the note was written


def note_from_row(row: sqlite3.Row) -> Note:
    return Note(
        row["application_id"],
        row["author_id"],
        time_from_db(row["at"]),
        row["text"],
        row["author_name"],
    )


async def _records(
    conn: aiosqlite.Connection, where: str = "1", params: tuple[object, ...] = ()
) -> list[StaffRecord]:
    rows = await fetch_all(
        conn,
        "SELECT s.user_id, s.role, s.name, s.language, s.unreachable_since, s.telegram_seen_at,"
        " group_concat(r.region, ' ') AS regions"
        " FROM staff s LEFT JOIN staff_regions r ON r.user_id = s.user_id"
        f" WHERE {where} GROUP BY s.user_id ORDER BY s.user_id",
        params,
    )
    return [
        StaffRecord(
            user_id=row["user_id"],
            role=StaffRole(row["role"]),
            regions=frozenset((row["regions"] or "").split()),
            name=row["name"],
            language=row["language"],
            unreachable_since=optional_time_from_db(row["unreachable_since"]),
            telegram_seen_at=optional_time_from_db(row["telegram_seen_at"]),
        )
        for row in rows
    ]


async def staff_records(conn: aiosqlite.Connection) -> list[StaffRecord]:
    """Everyone on the staff, by Telegram id (inside a transaction)."""
    return await _records(conn)


async def mark_unreachable(conn: aiosqlite.Connection, user_id: int, now: datetime) -> bool:
    """Telegram refused this member's private chat: True if that is news (they were reachable)."""
    cursor = await conn.execute(
        "UPDATE staff SET unreachable_since = ? WHERE user_id = ? AND unreachable_since IS NULL",
        (time_to_db(now), user_id),
    )
    return cursor.rowcount == 1


async def reviewers_of(conn: aiosqlite.Connection, region: str | None) -> list[StaffRecord]:
    """Everyone who reviews `region`: its reviewers and all supervisors (inside a transaction)."""
    return await _records(
        conn,
        "s.role = 'supervisor' OR s.user_id IN"
        " (SELECT user_id FROM staff_regions WHERE region = ?)",
        (region,),
    )


async def _record_change(
    conn: aiosqlite.Connection,
    at: datetime,
    by: Actor,
    before: StaffRecord | None,
    after: StaffRecord,
) -> None:
    """What a change of one member changed, one audit entry per thing."""
    changes: list[tuple[AuditAction, dict[str, object]]] = []
    if before is None:
        changes.append(
            (AuditAction.ADDED, {"role": str(after.role), "regions": sorted(after.regions)})
        )
    else:
        if before.role is not after.role:
            changes.append((AuditAction.ROLE, {"role": str(after.role)}))
        changes += [
            (AuditAction.REGION_ADDED, {"region": region})
            for region in sorted(after.regions - before.regions)
        ]
        changes += [
            (AuditAction.REGION_REMOVED, {"region": region})
            for region in sorted(before.regions - after.regions)
        ]
    for action, detail in changes:
        await record(
            conn,
            at,
            by,
            action,
            subject_id=after.user_id,
            subject_name=after.name,
            detail=detail,
        )


class Staff:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def get(self, user_id: int) -> StaffRecord | None:
        found = await self._db.read(lambda conn: _records(conn, "s.user_id = ?", (user_id,)))
        return found[0] if found else None

    async def members(self) -> list[StaffRecord]:
        """Everyone on the staff, by Telegram id."""
        return await self._db.read(_records)

    async def reviewers_of(self, region: str | None) -> list[StaffRecord]:
        return await self._db.read(lambda conn: reviewers_of(conn, region))

    async def add(
        self,
        user_id: int,
        role: StaffRole,
        regions: Collection[str] = (),
        *,
        by: Actor = OPERATOR,
        name: str | None = None,
        language: str | None = None,
    ) -> StaffRecord:
        """Add a member or change one: the role and the regions given replace the old ones
        (a reviewer gains regions with `add_region`). `language`: that of their staff messages
        until they write to the bot (`remember` keeps it up to date from then on). What changed
        is recorded in the audit trail as done `by` them."""

        async def add(conn: aiosqlite.Connection) -> StaffRecord:
            before = await _records(conn, "s.user_id = ?", (user_id,))
            now = self._db.now()
            await conn.execute(
                "INSERT INTO staff (user_id, role, name, language, added_by, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET role = excluded.role,"
                " name = COALESCE(excluded.name, staff.name),"
                " language = COALESCE(excluded.language, staff.language)",
                (user_id, role, name, language, by.user_id, time_to_db(now)),
            )
            await conn.execute("DELETE FROM staff_regions WHERE user_id = ?", (user_id,))
            await conn.executemany(
                "INSERT INTO staff_regions (user_id, region) VALUES (?, ?)",
                [(user_id, region) for region in sorted(set(regions))],
            )
            after = (await _records(conn, "s.user_id = ?", (user_id,)))[0]
            await _record_change(conn, now, by, before[0] if before else None, after)
            return after

        return await self._db.write(add)

    async def set_region(
        self, user_id: int, region: str, serves: bool, *, by: Actor = OPERATOR
    ) -> StaffRecord | None:
        """Give a reviewer one more region, or take one away; None if not staff."""

        async def change(conn: aiosqlite.Connection) -> StaffRecord | None:
            before = await _records(conn, "s.user_id = ?", (user_id,))
            if not before:
                return None
            if serves:
                await conn.execute(
                    "INSERT INTO staff_regions (user_id, region) VALUES (?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (user_id, region),
                )
            else:
                await conn.execute(
                    "DELETE FROM staff_regions WHERE user_id = ? AND region = ?",
                    (user_id, region),
                )
            after = (await _records(conn, "s.user_id = ?", (user_id,)))[0]
            await _record_change(conn, self._db.now(), by, before[0], after)
            return after

        return await self._db.write(change)

    async def remove(self, user_id: int, *, by: Actor = OPERATOR) -> bool:
        """True if the member existed. Their claims end now: at the relay's next pass (seconds)
        their applications in review go back to the queue, as an expired claim does, and
        colleagues are told (nobody else could take them over or give them back). Their desk
        account and its sessions go too."""
        moment = self._db.now()
        now = time_to_db(moment)

        async def remove(conn: aiosqlite.Connection) -> bool:
            before = await _records(conn, "s.user_id = ?", (user_id,))
            await conn.execute("DELETE FROM staff_regions WHERE user_id = ?", (user_id,))
            await conn.execute(
                "UPDATE applications SET claimed_until = ?"
                " WHERE status = 'in_review' AND reviewer_id = ? AND claimed_until > ?",
                (now, user_id, now),
            )
            # The desk account and its sessions go with the member.
            await conn.execute("DELETE FROM desk_accounts WHERE user_id = ?", (user_id,))
            cursor = await conn.execute("DELETE FROM staff WHERE user_id = ?", (user_id,))
            if before:
                await record(
                    conn,
                    moment,
                    by,
                    AuditAction.REMOVED,
                    subject_id=user_id,
                    subject_name=before[0].name,
                )
            return cursor.rowcount == 1

        return await self._db.write(remove)

    async def remember(self, user_id: int, name: str, language: str) -> None:
        """Keep the name colleagues see and the language staff messages use up to date."""
        await self._db.write(
            lambda conn: conn.execute(
                "UPDATE staff SET name = ?, language = ? WHERE user_id = ?",
                (name, language, user_id),
            ),
            durable=False,
        )

    async def reachable_again(self, user_id: int) -> None:
        """The member wrote to the bot in private: their chat takes messages again."""
        await self._db.write(
            lambda conn: conn.execute(
                "UPDATE staff SET unreachable_since = NULL WHERE user_id = ?", (user_id,)
            )
        )

    async def seen_in_telegram(self, user_id: int) -> None:
        """They wrote to the bot in a private chat: from now on it can send them messages."""
        await self._db.write(
            lambda conn: conn.execute(
                "UPDATE staff SET telegram_seen_at = ? WHERE user_id = ?"
                " AND telegram_seen_at IS NULL",
                (time_to_db(self._db.now()), user_id),
            ),
            durable=False,
        )

    async def names(self, user_ids: Collection[int]) -> dict[int, str]:
        """Known names of these staff members (people not in the staff table are left out)."""
        wanted = sorted(set(user_ids))
        marks = ", ".join("?" * len(wanted)) or "NULL"
        rows = await self._db.fetch_all(
            f"SELECT user_id, name FROM staff WHERE name IS NOT NULL AND user_id IN ({marks})",
            wanted,
        )
        return {row["user_id"]: row["name"] for row in rows}

    # -- refused attempts ------------------------------------------------------------------------

    async def record_refusal(
        self, user_id: int, action: str, application_id: int | None = None
    ) -> None:
        await self._db.write(
            lambda conn: conn.execute(
                "INSERT INTO refused_attempts (at, user_id, action, application_id)"
                " VALUES (?, ?, ?, ?)",
                (time_to_db(self._db.now()), user_id, action, application_id),
            ),
            durable=False,
        )

    async def refusals(self, user_id: int | None = None) -> list[RefusedAttempt]:
        where, params = ("user_id = ?", (user_id,)) if user_id is not None else ("1", ())
        rows = await self._db.fetch_all(
            f"SELECT * FROM refused_attempts WHERE {where} ORDER BY id", params
        )
        return [
            RefusedAttempt(
                at=time_from_db(row["at"]),
                user_id=row["user_id"],
                action=row["action"],
                application_id=row["application_id"],
            )
            for row in rows
        ]

    # -- internal notes ---------------------------------------------------------------------------

    async def add_note(
        self, application_id: int, author_id: int, text: str, *, author_name: str | None = None
    ) -> Note:
        """A note, with its author's name now (`author_name`, else the staff table's)."""
        at = self._db.now()

        async def add(conn: aiosqlite.Connection) -> str | None:
            name = author_name or await staff_name(conn, author_id)
            await conn.execute(
                "INSERT INTO notes (application_id, author_id, at, text, author_name)"
                " VALUES (?, ?, ?, ?, ?)",
                (application_id, author_id, time_to_db(at), text, name),
            )
            return name

        name = await self._db.write(add)
        return Note(application_id, author_id, at, text, name)

    async def notes(self, application_id: int) -> list[Note]:
        rows = await self._db.fetch_all(
            "SELECT * FROM notes WHERE application_id = ? ORDER BY id", (application_id,)
        )
        return [note_from_row(row) for row in rows]
