"""Staff accounts of the web desk: a login, a password hash, failed sign-ins and the lock.

The hash is made and checked by `bot.desk.passwords`; here it is only stored. A new password
(set by an admin or by `jumys staff passwd`) must be changed at the next sign-in, clears the
failures and the lock, and ends the member's sessions. An account locked after too many
failures stays locked until then.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.audit import OPERATOR, Actor, AuditAction, record
from bot.storage.codec import optional_time_from_db, time_to_db
from bot.storage.connection import Connector, fetch_all
from bot.storage.transitions import staff_name


@dataclass(frozen=True, slots=True)
class Account:
    user_id: int
    login: str
    password_hash: str
    must_change: bool
    failures: int
    last_failure_at: datetime | None
    locked_at: datetime | None
    last_sign_in_at: datetime | None

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


class LoginTaken(Exception):
    """Another member already signs in with this login."""

    def __init__(self, login: str) -> None:
        super().__init__(f"the login {login!r} belongs to another member")
        self.login = login


def _account(row: sqlite3.Row) -> Account:
    return Account(
        user_id=row["user_id"],
        login=row["login"],
        password_hash=row["password_hash"],
        must_change=bool(row["must_change"]),
        failures=row["failures"],
        last_failure_at=optional_time_from_db(row["last_failure_at"]),
        locked_at=optional_time_from_db(row["locked_at"]),
        last_sign_in_at=optional_time_from_db(row["last_sign_in_at"]),
    )


async def account_where(
    conn: aiosqlite.Connection, where: str, params: tuple[object, ...]
) -> Account | None:
    rows = await fetch_all(conn, f"SELECT * FROM desk_accounts WHERE {where}", params)
    return _account(rows[0]) if rows else None


class DeskAccounts:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def get(self, user_id: int) -> Account | None:
        return await self._db.read(lambda conn: account_where(conn, "user_id = ?", (user_id,)))

    async def by_login(self, login: str) -> Account | None:
        """The account signing in with `login` (letter case aside)."""
        return await self._db.read(lambda conn: account_where(conn, "login = ?", (login,)))

    async def every(self) -> dict[int, Account]:
        rows = await self._db.fetch_all("SELECT * FROM desk_accounts ORDER BY user_id")
        return {row["user_id"]: _account(row) for row in rows}

    async def set_password(
        self,
        user_id: int,
        password_hash: str,
        *,
        by: Actor,
        login: str | None = None,
        keep_session: str | None = None,
    ) -> Account:
        """A new password for `user_id` (an account made if they had none, its login `login` or
        else their Telegram id). Set by someone else (another member, or OPERATOR: the server's
        operator) it must be changed at sign-in; by the member themselves, not. Every session
        of the member ends but `keep_session` (a token hash). Raises LoginTaken."""
        now = self._db.now()
        by_self = by.user_id == user_id

        async def change(conn: aiosqlite.Connection) -> Account:
            existing = await account_where(conn, "user_id = ?", (user_id,))
            wanted = login or (existing.login if existing else str(user_id))
            holder = await account_where(conn, "login = ?", (wanted,))
            if holder is not None and holder.user_id != user_id:
                raise LoginTaken(wanted)
            await conn.execute(
                "INSERT INTO desk_accounts (user_id, login, password_hash, must_change,"
                " failures, last_failure_at, locked_at, password_set_at)"
                " VALUES (?, ?, ?, ?, 0, NULL, NULL, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET login = excluded.login,"
                " password_hash = excluded.password_hash, must_change = excluded.must_change,"
                " failures = 0, last_failure_at = NULL, locked_at = NULL,"
                " password_set_at = excluded.password_set_at",
                (user_id, wanted, password_hash, int(not by_self), time_to_db(now)),
            )
            await conn.execute(
                "DELETE FROM desk_sessions WHERE user_id = ? AND token_hash IS NOT ?",
                (user_id, keep_session),
            )
            await record(
                conn,
                now,
                by,
                AuditAction.PASSWORD_CHANGED if by_self else AuditAction.PASSWORD_SET,
                subject_id=user_id,
                subject_name=await staff_name(conn, user_id),
                detail={"login": wanted},
            )
            account = await account_where(conn, "user_id = ?", (user_id,))
            assert account is not None
            return account

        return await self._db.write(change)

    async def record_failure(self, user_id: int, *, lock_after: int) -> Account:
        """One more failed sign-in; the account is locked at the `lock_after`th in a row."""
        now = self._db.now()

        async def fail(conn: aiosqlite.Connection) -> Account:
            await conn.execute(
                "UPDATE desk_accounts SET failures = failures + 1, last_failure_at = ?"
                " WHERE user_id = ?",
                (time_to_db(now), user_id),
            )
            account = await account_where(conn, "user_id = ?", (user_id,))
            assert account is not None
            if account.failures >= lock_after and not account.locked:
                await conn.execute(
                    "UPDATE desk_accounts SET locked_at = ? WHERE user_id = ?",
                    (time_to_db(now), user_id),
                )
                await conn.execute("DELETE FROM desk_sessions WHERE user_id = ?", (user_id,))
                # Nobody did it: the desk itself, as the server's operator set it up.
                await record(
                    conn,
                    now,
                    OPERATOR,
                    AuditAction.LOCKED,
                    subject_id=user_id,
                    subject_name=await staff_name(conn, user_id),
                    detail={"failures": account.failures},
                )
                account = await account_where(conn, "user_id = ?", (user_id,))
                assert account is not None
            return account

        return await self._db.write(fail, durable=False)

    async def remove(self, user_id: int) -> None:
        """The member's account and sessions go (with the member)."""
        await self._db.write(
            lambda conn: conn.execute("DELETE FROM desk_accounts WHERE user_id = ?", (user_id,))
        )
