"""Report and staff commands work on the bot's database, never on a new empty one made by
mistake (a relative JUMYS_DB read in another folder, a mistyped --db)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture(autouse=True)
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The operator's shell is in another folder than the bot's; JUMYS_DB is the default."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.chdir(folder)
    for name in ("JUMYS_DB", "JUMYS_ADMINS", "JUMYS_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["staff", "add", "123456789", "--role", "reviewer", "--region", "turkistan"],
        ["staff", "list"],
        ["plan", "list", "2026"],
        ["export", "--output", "out.xlsx"],
        ["backup", "copy.sqlite3"],
        ["retention"],
        ["retention", "--dry-run"],
    ],
    ids=lambda words: " ".join(words[:2]),
)
def test_a_command_away_from_the_database_says_where_it_looked_and_creates_nothing(
    elsewhere: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    assert main(command) == 2
    said = capsys.readouterr().err
    assert f"No database at {elsewhere / 'data' / 'jumys.sqlite3'}" in said
    assert "JUMYS_DB" in said and "jumys migrate" in said
    assert list(elsewhere.iterdir()) == []


def test_migrate_still_creates_a_new_database(elsewhere: Path) -> None:
    assert main(["migrate"]) == 0
    assert (elsewhere / "data" / "jumys.sqlite3").is_file()


def test_the_database_may_be_named_before_or_after_the_action(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "bot.sqlite3")
    assert main(["migrate", "--db", db]) == 0
    add = ["add", "123456789", "--role", "supervisor", "--name", "Айгүл"]
    assert main(["staff", *add, "--db", db]) == 0
    assert main(["plan", "set", "2026", "kumis_jas", "turkistan", "40", "--db", db]) == 0
    capsys.readouterr()
    assert main(["staff", "--db", db, "list"]) == 0
    assert main(["plan", "list", "2026", "--db", db]) == 0
    listed = capsys.readouterr().out
    assert "123456789\tsupervisor\tall regions\tАйгүл" in listed
    assert "2026\tkumis_jas\tturkistan\t40" in listed


def test_files_holding_personal_data_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "bot.sqlite3"
    assert main(["migrate", "--db", str(db)]) == 0
    assert main(["backup", str(tmp_path / "copy.sqlite3"), "--db", str(db)]) == 0
    output = tmp_path / "applications.csv"
    assert main(["export", "--format", "csv", "--output", str(output), "--db", str(db)]) == 0
    for made in (db, tmp_path / "copy.sqlite3", output):
        assert made.stat().st_mode & 0o077 == 0, f"{made.name}: {oct(made.stat().st_mode)}"


@pytest.mark.parametrize(
    ("where", "said"),
    [
        (".", "this is a folder, not a file"),
        ("a-file/jumys.sqlite3", "its folder cannot be made"),
        ("notes.txt", "file is not a database"),
    ],
)
def test_a_database_path_that_cannot_be_opened_is_named_in_one_line(
    elsewhere: Path, capsys: pytest.CaptureFixture[str], where: str, said: str
) -> None:
    """`jumys migrate` is the Docker image's first step: a traceback there helped no one."""
    (elsewhere / "a-file").write_text("not a folder")
    (elsewhere / "notes.txt").write_text("hello\n" * 100)
    for command in (["migrate"], ["stats"]):
        if command == ["stats"] and where != "notes.txt":
            continue  # stats refuses a path that is no file before opening it
        assert main([*command, "--db", where]) == 1
        printed = capsys.readouterr().err
        assert said in printed and "Traceback" not in printed
        assert str((elsewhere / where).resolve()) in printed
