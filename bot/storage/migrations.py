"""Numbered SQL migrations (`migrations/NNN_name.sql`), tracked with PRAGMA user_version."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources

import aiosqlite

_FILE_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


class SchemaTooNewError(RuntimeError):
    """The database was upgraded by a newer Jumys Bot than this one."""


def available_migrations() -> list[Migration]:
    found: list[Migration] = []
    for entry in resources.files("bot.storage").joinpath("migrations").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match is None:
            continue
        found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 001, 002, ... without gaps: {versions}")
    return found


def split_statements(sql: str) -> list[str]:
    """The statements of a script, keeping triggers (BEGIN … END) whole."""
    statements: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement at the end of a migration: {pending!r}")
    return statements


async def schema_version(conn: aiosqlite.Connection) -> int:
    [(version,)] = await conn.execute_fetchall("PRAGMA user_version")
    return int(version)


async def apply_migrations(conn: aiosqlite.Connection) -> list[str]:
    """Bring the schema up to date; return the names of the migrations applied (none: no-op).

    Each migration runs in its own BEGIN IMMEDIATE transaction that re-reads the version, so two
    processes starting at once apply each migration exactly once.
    """
    migrations = available_migrations()
    latest = migrations[-1].version if migrations else 0
    applied: list[str] = []
    for migration in migrations:
        await conn.execute("BEGIN IMMEDIATE")
        try:
            current = await schema_version(conn)
            if current > latest:
                raise SchemaTooNewError(
                    f"the database is at schema version {current}, this program knows {latest}"
                )
            if current < migration.version:
                if current != migration.version - 1:
                    raise RuntimeError(f"schema version {current} cannot take {migration.name}")
                for statement in split_statements(migration.sql):
                    await conn.execute(statement)
                await conn.execute(f"PRAGMA user_version = {migration.version}")
                applied.append(migration.name)
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
    if not migrations:
        return applied
    current = await schema_version(conn)
    if current > latest:
        raise SchemaTooNewError(
            f"the database is at schema version {current}, this program knows {latest}"
        )
    return applied
