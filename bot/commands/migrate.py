"""`jumys migrate [--db PATH]`: create the database or bring its schema up to date."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.migrations import SchemaTooNewError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=None, help="database file (default: JUMYS_DB or settings)"
    )


async def _migrate(path: Path) -> list[str]:
    db = await Database.open(path)
    await db.close()
    return db.applied_migrations


def run(args: argparse.Namespace) -> int:
    path: Path = args.db if args.db is not None else Settings().db
    try:
        applied = asyncio.run(_migrate(path))
    except SchemaTooNewError as error:
        print(f"Cannot migrate {path}: {error}. Update Jumys Bot first.")
        return 1
    if applied:
        print(f"{path}: applied {', '.join(applied)}")
    else:
        print(f"{path}: already up to date")
    return 0
