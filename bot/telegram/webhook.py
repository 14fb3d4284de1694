"""Webhook mode: an aiohttp server that takes Telegram's updates and answers /healthz.

Telegram sends every update with the secret given in setWebhook in the
`X-Telegram-Bot-Api-Secret-Token` header; it is compared in constant time, and a wrong or missing
one is answered 401 before the body is read. A request that passes is
kept in the inbox and answered 200 at once (a body that does not arrive within the webhook
timeout is answered 408); the update is handled in the background
(`bot.telegram.intake`). If the inbox cannot store it, the answer is 500 and Telegram sends it
again later.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit

from aiohttp import web

from bot.settings import WEBHOOK_SECRET, WEBHOOK_SECRET_RULE
from bot.storage.database import Database
from bot.telegram.health import check_health
from bot.telegram.intake import Intake, UnreadableUpdate

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def webhook_path(url: str) -> str:
    """The path part of the public webhook URL: where the server listens for updates."""
    return urlsplit(url).path or "/"


def check_secret(secret: str) -> str:
    if not WEBHOOK_SECRET.fullmatch(secret):
        raise ValueError(WEBHOOK_SECRET_RULE)
    return secret


SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class InboxRequestHandler:
    """The webhook's one route: the secret checked, the update kept in the inbox, then 200."""

    def __init__(self, intake: Intake, secret_token: str, *, body_seconds: float) -> None:
        self.intake = intake
        self.secret = check_secret(secret_token).encode()
        self.body_seconds = body_seconds

    def verify_secret(self, header: str) -> bool:
        # The secret is ASCII by Telegram's rule: a header that is not is simply not the secret.
        return header.isascii() and hmac.compare_digest(header.encode(), self.secret)

    async def handle(self, request: web.Request) -> web.Response:
        if not self.verify_secret(request.headers.get(SECRET_HEADER, "")):
            return web.Response(status=401, text="Unauthorized")
        await self.intake.room()
        try:
            # A body promised and never sent must not hold the connection for good.
            async with asyncio.timeout(self.body_seconds):
                raw = await request.read()
        except TimeoutError:
            response = web.Response(status=408, text="the body did not arrive in time")
            response.force_close()
            return response
        try:
            payload = raw.decode()
        except UnicodeDecodeError:
            log.warning("webhook body refused: not UTF-8")
            return web.Response(status=400, text="not a Telegram update")
        try:
            await self.intake.accept_json(payload)
        except UnreadableUpdate as error:
            log.warning("webhook body refused: %s", error)
            return web.Response(status=400, text="not a Telegram update")
        return web.json_response({})


def build_web_app(
    intake: Intake,
    db: Database,
    *,
    path: str,
    secret: str,
    body_seconds: float = 15.0,
    webhook_set: Callable[[], bool] = lambda: True,
) -> web.Application:
    app = web.Application()
    app.router.add_post(path, InboxRequestHandler(intake, secret, body_seconds=body_seconds).handle)

    async def healthz(request: web.Request) -> web.Response:
        health = replace(await check_health(db), webhook_set=webhook_set())
        return web.json_response(health.as_json(), status=200 if health.ok else 503)

    app.router.add_get(HEALTH_PATH, healthz)
    return app
