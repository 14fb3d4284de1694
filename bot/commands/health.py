"""`jumys health`: exit 0 if the bot is in touch with Telegram and its database answers.

For Docker's HEALTHCHECK and monitoring: prints one JSON line, as /healthz does.
"""

from __future__ import annotations

import argparse
import json
import sqlite3

from bot.commands.paths import add_database_option, existing_database
from bot.telegram.heartbeat import STALE_SECONDS, heartbeat_path, seconds_since_beat


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_database_option(parser)
    parser.add_argument(
        "--stale",
        type=float,
        default=STALE_SECONDS,
        help=f"seconds without contact with Telegram that count as unhealthy ({STALE_SECONDS:g})",
    )


def _database_answers(path: str) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=3)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


def run(args: argparse.Namespace) -> int:
    database = existing_database(args)
    since = seconds_since_beat(heartbeat_path(database))
    answers = _database_answers(str(database))
    in_touch = since is not None and since <= args.stale
    report = {
        "ok": answers and in_touch,
        "database": "ok" if answers else "unreachable",
        "telegram_seconds_ago": None if since is None else round(since),
    }
    print(json.dumps(report))
    return 0 if report["ok"] else 1
