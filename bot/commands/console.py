"""`jumys console`: chat with the bot in this terminal (no token, no network)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from bot.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=["kk", "ru"], help="your Telegram language (else asked)")
    parser.add_argument("--db", type=Path, help="database file (default: JUMYS_DB)")


def run(args: argparse.Namespace) -> int:
    from bot.console import chat_in_terminal

    logging.basicConfig(level=logging.WARNING)
    db_path = args.db or Settings().db
    return asyncio.run(chat_in_terminal(db_path, args.lang))
