"""The database file itself: migrations, backups, the command line."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage.database import Database
from bot.storage.migrations import SchemaTooNewError, available_migrations, split_statements

from .conftest import TestClock
from .helpers import submit


def _schema(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


def test_jumys_migrate_twice_creates_the_schema_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new" / "jumys.sqlite3"
    assert main(["migrate", "--db", str(path)]) == 0
    assert "applied 001_initial.sql" in capsys.readouterr().out
    schema = _schema(path)
    assert main(["migrate", "--db", str(path)]) == 0
    assert "already up to date" in capsys.readouterr().out
    assert _schema(path) == schema
    conn = sqlite3.connect(path)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert version == len(available_migrations())
    assert journal == "wal"


def test_jumys_migrate_reads_the_path_from_jumys_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("JUMYS_DB", str(path))
    assert main(["migrate"]) == 0
    assert path.exists()


def test_a_database_from_a_newer_program_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(SchemaTooNewError):
        asyncio.run(Database.open(path))
    assert main(["migrate", "--db", str(path)]) == 1
    assert "Update Jumys Bot first" in capsys.readouterr().out


def test_migration_scripts_split_into_whole_statements() -> None:
    script = (
        "CREATE TABLE t (x TEXT DEFAULT ';');\n"
        "CREATE TRIGGER t_guard BEFORE DELETE ON t BEGIN\n"
        "  SELECT RAISE(ABORT, 'no; never');\n"
        "END;\n"
    )
    assert len(split_statements(script)) == 2


async def test_a_backup_taken_while_writing_opens_with_the_same_data(
    db: Database, tmp_path: Path, clock: TestClock
) -> None:
    submitted = [await submit(db, user_id=user_id) for user_id in range(1, 21)]
    target = tmp_path / "backups" / "copy.sqlite3"
    await db.backup(target)
    await submit(db, user_id=999)  # after the copy: not in it

    copy = await Database.open(target, clock=clock)
    try:
        assert copy.applied_migrations == []
        for application in submitted:
            assert await copy.applications.get(application.id) == application
        assert await copy.applications.count_queue(None) == 20
    finally:
        await copy.close()


async def test_jumys_backup_writes_a_copy_and_will_not_overwrite_one(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    application = await submit(db)
    target = tmp_path / "copy.sqlite3"
    # The bot is still running (db is open) while the copy is taken.
    assert main(["backup", str(target), "--db", str(db_path)]) == 0
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT phone FROM applications").fetchall() == [(application.phone,)]
    conn.close()
    assert main(["backup", str(target), "--db", str(db_path)]) == 1
    assert "already exists" in capsys.readouterr().out
    assert main(["backup", str(target), "--db", str(db_path), "--overwrite"]) == 0
    assert main(["backup", str(tmp_path / "x"), "--db", str(tmp_path / "missing")]) == 1
