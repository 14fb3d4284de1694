"""The staff desk served by the real `jumys run` beside the bot, in Debian's Chromium: an admin
given a password with `jumys staff passwd` signs in, chooses their own and sees the team."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support.browser import DeskBrowser, open_chromium

from .conftest import Bots
from .processes import REPO_ROOT, clean_environment

ADMIN, REVIEWER = 7001, 7101
STARTUP_TIMEOUT_S = 60.0


def desk_port(line: str) -> int:
    """The port of the log line "staff desk listening on 127.0.0.1:PORT"."""
    return int(str(json.loads(line)["msg"]).rsplit(":", 1)[1])


def test_jumys_run_serves_the_desk_where_an_admin_signs_in_and_sees_the_team(
    bots: Bots, bot_api_url: str, bot_token: str, tmp_path: Path
) -> None:
    db_path = tmp_path / "jumys.sqlite3"
    env = clean_environment(
        JUMYS_BOT_TOKEN=bot_token,
        JUMYS_API_URL=bot_api_url,
        JUMYS_DB=str(db_path),
        JUMYS_ADMINS=str(ADMIN),
    )
    jumys = bots.start("jumys run", [sys.executable, "-m", "bot", "run"], env)
    port = desk_port(jumys.wait_for_line("staff desk listening on", STARTUP_TIMEOUT_S))
    jumys.wait_for_line("long polling started", STARTUP_TIMEOUT_S)
    for command, typed in (
        (["staff", "add", str(REVIEWER), "--region", "abai", "--name", "Дана"], ""),
        (["staff", "passwd", str(ADMIN), "--login", "director"], "first-password-1\n"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "bot", *command],
            input=typed,
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO_ROOT,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    driver = open_chromium(tmp_path / "chromium-profile")
    try:
        browser = DeskBrowser(driver, f"http://127.0.0.1:{port}")
        browser.sign_in("director", "first-password-1")
        asked = browser.path
        browser.change_password("first-password-1", "my-own-password-2")
        landed = browser.path
        team = browser.text("#team")
    finally:
        driver.quit()

    assert asked == "/password"
    assert landed == "/team"
    assert "Дана" in team and "Абай облысы" in team
    assert bots.stop(jumys) == 0, "jumys run, desk and all, exits cleanly on SIGTERM"
