"""The database file itself: migrations, backups, the command line."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage.database import Database
from bot.storage.migrations import SchemaTooNewError, available_migrations, split_statements
from bot.storage.transitions import EXPIRED_CLAIMS_SQL

from .conftest import TestClock
from .helpers import submit


async def jumys(*args: str) -> int:
    """`jumys ARGS` beside the running bot: the command runs its own event loop, so its own
    thread here."""
    return await asyncio.to_thread(main, list(args))


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
    assert await jumys("backup", str(target), "--db", str(db_path)) == 0
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT phone FROM applications").fetchall() == [(application.phone,)]
    conn.close()
    assert await jumys("backup", str(target), "--db", str(db_path)) == 1
    assert "already exists" in capsys.readouterr().err
    assert await jumys("backup", str(target), "--db", str(db_path), "--overwrite") == 0
    assert await jumys("backup", str(tmp_path / "x"), "--db", str(tmp_path / "missing")) == 2


async def test_a_database_from_the_first_release_is_upgraded_in_place(
    tmp_path: Path, clock: TestClock
) -> None:
    path = tmp_path / "old.sqlite3"
    first = available_migrations()[0]
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for statement in split_statements(first.sql):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {first.version}")
    conn.close()
    old = await Database.open(path, clock=clock)
    try:
        assert old.applied_migrations == [m.name for m in available_migrations()[1:]]
        application = await submit(old)
        claimed = await old.applications.claim_next(900, None, timedelta(minutes=5))
        assert claimed is not None and claimed.id == application.id
        clock.advance(timedelta(minutes=6))
        assert [a.id for a in await old.applications.list_queue(None, 10)] == [application.id]
        assert await old.applications.claim_next(901, None) is not None
    finally:
        await old.close()


def test_expired_claims_are_found_by_their_end_not_by_reading_everything_in_review(
    db_path: Path, db: Database
) -> None:
    # claim_next runs this on every claim; with a million applications a scan of all rows in
    # review took 6 ms (bench/application_queue.py).
    conn = sqlite3.connect(db_path)
    try:
        plan = conn.execute(
            f"EXPLAIN QUERY PLAN {EXPIRED_CLAIMS_SQL}", ("2026-03-02T09:00:00.000000",)
        ).fetchall()
    finally:
        conn.close()
    assert [row[3] for row in plan] == [
        "SEARCH applications USING INDEX applications_claims_by_end (status=? AND claimed_until<?)"
    ]


async def test_closing_the_database_leaves_no_thread_or_lock_behind(db_path: Path) -> None:
    before = set(threading.enumerate())
    db = await Database.open(db_path)
    await submit(db)
    started = set(threading.enumerate()) - before
    assert started  # the connections' threads
    await db.close()
    for thread in started:
        thread.join(timeout=5)
    assert not [thread.name for thread in started if thread.is_alive()]
    # The last connection closed: SQLite folded the WAL into the file and removed it.
    assert not db_path.with_name(db_path.name + "-wal").exists()
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 1
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["{db}", "{db}-wal", "{db}-shm", "./{db}", "link-to-db"])
async def test_a_backup_onto_the_running_database_is_refused_even_with_overwrite(
    db: Database, db_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Renamed over the open file, the copy met the old -wal and -shm: the next write made
    the database unreadable."""
    await submit(db)
    (db_path.parent / "link-to-db").symlink_to(db_path)
    target = name.format(db=db_path.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(db_path.parent)
        assert await jumys("backup", target, "--db", str(db_path), "--overwrite") == 1
    assert "is the database itself" in capsys.readouterr().err
    second = await submit(db, programme="public_works")
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0] == 2
    finally:
        conn.close()
    assert await db.applications.get(second.id) == second
