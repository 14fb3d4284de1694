"""`jumys stats [--lang kk|ru] [--on DATE]`: the same report as /stats, in the terminal."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date
from pathlib import Path

from bot.commands.arguments import report_date
from bot.commands.paths import add_database_option, existing_database
from bot.i18n import LANGUAGES, use_locale
from bot.reports import statistics as report
from bot.storage.database import Database
from bot.words import records as words


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_database_option(parser)
    parser.add_argument("--lang", choices=LANGUAGES, default="ru", help="language of the report")
    parser.add_argument(
        "--on",
        type=report_date,
        default=None,
        help="report date YYYY-MM-DD (default: today)",
    )


async def _run(path: Path, language: str, on: date | None) -> int:
    async with await Database.open(path) as db:
        today = on or words.local_date(db.connector.now())
        gathered = await report.gather(db, today)
    with use_locale(language):
        print(report.render(gathered))
    return 0


def run(args: argparse.Namespace) -> int:
    path = existing_database(args)
    return asyncio.run(_run(path, args.lang, args.on))
