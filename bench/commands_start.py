"""How long the `jumys` commands that do not talk to Telegram take, as whole processes, and that
none of them imports aiogram. Goal: each ≤ 0.5 s, no aiogram.

    .venv/bin/python bench/commands_start.py [--runs 7]

Each command runs `--runs` times after one warm-up, on a small database made by `jumys migrate`
in a temporary folder (one application, so `stats` and `export` have a row to write); the median
and the slowest wall time are printed. The import check runs each command once more under
`python -X importtime` and looks for aiogram among the modules it imported.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from timing import machine

GOAL_SECONDS = 0.5
PROFILE = json.dumps({"birth_date": "1972-03-07", "sex": "female", "region": "turkistan"})


def commands(folder: Path) -> dict[str, tuple[list[str], Callable[[int], str | None]]]:
    """name → (arguments after `jumys`, standard input for run N)."""
    return {
        "check": (["check", "--on", "2026-03-02"], lambda _: PROFILE),
        "stats": (["stats", "--lang", "ru", "--on", "2026-03-02"], lambda _: None),
        "export": (
            ["export", "--format", "csv", "--output", str(folder / "out.csv"), "--overwrite"],
            lambda _: None,
        ),
        "staff list": (["staff", "list"], lambda _: None),
        "backup": (["backup", "--overwrite", str(folder / "copy.sqlite3")], lambda _: None),
        "migrate": (["migrate"], lambda _: None),
    }


def run(arguments: list[str], stdin: str | None, env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"jumys {' '.join(arguments)} failed: {done.stderr[-500:]}")
    return took


def imports_aiogram(
    arguments: list[str], stdin: str | None, env: dict[str, str], cwd: Path
) -> bool:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "bot", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
    )
    return any(line.rstrip().endswith(" aiogram") for line in done.stderr.splitlines())


def main(runs: int) -> None:
    print(machine())
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
        env["JUMYS_DB"] = str(folder / "jumys.sqlite3")
        run(["migrate"], None, env, folder)
        for title, (arguments, stdin) in commands(folder).items():
            run(arguments, stdin(0), env, folder)  # warm-up: bytecode, page cache
            times = [run(arguments, stdin(n), env, folder) for n in range(runs)]
            median = statistics.median(times)
            aiogram = imports_aiogram(arguments, stdin(0), env, folder)
            verdict = "met" if median <= GOAL_SECONDS and not aiogram else "MISSED"
            print(
                f"jumys {title:<10} median {median * 1000:5.0f} ms, slowest "
                f"{max(times) * 1000:5.0f} ms, aiogram imported: {'yes' if aiogram else 'no'}"
                f" (goal <= {GOAL_SECONDS * 1000:.0f} ms, no aiogram: {verdict})"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    main(parser.parse_args().runs)
