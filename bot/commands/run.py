"""`jumys run`: the bot on Telegram with long polling, or `--webhook`, and the staff desk beside
it on JUMYS_DESK_HOST:JUMYS_DESK_PORT (or the console when no token is set: no desk then)."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import stat
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
            print(
                "Webhook mode needs JUMYS_BOT_TOKEN (the token from @BotFather).", file=sys.stderr
            )
            return 2
        if not _someone_can_type():
            # Under systemd or Docker the console would read nothing and end "successfully":
            # the service would be down with nothing to say why.
            print(
                "JUMYS_BOT_TOKEN is not set: the bot cannot reach Telegram (see README,"
                " Deploying). `jumys console` chats with it in a terminal.",
                file=sys.stderr,
            )
            return 1
        print(
            "No JUMYS_BOT_TOKEN is set, so the bot starts in offline console mode "
            "(`jumys console`).\n"
            "Токен не задан — запускаю бота в консоли.\n"
            "Токен көрсетілмеген — бот консольде іске қосылады.\n"
        )
        from bot.telegram.console import chat_in_terminal

        return asyncio.run(chat_in_terminal(settings.db, None))
    if args.webhook and (not settings.webhook_url or settings.webhook_secret is None):
        print(
            "Webhook mode needs JUMYS_WEBHOOK_URL and JUMYS_WEBHOOK_SECRET (see README).",
            file=sys.stderr,
        )
        return 2
    if args.webhook and not str(settings.webhook_url).lower().startswith("https://"):
        # Telegram refuses any other address, and would say so only after start, again and again.
        print("JUMYS_WEBHOOK_URL: an https:// address (Telegram's rule)", file=sys.stderr)
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

    from bot.api_errors import TokenRefused
    from bot.desk.server import DeskUnavailable, desk_served
    from bot.logs import configure_logging
    from bot.telegram.service import run_service
    from bot.telegram.single_run import AlreadyRunning, only_run

    configure_logging(settings.log_level)
    try:
        with only_run(settings.db):
            asyncio.run(run_service(settings, webhook=args.webhook, beside=[desk_served]))
    except (TokenRefused, AlreadyRunning, DeskUnavailable) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _someone_can_type() -> bool:
    """stdin is a terminal, or a pipe or file a script types into: not /dev/null, not closed."""
    if sys.stdin is None or sys.stdin.closed:
        return False
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError):
        return False
    return sys.stdin.isatty() or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def _stop_while_starting(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)
