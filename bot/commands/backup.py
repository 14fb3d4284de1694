"""`jumys backup PATH [--db PATH]`: a consistent copy of the database, safe while the bot runs."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.commands.paths import add_database_option, existing_database
from bot.storage.backup import BackupError, backup_database


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="where to write the copy")
    add_database_option(parser)
    parser.add_argument("--overwrite", action="store_true", help="replace PATH if it exists")


def run(args: argparse.Namespace) -> int:
    source = existing_database(args)
    target: Path = args.path
    try:
        asyncio.run(backup_database(source, target, overwrite=args.overwrite))
    except BackupError as error:
        print(f"Backup failed: {error}", file=sys.stderr)
        return 1
    print(f"Copied {source} to {target} ({target.stat().st_size} bytes)")
    return 0
