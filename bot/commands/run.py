"""`jumys run`: the bot on Telegram with long polling, or `--webhook` (or the console when no
token is set)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import signal
import sys
from types import FrameType

from bot.settings import WEBHOOK_SECRET, WEBHOOK_SECRET_RULE, Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="serve Telegram's webhook (JUMYS_WEBHOOK_URL, JUMYS_WEBHOOK_SECRET) and /healthz "
        "on JUMYS_WEBHOOK_HOST:JUMYS_WEBHOOK_PORT instead of long polling",
    )


def run(args: argparse.Namespace) -> int:
    settings = Settings()
    if settings.bot_token is None:
        if args.webhook:
            print("Webhook mode needs JUMYS_BOT_TOKEN (the token from @BotFather).")
            return 2
        print(
            "No JUMYS_BOT_TOKEN is set, so the bot starts in offline console mode "
            "(`jumys console`).\n"
            "Токен не задан — запускаю бота в консоли.\n"
            "Токен көрсетілмеген — бот консольде іске қосылады.\n"
        )
        from bot.console import chat_in_terminal

        return asyncio.run(chat_in_terminal(settings.db, None))
    if args.webhook and (not settings.webhook_url or settings.webhook_secret is None):
        print("Webhook mode needs JUMYS_WEBHOOK_URL and JUMYS_WEBHOOK_SECRET (see README).")
        return 2
    secret = settings.webhook_secret
    if (
        args.webhook
        and secret is not None
        and not WEBHOOK_SECRET.fullmatch(secret.get_secret_value())
    ):
        print(WEBHOOK_SECRET_RULE, file=sys.stderr)
        return 2

    # Until the service takes over SIGTERM (graceful stop), a stop during start-up just ends
    # the process: nothing is in hand yet. (Python's default would kill it with status -15.)
    signal.signal(signal.SIGTERM, _stop_while_starting)
    # Importing aiogram makes ~600 classes and ~200,000 objects that live as long as the process;
    # the collector would walk them again and again while they are made (~0.1 s of the start).
    # `settle_after_start` collects once and switches it back on.
    gc.disable()

    from bot.logs import configure_logging
    from bot.retry import TokenRefused
    from bot.service import run_service

    configure_logging(settings.log_level)
    try:
        asyncio.run(run_service(settings, webhook=args.webhook))
    except TokenRefused as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _stop_while_starting(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
