"""`jumys retention [--dry-run] [--db PATH]`: erase the citizens whose data is past keeping
(bot/storage/retention.py), as `jumys run` does by itself once a day. Prints counts only."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bot.commands.paths import CommandError, add_database_option, existing_database
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.retention import Expired
from bot.storage.wal import truncate_wal
from bot.telegram.heartbeat import STALE_SECONDS, heartbeat_path, seconds_since_beat


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_database_option(parser)
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="only count who would be erased; change nothing",
    )


def _citizens(count: int) -> str:
    return f"{count} citizen" if count == 1 else f"{count} citizens"


def describe(expired: Expired, *, dry_run: bool) -> str:
    verb = "Would erase" if dry_run else "Erased"
    line = (
        f"{verb} {_citizens(expired.total)}: {expired.decided} whose last application was"
        f" decided over a year ago, {expired.idle} who never applied and were idle for a year."
    )
    return f"{line} Nothing was changed." if dry_run else line


def _refuse_while_the_bot_runs(path: Path) -> None:
    """The running bot holds what each update it is handling changes in a conversation and
    commits it when the update is done (bot/storage/fsm.py): erased here, under its feet, their
    answers could come back. It erases by itself once a day anyway."""
    since = seconds_since_beat(heartbeat_path(path))
    if since is not None and since <= STALE_SECONDS:
        raise CommandError(
            f"The bot is running on {path} (in touch with Telegram {since:.0f} s ago) and erases"
            " by itself once a day. Stop it to erase now, or use --dry-run to count."
        )


async def _run(path: Path, dry_run: bool) -> Expired:
    admins = Settings().admins  # in no table: named here so that they are never erased
    async with await Database.open(path) as db:
        if dry_run:
            return await db.retention.expired(keep=admins)
        erased = await db.retention.erase_expired(keep=admins)
    # Closed: no connection of ours keeps the log busy.
    if erased.total:
        truncate_wal(path)
    return erased


def run(args: argparse.Namespace) -> int:
    path = existing_database(args)
    if not args.dry_run:
        _refuse_while_the_bot_runs(path)
    print(describe(asyncio.run(_run(path, args.dry_run)), dry_run=args.dry_run))
    return 0
