"""`jumys export` writes a new private file: never over the database, never over an existing
file unless asked, into a folder it makes if missing."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "bot.sqlite3"
    assert main(["migrate", "--db", str(path)]) == 0
    return path


def export(db: Path, output: Path | str, *more: str) -> int:
    return main(["export", "--format", "csv", "--output", str(output), "--db", str(db), *more])


@pytest.mark.parametrize("overwrite", [[], ["--overwrite"]])
def test_an_export_onto_the_database_is_refused_and_the_database_kept(
    db: Path, overwrite: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert export(db, db, *overwrite) == 2
    assert "is the database itself" in capsys.readouterr().err
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM applications").fetchone() == (0,)
    finally:
        conn.close()


def test_an_existing_file_is_replaced_only_with_overwrite_and_becomes_private(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared.csv"
    shared.write_text("someone else's table\n")
    os.chmod(shared, 0o644)
    assert export(db, shared) == 2
    assert "already exists" in capsys.readouterr().err
    assert shared.read_text() == "someone else's table\n"
    assert export(db, shared, "--overwrite") == 0
    assert shared.read_text() != "someone else's table\n"
    assert shared.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_an_export_into_a_missing_folder_makes_it(db: Path, tmp_path: Path) -> None:
    output = tmp_path / "reports" / "2026" / "applications.csv"
    assert export(db, output) == 0
    assert output.read_bytes().startswith(b"\xef\xbb\xbf")  # the CSV's BOM: Excel reads UTF-8


def test_a_period_that_ends_before_it_starts_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "x.csv"
    assert export(db, output, "--from", "2026-06-01", "--to", "2026-01-01") == 2
    assert "--from 2026-06-01 is after --to 2026-01-01" in capsys.readouterr().err
    assert not output.exists()
