"""Sessions of the web desk, kept on the server: a random token in the browser's cookie, its
SHA-256 here with the session's CSRF token, language and times.

A browser gets an anonymous session at its first page (the sign-in form needs a CSRF token and
a language); signing in replaces it with a new one (a token planted before sign-in is worth
nothing after). A session ends when signed out, idle too long, or too old whatever its use.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import aiosqlite

from bot.storage.audit import Actor, AuditAction, record
from bot.storage.codec import time_from_db, time_to_db
from bot.storage.connection import Connector, fetch_all
from bot.storage.transitions import staff_name

TOKEN_BYTES = 32


@dataclass(frozen=True, slots=True)
class Expiry:
    """A session ends `idle` after its last use, and `lifetime` after it began."""

    idle: timedelta
    lifetime: timedelta


@dataclass(frozen=True, slots=True)
class DeskSession:
    token_hash: str
    user_id: int | None  # None: not signed in yet
    csrf: str
    language: str
    created_at: datetime
    last_seen_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _session(row: sqlite3.Row) -> DeskSession:
    return DeskSession(
        token_hash=row["token_hash"],
        user_id=row["user_id"],
        csrf=row["csrf"],
        language=row["language"],
        created_at=time_from_db(row["created_at"]),
        last_seen_at=time_from_db(row["last_seen_at"]),
    )


async def _insert(
    conn: aiosqlite.Connection, user_id: int | None, language: str, now: datetime
) -> tuple[str, DeskSession]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session = DeskSession(
        token_hash(token), user_id, secrets.token_urlsafe(TOKEN_BYTES), language, now, now
    )
    await conn.execute(
        "INSERT INTO desk_sessions (token_hash, user_id, csrf, language, created_at,"
        " last_seen_at) VALUES (?, ?, ?, ?, ?, ?)",
        (session.token_hash, user_id, session.csrf, language, time_to_db(now), time_to_db(now)),
    )
    return token, session


def _expired(session: DeskSession, now: datetime, expiry: Expiry) -> bool:
    return now - session.last_seen_at >= expiry.idle or now - session.created_at >= expiry.lifetime


async def _delete_expired(conn: aiosqlite.Connection, now: datetime, expiry: Expiry) -> None:
    await conn.execute(
        "DELETE FROM desk_sessions WHERE last_seen_at <= ? OR created_at <= ?",
        (time_to_db(now - expiry.idle), time_to_db(now - expiry.lifetime)),
    )


async def _record_self(
    conn: aiosqlite.Connection, now: datetime, action: AuditAction, user_id: int
) -> None:
    """The member did it to their own account: actor and subject, with the name they have now."""
    name = await staff_name(conn, user_id)
    await record(conn, now, Actor(user_id, name), action, subject_id=user_id, subject_name=name)


class DeskSessions:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def open(self, language: str, expiry: Expiry) -> tuple[str, DeskSession]:
        """A new anonymous session: the cookie's token and the session."""
        now = self._db.now()

        async def open_one(conn: aiosqlite.Connection) -> tuple[str, DeskSession]:
            # Sessions past their time go as new ones come: the table cannot grow without end.
            await _delete_expired(conn, now, expiry)
            return await _insert(conn, None, language, now)

        return await self._db.write(open_one, durable=False)

    async def find(self, token: str, expiry: Expiry) -> DeskSession | None:
        """The live session of this cookie token (its last use now), or None."""
        now = self._db.now()
        hashed = token_hash(token)

        async def touch(conn: aiosqlite.Connection) -> DeskSession | None:
            rows = await fetch_all(
                conn, "SELECT * FROM desk_sessions WHERE token_hash = ?", (hashed,)
            )
            if not rows:
                return None
            session = _session(rows[0])
            if _expired(session, now, expiry):
                await conn.execute("DELETE FROM desk_sessions WHERE token_hash = ?", (hashed,))
                return None
            await conn.execute(
                "UPDATE desk_sessions SET last_seen_at = ? WHERE token_hash = ?",
                (time_to_db(now), hashed),
            )
            return replace(session, last_seen_at=now)

        return await self._db.write(touch, durable=False)

    async def sign_in(
        self, old_hash: str | None, user_id: int, language: str
    ) -> tuple[str, DeskSession]:
        """The member is signed in: the browser's old session replaced by a new one (new token,
        new CSRF token), the failures forgotten, the sign-in time and event recorded."""
        now = self._db.now()

        async def sign_in(conn: aiosqlite.Connection) -> tuple[str, DeskSession]:
            if old_hash is not None:
                await conn.execute("DELETE FROM desk_sessions WHERE token_hash = ?", (old_hash,))
            await conn.execute(
                "UPDATE desk_accounts SET failures = 0, last_failure_at = NULL,"
                " last_sign_in_at = ? WHERE user_id = ?",
                (time_to_db(now), user_id),
            )
            await _record_self(conn, now, AuditAction.SIGNED_IN, user_id)
            return await _insert(conn, user_id, language, now)

        return await self._db.write(sign_in)

    async def sign_out(self, session: DeskSession) -> None:
        now = self._db.now()

        async def sign_out(conn: aiosqlite.Connection) -> None:
            await conn.execute(
                "DELETE FROM desk_sessions WHERE token_hash = ?", (session.token_hash,)
            )
            if session.user_id is not None:
                await _record_self(conn, now, AuditAction.SIGNED_OUT, session.user_id)

        await self._db.write(sign_out)

    async def set_language(self, session: DeskSession, language: str) -> None:
        await self._db.write(
            lambda conn: conn.execute(
                "UPDATE desk_sessions SET language = ? WHERE token_hash = ?",
                (language, session.token_hash),
            ),
            durable=False,
        )

    async def of_member(self, user_id: int) -> list[DeskSession]:
        rows = await self._db.fetch_all(
            "SELECT * FROM desk_sessions WHERE user_id = ? ORDER BY created_at", (user_id,)
        )
        return [_session(row) for row in rows]
