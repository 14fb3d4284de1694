"""`jumys backup PATH [--db PATH]`: a consistent copy of the database, safe while the bot runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.settings import Settings
from bot.storage.backup import BackupError, backup_database


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="where to write the copy")
    parser.add_argument(
        "--db", type=Path, default=None, help="database file (default: JUMYS_DB or settings)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace PATH if it exists")


def run(args: argparse.Namespace) -> int:
    source: Path = args.db if args.db is not None else Settings().db
    target: Path = args.path
    try:
        backup_database(source, target, overwrite=args.overwrite)
    except BackupError as error:
        print(f"Backup failed: {error}")
        return 1
    print(f"Copied {source} to {target} ({target.stat().st_size} bytes)")
    return 0
