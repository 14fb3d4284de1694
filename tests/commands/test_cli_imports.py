"""A command imports only what it needs: `jumys migrate` (run by the Docker image before every
`jumys run`) must not spend seconds importing aiogram for the other commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MIGRATE = """
import sys
from bot.cli import main

code = main(["migrate"])
assert code == 0, code
assert "aiogram" not in sys.modules, "jumys migrate imported aiogram"
print("ok")
"""


def test_migrate_creates_the_database_without_importing_aiogram(tmp_path: Path) -> None:
    db = tmp_path / "jumys.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
    env["JUMYS_DB"] = str(db)
    result = subprocess.run(
        [sys.executable, "-c", MIGRATE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
    assert db.exists()
