"""`jumys console`: the real dispatcher in a terminal: numbered buttons, typed text and phone."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from bot.rules import make_iin
from bot.rules.model import Sex
from bot.telegram.console import chat_in_terminal


async def test_a_citizen_applies_in_the_terminal_by_numbers_and_typing(tmp_path: Path) -> None:
    db_path = tmp_path / "console.sqlite3"
    iin = make_iin(date(1972, 3, 7), Sex.FEMALE)
    typed = iter(
        # consent, IIN, region 5 on page 1, registered unemployed, no job lost lately, a
        # profession in another field, none of the special situations (the results come),
        # apply for the first programme, the contact button, the phone, no comment, send.
        ["1", iin, "5", "1", "2", "7", "13", "2", "1", "+77011234567", "1", "1"]
    )
    prompts: list[str] = []
    shown: list[str] = []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        if len(prompts) > 8:  # at a person's pace: the flood limit lets 10 at once, then 2 a second
            time.sleep(0.5)
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    assert await chat_in_terminal(db_path, "ru", read=read, write=shown.append) == 0

    screen = "\n".join(shown)
    assert "  [1] ✅ Даю согласие" in screen
    assert "Серебряный возраст" in screen
    assert "70\u00a0%" in screen  # what the state covers of the salary
    assert "phone / телефон: " in prompts
    assert "Телефон: +7 701 123 45 67" in screen
    assert "A-000001" in screen
    with sqlite3.connect(db_path) as stored:
        query = "SELECT programme, region, status, phone FROM applications"
        rows = stored.execute(query).fetchall()
    assert rows == [("kumis_jas", "akmola", "queued", "+77011234567")]


def test_run_without_a_token_points_to_the_console_and_keeps_log_lines_out_of_it(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
    env["JUMYS_DB"] = str(tmp_path / "run.sqlite3")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="2\n/quit\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "offline console mode" in done.stdout
    assert "Токен не задан" in done.stdout
    assert "по-русски" in done.stdout  # the button pressed by its number
    assert " INFO " not in done.stdout
    assert " INFO aiogram" not in done.stderr
