"""Hostile arguments to `jumys` commands get a one-line answer, and nothing changes: dates at
the calendar's ends, ids beyond SQLite's integers or not positive, staff names with control
characters or text-direction overrides, a profile nested 200,000 deep, a huge value not echoed."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "jumys.sqlite3"
    assert main(["migrate", "--db", str(path)]) == 0
    return path


def answer(capsys: pytest.CaptureFixture[str], command: list[str]) -> tuple[int, str]:
    capsys.readouterr()
    try:
        code = main(command)
    except SystemExit as stop:  # argparse's refusal
        code = int(stop.code or 0)
    said = capsys.readouterr().err.strip().splitlines()
    return code, said[-1] if said else ""


def staff_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM staff").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--to", "9999-12-31", "--format", "csv", "--output", "-"],
        ["export", "--from", "0001-01-01", "--format", "csv", "--output", "-"],
        ["stats", "--on", "9999-12-31"],
    ],
)
def test_dates_at_the_calendars_ends_are_refused_in_one_line(
    db: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, said = answer(capsys, [*command, "--db", str(db)])
    assert code == 2
    assert "outside 1900-01-01…2999-12-31" in said


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["0"], "positive number"),
        (["-5"], "positive number"),
        ([str(2**64)], "positive number"),
        (["5", "--name", "Әсел\u202eуйе"], "text-direction"),
        (["5", "--name", "Әсел\x1b[31m"], "control characters"),
    ],
)
def test_staff_add_refuses_impossible_ids_and_deceptive_names(
    db: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], words: str
) -> None:
    code, said = answer(capsys, ["staff", "add", *arguments, "--db", str(db)])
    assert code == 2 and words in said, said
    assert staff_rows(db) == 0


def test_check_with_a_profile_nested_200000_deep_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("[" * 200_000 + "]" * 200_000))
    code, said = answer(capsys, ["check"])
    assert code != 0 and "nested too deeply" in said


def test_check_does_not_echo_a_huge_value_back(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"birth_date": "x" * 5_000_000})))
    code, said = answer(capsys, ["check"])
    assert code != 0 and said.startswith("jumys check:")
    assert len(said) < 1000


def test_check_on_the_last_day_of_the_calendar_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("{}"))
    code, said = answer(capsys, ["check", "--on", "9999-12-31"])
    assert code != 0 and "outside" in said


def test_a_dotenv_not_in_utf8_is_named_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_bytes(b"JUMYS_LOG_LEVEL=INFO\n# \xff\xfe\n")
    code, said = answer(capsys, ["stats"])
    assert code == 2 and said.startswith(".env: not UTF-8 text"), said
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["plan", "set", "2026", "kumis_jas", "turkistan", str(10**30)],
        ["plan", "set", str(10**30), "kumis_jas", "turkistan", "5"],
        ["plan", "list", str(10**30)],
    ],
)
def test_numbers_beyond_sqlites_integers_are_refused_in_one_line(
    db: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, said = answer(capsys, [*command, "--db", str(db)])
    assert code == 2 and "a number from" in said, said
