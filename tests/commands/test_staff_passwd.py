"""`jumys staff passwd ID` reads a desk password from standard input (never from the command
line), for a member or an admin, who must change it at the next sign-in."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.desk.passwords import verify_password
from bot.storage.audit import AuditEntry
from bot.storage.database import Database
from bot.storage.desk_accounts import Account
from bot.storage.staff import StaffRole

ROOT = Path(__file__).resolve().parents[2]
REVIEWER, ADMIN, STRANGER = 7101, 7001, 7999


async def _staff(path: Path) -> None:
    async with await Database.open(path) as db:
        await db.staff.add(REVIEWER, StaffRole.REVIEWER, ["turkistan"], name="Асель")


async def _account(path: Path, user_id: int) -> tuple[Account | None, list[AuditEntry]]:
    async with await Database.open(path) as db:
        return await db.desk_accounts.get(user_id), await db.audit.entries()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "jumys.sqlite3"
    asyncio.run(_staff(path))
    return path


def passwd(database: Path, *words: str, typed: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
    env["JUMYS_ADMINS"] = str(ADMIN)
    return subprocess.run(
        [sys.executable, "-m", "bot", "staff", "passwd", *words, "--db", str(database)],
        input=typed,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_a_password_from_standard_input_is_set_and_must_be_changed(database: Path) -> None:
    done = passwd(database, str(REVIEWER), typed="a-long-enough-secret\n")

    assert done.returncode == 0, done.stderr
    assert "must be changed" in done.stdout
    assert "a-long-enough-secret" not in done.stdout + done.stderr
    account, events = asyncio.run(_account(database, REVIEWER))
    assert account is not None
    assert (account.login, account.must_change) == (str(REVIEWER), True)
    assert verify_password(account.password_hash, "a-long-enough-secret")
    assert "a-long-enough-secret" not in account.password_hash
    assert [(e.action, e.actor.user_id, e.subject_name) for e in events] == [
        ("added", None, "Асель"),
        ("password_set", None, "Асель"),
    ]


def test_an_admin_not_on_the_staff_table_gets_a_password_under_a_login_of_their_own(
    database: Path,
) -> None:
    done = passwd(database, str(ADMIN), "--login", "director", typed="director-secret-1\n")

    assert done.returncode == 0, done.stderr
    account, _ = asyncio.run(_account(database, ADMIN))
    assert account is not None and account.login == "director"


def test_a_short_password_is_refused_and_nothing_is_set(database: Path) -> None:
    done = passwd(database, str(REVIEWER), typed="short\n")

    assert done.returncode == 2
    assert "at least 10 characters" in done.stderr
    assert asyncio.run(_account(database, REVIEWER))[0] is None


def test_no_password_on_standard_input_is_refused(database: Path) -> None:
    done = passwd(database, str(REVIEWER), typed="")

    assert done.returncode == 2
    assert "standard input" in done.stderr


def test_someone_neither_staff_nor_admin_gets_no_password(database: Path) -> None:
    done = passwd(database, str(STRANGER), typed="a-long-enough-secret\n")

    assert done.returncode == 1
    assert "jumys staff add" in done.stdout
    assert asyncio.run(_account(database, STRANGER))[0] is None


def test_the_password_is_never_taken_as_an_argument(database: Path) -> None:
    done = passwd(database, str(REVIEWER), "a-long-enough-secret", typed="")

    assert done.returncode == 2
    assert asyncio.run(_account(database, REVIEWER))[0] is None
