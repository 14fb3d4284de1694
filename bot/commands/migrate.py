"""`jumys migrate [--db PATH]`: create the database or bring its schema up to date."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bot.commands.paths import add_database_option, database_path
from bot.storage.database import Database
from bot.storage.migrations import SchemaTooNewError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_database_option(parser)


async def _migrate(path: Path) -> list[str]:
    db = await Database.open(path)
    await db.close()
    return db.applied_migrations


def run(args: argparse.Namespace) -> int:
    path = database_path(args)
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
