"""The `jumys` command line: each subcommand lives in its own module under `bot.commands`."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import cast

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
}


def _command_module(name: str) -> ModuleType | None:
    module_name = f"bot.commands.{name}"
    if importlib.util.find_spec(module_name) is None:
        return None
    return importlib.import_module(module_name)


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = argparse.ArgumentParser(prog="jumys", description="Jumys Bot")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules: dict[str, ModuleType] = {}
    for name, help_text in COMMANDS.items():
        module = _command_module(name)
        if module is None:
            continue
        modules[name] = module
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub)
    return parser, modules


def main(argv: Sequence[str] | None = None) -> int:
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    run = cast(Callable[[argparse.Namespace], int], modules[args.command].run)
    return run(args)
