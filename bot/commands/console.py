"""`jumys console`: chat with the bot in this terminal (no token, no network)."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bot.commands.paths import add_database_option, database_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["kk", "ru"], help="your Telegram language (else asked)")
    add_database_option(parser)


def run(args: argparse.Namespace) -> int:
    from bot.telegram.console import chat_in_terminal

    logging.basicConfig(level=logging.WARNING)
    db_path = database_path(args)
    return asyncio.run(chat_in_terminal(db_path, args.lang))
