"""The database a command works on: `--db`, else JUMYS_DB (from the environment or .env)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.settings import Settings


class CommandError(Exception):
    """A command refused in plain words: printed as it is, exit status 2 (`bot.cli`)."""


def add_database_option(parser: argparse.ArgumentParser, *, after_action: bool = False) -> None:
    """`--db PATH`. On an action's parser (`after_action`) it may also follow the action's
    arguments: `jumys staff add 5 --role reviewer --db PATH` as well as `jumys staff --db PATH
    add 5 ...` (the value given there is kept unless repeated after the action)."""
    parser.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS if after_action else None,
        help="database file (default: JUMYS_DB)",
    )


def database_path(args: argparse.Namespace) -> Path:
    chosen: Path | None = getattr(args, "db", None)
    return chosen if chosen is not None else Settings().db


def existing_database(args: argparse.Namespace) -> Path:
    """The database of a report or a staff change, which must be there already: a relative
    JUMYS_DB in another folder, or a mistyped path, would otherwise make a new, empty one and
    quietly report nothing, or add a reviewer to a database no bot reads."""
    path = database_path(args)
    if not path.is_file():
        raise CommandError(
            f"No database at {path.resolve()}.\n"
            "Set JUMYS_DB (or --db) to the bot's database, or run this command in the folder the"
            " bot runs in (its .env and a relative JUMYS_DB are read from the current folder)."
            " `jumys migrate` creates a new database."
        )
    return path
