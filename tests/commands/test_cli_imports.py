"""A command imports only what it needs: the commands that never talk to Telegram (`migrate`, run
by the Docker image before every `jumys run`; the nightly `backup`; an operator's `stats`,
`export`, `staff`, `plan`, `check`, `retention`, `health`) do not spend seconds importing
aiogram."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RUN = """
import sys
from bot.cli import main

code = main(sys.argv[1:])
assert code == {code}, code
assert "aiogram" not in sys.modules, "jumys " + " ".join(sys.argv[1:]) + " imported aiogram"
print("ok")
"""


def jumys(arguments: list[str], folder: Path, *, code: int = 0, stdin: str = "") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
    env["JUMYS_DB"] = str(folder / "jumys.sqlite3")
    result = subprocess.run(
        [sys.executable, "-c", RUN.format(code=code), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        cwd=folder,
        input=stdin,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
    return result.stdout


def test_migrate_creates_the_database_without_importing_aiogram(tmp_path: Path) -> None:
    jumys(["migrate"], tmp_path)
    assert (tmp_path / "jumys.sqlite3").exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ["stats", "--lang", "ru"],
        ["export", "--format", "csv", "--output", "out.csv"],
        ["export", "--format", "xlsx", "--output", "out.xlsx"],
        ["staff", "list"],
        ["plan", "list"],
        ["backup", "copy.sqlite3"],
        ["retention", "--dry-run"],
    ],
    ids=lambda arguments: " ".join(arguments[:2]),
)
def test_operator_commands_work_without_importing_aiogram(
    tmp_path: Path, arguments: list[str]
) -> None:
    jumys(["migrate"], tmp_path)
    jumys(arguments, tmp_path)


def test_check_answers_without_importing_aiogram(tmp_path: Path) -> None:
    profile = '{"birth_date": "1972-03-07", "sex": "female", "region": "turkistan"}'
    out = jumys(["check", "--on", "2026-03-02"], tmp_path, stdin=profile)
    assert '"kumis_jas"' in out


def test_health_answers_without_importing_aiogram(tmp_path: Path) -> None:
    jumys(["migrate"], tmp_path)
    jumys(["health"], tmp_path, code=1)  # no bot runs here: unhealthy, said without aiogram
