"""`jumys retention` erases what is past keeping and says how many, never who; `--dry-run` only
counts."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage.database import Database
from bot.storage.models import AppStatus
from bot.telegram.heartbeat import heartbeat_path

DECIDED_CITIZEN, IDLE_CITIZEN, ACTIVE_CITIZEN = 734512980, 734512981, 734512982
REVIEWER = 555000111
IIN, PHONE, COMMENT = "900101300123", "+77011234567", "Айгүл, звонить после обеда"
PERSONAL = [str(DECIDED_CITIZEN), str(IDLE_CITIZEN), str(ACTIVE_CITIZEN), IIN, PHONE, "Айгүл"]


async def _fill(path: Path, days_ago: int) -> None:
    """Three citizens, as they were `days_ago` days ago: one whose application was rejected,
    one who only answered the questions, one whose application still waits."""
    then = datetime.now(UTC) - timedelta(days=days_ago)
    async with await Database.open(path, clock=lambda: then) as db:
        for user_id in (DECIDED_CITIZEN, IDLE_CITIZEN, ACTIVE_CITIZEN):
            await db.users.give_consent(user_id, "2026-01")
            await db.users.save_profile(user_id, {"iin": IIN, "region": "turkistan"})
        submitted = {}
        for user_id in (DECIDED_CITIZEN, ACTIVE_CITIZEN):
            submitted[user_id], _ = await db.applications.submit(
                user_id=user_id,
                programme="kumis_jas",
                region="turkistan",
                profile={"iin": IIN, "region": "turkistan"},
                verdict={"status": "eligible"},
                phone=PHONE,
                comment=COMMENT,
                language="kk",
            )
        decided = submitted[DECIDED_CITIZEN]
        await db.applications.claim(decided.id, REVIEWER, timedelta(minutes=30))
        await db.applications.decide(decided.id, REVIEWER, AppStatus.REJECTED, "Нет справки")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "jumys.sqlite3"
    asyncio.run(_fill(path, days_ago=366))
    return path


def _contents(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def _users(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM users")}
    finally:
        conn.close()


def test_a_dry_run_says_how_many_would_be_erased_and_changes_nothing(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _contents(database)

    assert main(["retention", "--dry-run", "--db", str(database)]) == 0

    said = capsys.readouterr().out
    assert said.startswith("Would erase 2 citizens: 1 whose last application was decided")
    assert "1 who never applied" in said and "Nothing was changed." in said
    assert _contents(database) == before


def test_retention_erases_the_citizens_past_keeping_and_keeps_the_one_still_waiting(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["retention", "--db", str(database)]) == 0

    said = capsys.readouterr().out
    assert said.startswith("Erased 2 citizens: 1 whose last application was decided")
    assert _users(database) == {ACTIVE_CITIZEN}
    assert main(["retention", "--db", str(database)]) == 0
    assert capsys.readouterr().out.startswith("Erased 0 citizens")


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry run", "erasing"])
def test_what_retention_prints_holds_no_personal_data(
    database: Path, capsys: pytest.CaptureFixture[str], dry_run: bool
) -> None:
    words = ["retention", "--db", str(database)] + (["--dry-run"] if dry_run else [])

    assert main(words) == 0

    captured = capsys.readouterr()
    for secret in PERSONAL:
        assert secret not in captured.out + captured.err


def test_a_year_not_yet_over_erases_nobody(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "jumys.sqlite3"
    asyncio.run(_fill(path, days_ago=364))

    assert main(["retention", "--db", str(path)]) == 0

    assert capsys.readouterr().out.startswith("Erased 0 citizens")
    assert _users(path) == {DECIDED_CITIZEN, IDLE_CITIZEN, ACTIVE_CITIZEN}


def test_retention_leaves_erasing_to_the_running_bot_but_still_counts(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heartbeat_path(database).touch()  # the bot was in touch with Telegram just now
    before = _contents(database)

    assert main(["retention", "--db", str(database)]) == 2
    assert "The bot is running" in capsys.readouterr().err
    assert _contents(database) == before

    assert main(["retention", "--dry-run", "--db", str(database)]) == 0
    assert capsys.readouterr().out.startswith("Would erase 2 citizens")


def test_an_admin_named_in_jumys_admins_is_not_erased(
    database: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The idle citizen of the fixture is made an admin: they are kept, the other one goes."""
    monkeypatch.setenv("JUMYS_ADMINS", str(IDLE_CITIZEN))
    assert main(["retention", "--db", str(database)]) == 0
    assert "Erased 1 citizen: 1 whose last application was decided" in capsys.readouterr().out
    conn = sqlite3.connect(database)
    try:
        kept = conn.execute("SELECT id FROM users WHERE id = ?", (IDLE_CITIZEN,)).fetchall()
    finally:
        conn.close()
    assert kept == [(IDLE_CITIZEN,)]
