"""`jumys run`: the bot on Telegram with long polling (or the console when no token is set)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.settings import Settings

log = logging.getLogger("bot.run")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--webhook", action="store_true", help="webhook mode (not built yet)")


async def poll(settings: Settings) -> None:
    from bot.app import build_bot, build_dispatcher, register_commands
    from bot.storage.database import Database

    db = await Database.open(settings.db)
    bot = build_bot(settings)
    dp = build_dispatcher(db, settings)
    try:
        await register_commands(bot)
        await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types())
    finally:
        await bot.session.close()
        await db.close()


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = Settings()
    if args.webhook:
        print(
            "Webhook mode is not built yet (issue 6). Run `jumys run` without --webhook.",
            file=sys.stderr,
        )
        return 2
    if settings.bot_token is None:
        print(
            "No JUMYS_BOT_TOKEN is set, so the bot starts in offline console mode "
            "(`jumys console`).\n"
            "Токен не задан — запускаю бота в консоли.\n"
            "Токен көрсетілмеген — бот консольде іске қосылады.\n"
        )
        from bot.console import chat_in_terminal

        return asyncio.run(chat_in_terminal(settings.db, None))
    asyncio.run(poll(settings))
    return 0
