"""The `jumys` command line: each subcommand lives in its own module under `bot.commands`."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import cast

from pydantic import ValidationError

from bot.commands.paths import CommandError
from bot.settings import (
    Settings,
    env_file_problem,
    settings_problems,
    unknown_settings,
    unknown_settings_problems,
)
from bot.storage.connection import DatabaseUnavailable
from bot.storage.migrations import SchemaTooNewError

PRIVATE_FILES = 0o077  # umask: rw for the owner only

# Order is the order shown in `jumys --help`.
COMMANDS: dict[str, str] = {
    "run": "Run the bot on Telegram (long polling, or --webhook)",
    "console": "Chat with the bot in this terminal: no Telegram, no token",
    "check": "Read a profile as JSON, print the programme verdicts as JSON",
    "migrate": "Create or upgrade the database",
    "backup": "Make a consistent copy of the database while the bot runs",
    "staff": "Add, remove or list reviewers",
    "stats": "Applications by programme, region and status",
    "plan": "Set or list the yearly plan by programme and region",
    "export": "Export applications as XLSX or CSV",
    "retention": "Erase personal data kept for over a year (the consent text)",
    "health": "Exit 0 if the running bot is in touch with Telegram (Docker's HEALTHCHECK)",
}


def _command_exists(name: str) -> bool:
    return importlib.util.find_spec(f"bot.commands.{name}") is not None


def build_parser(
    chosen: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """Every command is listed; only `chosen` (every one when None) is imported to add its
    arguments. A command's module may import much (`run` and `console` import aiogram): `jumys
    migrate`, which the Docker image runs before each `jumys run`, needs none of it."""
    parser = argparse.ArgumentParser(prog="jumys", description="Jumys Bot")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: dict[str, ModuleType] = {}
    for name, help_text in COMMANDS.items():
        if not _command_exists(name):
            continue
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        if chosen is None or name == chosen:
            module = importlib.import_module(f"bot.commands.{name}")
            modules[name] = module
            module.add_arguments(sub)
    return parser, modules


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The command named on the command line (the first word that is not an option), if any."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    parser, modules = build_parser(_chosen_command(words))
    args = parser.parse_args(words)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    run = cast(Callable[[argparse.Namespace], int], modules[args.command].run)
    problem = env_file_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    unknown = unknown_settings()
    if unknown:
        problems = unknown_settings_problems(unknown)
        if args.command == "run":
            # The service would start without the setting meant (no admins, another database).
            print(f"{problems}\n(see README, Settings)", file=sys.stderr)
            return 2
        print(problems.replace("\n", "; ignored\n") + "; ignored", file=sys.stderr)
    # The files commands make (the database, its backups, exports) hold citizens' personal
    # data: only their owner may read them, whatever the shell's umask.
    umask = os.umask(PRIVATE_FILES)
    # What an operator can put right gets a plain sentence, not a traceback.
    try:
        return run(args)
    except CommandError as error:
        print(error, file=sys.stderr)
        return 2
    except ValidationError as error:
        if error.title != Settings.__name__:
            raise
        print(f"{settings_problems(error)}\n(see README, Settings)", file=sys.stderr)
        return 2
    except SchemaTooNewError as error:
        print(f"{error}. Update Jumys Bot first.", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `jumys check | head`: the reader has gone, which is no error of ours (Python's docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except DatabaseUnavailable as error:
        print(f"{error}\nCheck JUMYS_DB (or --db) and the file's owner.", file=sys.stderr)
        return 1
    finally:
        os.umask(umask)
