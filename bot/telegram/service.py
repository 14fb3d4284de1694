"""`jumys run` as a service: start, take updates (polling or webhook), stop gracefully.

Start: open the database (migrations), build the bot with its limits and the dispatcher, hand
over what the inbox kept from the previous run, start the background workers (the outbox's
delivery, inbox pruning, the daily retention); the command menus (`handlers.set_menus`) are set
alongside, not before the first update.
Run: long polling, or the aiohttp webhook server with /healthz. A Bot API down at the start does
not leave the bot deaf: removing the webhook (polling) and setting it (webhook) are tried again
with the polling backoff until they work.
Stop (SIGTERM or SIGINT, or `stop` set by a caller): take no new updates (polling stops asking;
the web server closes its socket), let the updates in hand finish for up to
`settings.shutdown_seconds` (what does not finish stays in the inbox for the next start), stop the
workers, close the Bot API session and the database. The outbox needs nothing special: every
change and its message were committed together, and a message being sent is either marked sent
or still due.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.utils.backoff import Backoff

import handlers
from bot.api_errors import failure, refuse_wrong_token
from bot.outbox.deadlines import deadlines_of
from bot.outbox.delivery import run_notifier
from bot.outbox.relay import routing_from, unserved_regions
from bot.settings import Settings
from bot.storage.database import Database
from bot.telegram.daily_deadlines import keep_deadlines
from bot.telegram.daily_retention import erase_expired_daily
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.flood_limit import FLOOD_RATE
from bot.telegram.heartbeat import BEAT_SECONDS, Heartbeat, heartbeat_path
from bot.telegram.intake import Intake
from bot.telegram.polling import PollTimes, poll
from bot.telegram.rates import Rate
from bot.telegram.reply_retries import REPLY_RETRY_DELAYS

log = logging.getLogger(__name__)

# A worker runs next to the update handling from start to stop; it must return soon after
# `stop` is set.
Worker = Callable[[Bot, Database, asyncio.Event], Coroutine[Any, Any, None]]
WORKER_STOP_SECONDS = 10.0
PRUNE_EVERY = timedelta(hours=1)


async def prune_inbox(bot: Bot, db: Database, stop: asyncio.Event) -> None:
    """Forget the ids of updates handled more than a day ago, once an hour."""
    while not stop.is_set():
        try:
            await db.inbox.prune()
        except Exception:
            log.exception("pruning the inbox failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=PRUNE_EVERY.total_seconds())


def background_workers(settings: Settings) -> list[Worker]:
    """What runs next to the bot: the outbox notifier (messages to citizens and staff), the
    inbox pruning, the daily erasing of personal data past keeping, and the deadlines
    (reminders, unanswered questions given back, the daily digest of overdue work)."""
    routing = routing_from(settings)

    async def notify(bot: Bot, db: Database, stop: asyncio.Event) -> None:
        await run_notifier(bot, db, routing, stop)

    # The admins hear of applications no reviewer takes: never erased as idle citizens.
    erase = partial(erase_expired_daily, keep=settings.admins)
    deadlines = partial(keep_deadlines, deadlines=deadlines_of(settings))
    return [notify, prune_inbox, erase, deadlines]


class MenusNotSet(Exception):
    """A command menu failed in a way that may pass: tried again, not before `retry_after`."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"a command menu is not set yet (again in {retry_after:g} s or later)")
        self.retry_after = retry_after


class Service:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        bot: Bot,
        dp: Dispatcher,
        workers: Sequence[Worker],
    ) -> None:
        self.settings = settings
        self.db = db
        self.bot = bot
        self.dp = dp
        self.intake = Intake(dp, bot, db)
        self.workers = list(workers)
        self.started = asyncio.Event()  # set once updates are being taken
        self.web_port: int | None = None  # the port the webhook server listens on
        self.webhook_set = False
        self.heartbeat = Heartbeat(heartbeat_path(settings.db))
        self.poll_times = PollTimes()

    @classmethod
    async def open(
        cls,
        settings: Settings,
        *,
        session: BaseSession | None = None,
        flood_rate: Rate = FLOOD_RATE,
        clock: Callable[[], date] = date.today,
        workers: Sequence[Worker] | None = None,
        retry_delays: tuple[float, ...] = REPLY_RETRY_DELAYS,
    ) -> Service:
        db = await Database.from_settings(settings)
        try:
            bot = build_bot(settings, session, retry_delays=retry_delays)
            dp = build_dispatcher(db, settings, flood_rate=flood_rate, clock=clock)
        except BaseException:
            await db.close()
            raise
        chosen = background_workers(settings) if workers is None else workers
        service = cls(settings, db, bot, dp, chosen)
        return service

    async def run(self, stop: asyncio.Event, *, webhook: bool = False) -> None:
        """Until `stop` is set; then the graceful stop described above."""
        # The menus wait for Telegram once per language and per staff chat: sent next to the
        # updates instead of before them, they do not hold back the first one.
        menus = asyncio.create_task(self._register_menus(stop))
        tasks = [asyncio.create_task(work(self.bot, self.db, stop)) for work in self.workers]
        try:
            await self._warn_about_unserved_regions()
            await self.intake.resume()
            if webhook:
                await self._serve_webhook(stop)
            else:
                await self._poll(stop)
        finally:
            stop.set()
            left = await self.intake.drain(self.settings.shutdown_seconds)
            log.info("stopped taking updates; %s left for the next start", left)
            if tasks:
                _, late = await asyncio.wait(tasks, timeout=WORKER_STOP_SECONDS)
                for task in late:
                    task.cancel()
            menus.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await menus
            # A stopped bot is not healthy for the next two minutes (`jumys health`).
            self.heartbeat.stop()

    async def _warn_about_unserved_regions(self) -> None:
        unserved = await unserved_regions(self.db, routing_from(self.settings))
        if unserved:
            log.warning(
                "new applications from %s region(s) reach nobody: no reviewer serves them and "
                "neither JUMYS_STAFF_CHAT nor JUMYS_ADMINS is set (%s)",
                len(unserved),
                ", ".join(unserved),
            )
        lost = [member.user_id for member in await self.db.staff.members() if not member.reachable]
        if lost:
            log.warning(
                "%s staff member(s) cannot be reached in Telegram (never pressed Start, or blocked"
                " the bot); their regions' cards go to colleagues or the admins: %s",
                len(lost),
                ", ".join(str(user_id) for user_id in lost),
            )
        if self.settings.staff_telegram == "notify" and self.settings.desk_url is None:
            log.warning(
                "JUMYS_DESK_URL is not set: staff notices of new applications cannot link the desk"
            )

    async def _register_menus(self, stop: asyncio.Event) -> None:
        """Until every menu is set (or refused for good): a network down at start must not
        leave citizens without the menu until the next restart."""

        languages_set: set[str] = set()
        staff_chats_set: set[int] = set()

        async def every_menu() -> None:
            wait = await handlers.set_menus(
                self.bot, self.db, self.settings, languages_set, staff_chats_set
            )
            if wait is not None:
                raise MenusNotSet(wait)

        await self._keep_trying("set the command menus", every_menu, stop)

    async def _keep_trying(
        self, what: str, call: Callable[[], Awaitable[object]], stop: asyncio.Event
    ) -> bool:
        """`call` until it succeeds (True) or `stop` is set (False), with the polling backoff:
        a Bot API that is down when the bot starts must not leave it deaf until a restart."""
        delays = Backoff(self.poll_times.backoff)
        while not stop.is_set():
            try:
                await call()
                return True
            except Exception as error:
                refuse_wrong_token(error)
                # Telegram's flood wait (a 429, or the menus' own) is waited out in full.
                wait = max(next(delays), float(getattr(error, "retry_after", 0) or 0))
                log.warning("could not %s (%s); again in %.1f s", what, failure(error), wait)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)
        return False

    async def _poll(self, stop: asyncio.Event) -> None:
        # getUpdates is refused (409) while a webhook is set, after a switch from webhook mode.
        removed = await self._keep_trying(
            "remove the webhook", lambda: self.bot.delete_webhook(drop_pending_updates=False), stop
        )
        if not removed:
            return
        self.started.set()
        log.info("long polling started")
        await poll(
            self.bot,
            self.intake,
            stop,
            allowed_updates=self.dp.resolve_used_update_types(),
            times=self.poll_times,
            on_contact=self.heartbeat.beat,
        )

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        # Imported here: polling, the usual mode, needs no web server.
        from aiohttp import web

        from bot.telegram.web_server import AcceptErrors, CappedSite
        from bot.telegram.webhook import build_web_app, webhook_path

        settings = self.settings
        if not settings.webhook_url or settings.webhook_secret is None:
            raise ValueError("webhook mode needs JUMYS_WEBHOOK_URL and JUMYS_WEBHOOK_SECRET")
        secret = settings.webhook_secret.get_secret_value()
        app = build_web_app(
            self.intake,
            self.db,
            path=webhook_path(settings.webhook_url),
            secret=secret,
            body_seconds=settings.webhook_timeout_seconds,
            webhook_set=lambda: self.webhook_set,
        )
        # keepalive_timeout also runs from a connection's start: a silent connection, or one
        # stuck in its headers, is closed after it as an idle one is (bot.telegram.web_server).
        runner = web.AppRunner(
            app,
            handle_signals=False,
            access_log=None,
            keepalive_timeout=settings.webhook_timeout_seconds,
            # After an answer given before the body came (401, 408): how long to read the rest.
            lingering_time=settings.webhook_timeout_seconds,
            shutdown_timeout=settings.shutdown_seconds,
        )
        await runner.setup()
        loop = asyncio.get_running_loop()
        previous_handler = loop.get_exception_handler()
        loop.set_exception_handler(AcceptErrors())
        site = CappedSite(
            runner, settings.webhook_host, settings.webhook_port, settings.webhook_max_connections
        )
        try:
            self.web_port = await site.start()
            url = settings.webhook_url

            async def register() -> None:
                await self.bot.set_webhook(
                    url,
                    secret_token=secret,
                    allowed_updates=self.dp.resolve_used_update_types(),
                    drop_pending_updates=False,
                )
                self.webhook_set = True

            try:
                await register()
                registering = None
            except Exception as error:
                refuse_wrong_token(error)
                # Telegram keeps the webhook it had (updates still come if that one is right);
                # tried again in the background until it works.
                log.error("could not set the webhook (%s)", failure(error))
                registering = asyncio.create_task(
                    self._keep_trying("set the webhook", register, stop)
                )
            self.started.set()
            log.info("webhook server listening on port %s", self.web_port)
            await self._beat_while_set(stop, registering)
            if registering is not None:
                await registering
        finally:
            # Closes the listening socket first, then waits for requests being answered.
            await site.stop()
            await runner.cleanup()
            loop.set_exception_handler(previous_handler)

    async def _beat_while_set(
        self, stop: asyncio.Event, registering: asyncio.Task[bool] | None
    ) -> None:
        """Until `stop`: the heartbeat, once Telegram has the webhook (`bot.telegram.heartbeat`). A
        background registration that ends in an error (TokenRefused) ends the service."""
        while not stop.is_set():
            if registering is not None and registering.done():
                registering.result()
                registering = None
            if self.webhook_set:
                self.heartbeat.beat()
            stopped = asyncio.create_task(stop.wait())
            watched: set[asyncio.Future[Any]] = {stopped}
            if registering is not None:
                watched.add(registering)
            await asyncio.wait(watched, timeout=BEAT_SECONDS, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()

    async def close(self) -> None:
        await self.bot.session.close()
        await self.db.close()


# Something served beside the bot on the same database and event loop (the staff desk), from
# the service's start to its stop.
Beside = Callable[[Database, Settings], contextlib.AbstractAsyncContextManager[object]]


async def run_service(settings: Settings, *, webhook: bool, beside: Sequence[Beside] = ()) -> None:
    """The `jumys run` entry: SIGTERM and SIGINT stop the service gracefully. What `beside`
    gives starts before updates are taken and stops after the last is handled."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    service = await Service.open(settings)
    try:
        async with contextlib.AsyncExitStack() as companions:
            for serve in beside:
                await companions.enter_async_context(serve(service.db, settings))
            await service.run(stop, webhook=webhook)
    finally:
        await service.close()
