"""Users: language, consent to the privacy notice, questionnaire answers, and forgetting."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import aiosqlite

from bot.storage.cards import redact_copies
from bot.storage.codec import json_to_db, time_to_db
from bot.storage.connection import Connector, fetch_all
from bot.storage.models import ACTIVE_STATUSES, ActorRole, AppStatus, SystemReason, User
from bot.storage.rows import application_from_row, user_from_row
from bot.storage.transitions import transition


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What forget() did, in counts only."""

    applications_withdrawn: int
    applications_anonymised: int


class Users:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def get(self, user_id: int) -> User | None:
        row = await self._db.fetch_one("SELECT * FROM users WHERE id = ?", (user_id,))
        return None if row is None else user_from_row(row)

    async def set_language(self, user_id: int, language: str) -> User:
        return await self._upsert(user_id, "language = ?", (language,), durable=False)

    async def give_consent(self, user_id: int, version: str) -> User:
        """Record that the user accepted version `version` of the privacy notice, and when."""
        now = time_to_db(self._db.now())
        return await self._upsert(
            user_id, "consent_version = ?, consent_at = ?", (version, now), durable=True
        )

    async def save_profile(self, user_id: int, profile: Mapping[str, object]) -> User:
        """Replace the saved questionnaire answers (JSON form of a Profile)."""
        return await self._upsert(user_id, "profile = ?", (json_to_db(profile),), durable=False)

    async def _upsert(
        self, user_id: int, assignments: str, values: tuple[object, ...], *, durable: bool
    ) -> User:
        async def upsert(conn: aiosqlite.Connection) -> User:
            now = time_to_db(self._db.now())
            await conn.execute(
                "INSERT INTO users (id, created_at, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (id) DO NOTHING",
                (user_id, now, now),
            )
            [row] = await fetch_all(
                conn,
                f"UPDATE users SET {assignments}, updated_at = ? WHERE id = ? RETURNING *",
                (*values, now, user_id),
            )
            return user_from_row(row)

        return await self._db.write(upsert, durable=durable)

    async def forget(self, user_id: int) -> Forgotten:
        """Erase everything personal about the user, in one transaction.

        Active applications are withdrawn (by the system); all applications lose the user id,
        phone, name, comment, answers and verdict, but keep programme, region, status and times for
        statistics. Events keep who-what-when for the audit, without the words people typed;
        reviewers' internal notes on them are deleted, and the notes of their outcomes emptied.
        Messages to the user or about their applications are dropped, conversation state and
        the user row (language, consent, answers) deleted.
        """

        async def forget(conn: aiosqlite.Connection) -> Forgotten:
            now = self._db.now()
            rows = await fetch_all(conn, "SELECT * FROM applications WHERE user_id = ?", (user_id,))
            withdrawn = 0
            for row in rows:
                application = application_from_row(row)
                if application.status in ACTIVE_STATUSES:
                    await transition(
                        conn,
                        application,
                        AppStatus.WITHDRAWN,
                        actor_id=None,
                        role=ActorRole.SYSTEM,
                        reason=SystemReason.USER_FORGOTTEN,
                        now=now,
                    )
                    withdrawn += 1
            ids = [(row["id"],) for row in rows]
            await conn.executemany(
                "UPDATE events SET reason = CASE WHEN actor_role = 'system' THEN reason END,"
                " actor_id = CASE WHEN actor_role = 'citizen' THEN NULL ELSE actor_id END"
                " WHERE application_id = ?",
                ids,
            )
            await conn.executemany(
                "DELETE FROM outbox WHERE event_id IN"
                " (SELECT id FROM events WHERE application_id = ?)",
                ids,
            )
            await conn.execute("DELETE FROM outbox WHERE chat_id = ?", (user_id,))
            # Reviewers' notes are free text that may quote the citizen's name or phone.
            await conn.executemany("DELETE FROM notes WHERE application_id = ?", ids)
            # An outcome's note is free text too; its kind, employer and dates stay for reports.
            await conn.executemany("UPDATE outcomes SET note = NULL WHERE application_id = ?", ids)
            await conn.executemany(
                "DELETE FROM application_name_words WHERE application_id = ?", ids
            )
            # Copies of their cards in staff chats show their data: edited to say it is gone.
            await redact_copies(conn, [row["id"] for row in rows], now)
            await conn.execute(
                "UPDATE applications SET user_id = NULL, phone = NULL, comment = NULL,"
                " name = NULL, profile = '{}', verdict = '{}' WHERE user_id = ?",
                (user_id,),
            )
            await conn.execute(
                "DELETE FROM fsm WHERE user_id = ? OR chat_id = ?", (user_id, user_id)
            )
            await conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
            return Forgotten(applications_withdrawn=withdrawn, applications_anonymised=len(rows))

        try:
            return await self._db.write(forget)
        finally:
            self._db.user_forgotten(user_id)
