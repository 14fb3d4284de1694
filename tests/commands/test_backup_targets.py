"""`jumys backup` refuses, in one line and before touching anything, targets it could destroy or
litter: its partial name being the database, FIFOs and symbolic links (even with --overwrite),
folders, names too long or not in UTF-8."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "jumys.sqlite3"
    assert main(["migrate", "--db", str(path)]) == 0
    return path


def refused(capsys: pytest.CaptureFixture[str], command: list[str]) -> str:
    assert main(command) == 1
    said = capsys.readouterr().err.strip()
    assert said.startswith("Backup failed: ") and "\n" not in said, said
    return said


def intact(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    finally:
        conn.close()


def test_a_target_whose_partial_name_is_the_database_leaves_the_database_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / ".copy.sqlite3.partial"
    assert main(["migrate", "--db", str(live)]) == 0
    capsys.readouterr()
    refused(capsys, ["backup", str(tmp_path / "copy.sqlite3"), "--db", str(live)])
    assert live.exists() and intact(live)
    assert not (tmp_path / "copy.sqlite3").exists()


def test_a_fifo_is_not_replaced_even_with_overwrite(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    capsys.readouterr()
    said = refused(capsys, ["backup", str(fifo), "--overwrite", "--db", str(db)])
    assert "regular file" in said
    assert fifo.is_fifo()


def test_a_symbolic_link_is_not_replaced_even_with_overwrite(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    link = tmp_path / "link"
    link.symlink_to(precious)
    capsys.readouterr()
    refused(capsys, ["backup", str(link), "--overwrite", "--db", str(db)])
    assert link.is_symlink() and precious.read_text() == "keep me"


def test_a_folder_is_refused_and_no_copy_is_left_in_it(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    capsys.readouterr()
    refused(capsys, ["backup", str(folder), "--overwrite", "--db", str(db)])
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("x" * 300, id="300 characters"),
        pytest.param(os.fsdecode(b"c\xff.db"), id="not UTF-8"),
    ],
)
def test_a_name_too_long_or_not_in_utf8_is_refused_in_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    before = sorted(tmp_path.iterdir())
    capsys.readouterr()
    refused(capsys, ["backup", str(tmp_path / name), "--db", str(db)])
    assert sorted(tmp_path.iterdir()) == before
