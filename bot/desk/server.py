"""The desk served beside the bot: `async with desk_served(db, settings) as port:` listens on
JUMYS_DESK_HOST:JUMYS_DESK_PORT (the port the system chose when it is 0) until the block ends."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from bot.desk.app import build_desk_app
from bot.settings import Settings
from bot.storage.database import Database

log = logging.getLogger(__name__)


class DeskUnavailable(Exception):
    """The desk's address cannot be listened on (taken by another program, or not this
    machine's): said in one line, with the settings to change."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(
            f"The staff desk cannot listen on {host}:{port} ({reason}); set JUMYS_DESK_HOST"
            " and JUMYS_DESK_PORT (see README, Settings)."
        )


@asynccontextmanager
async def desk_served(db: Database, settings: Settings) -> AsyncIterator[int]:
    # No access log: it would name every page a member opened, with their address.
    runner = web.AppRunner(
        build_desk_app(db, settings),
        handle_signals=False,
        access_log=None,
        shutdown_timeout=settings.shutdown_seconds,
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.desk_host, settings.desk_port)
        try:
            await site.start()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise DeskUnavailable(settings.desk_host, settings.desk_port, reason) from None
        port = int(runner.addresses[0][1])
        log.info("staff desk listening on %s:%s", settings.desk_host, port)
        yield port
    finally:
        await runner.cleanup()
