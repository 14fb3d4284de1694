"""CSRF tokens: every form carries its session's token in the field `csrf`; a POST without it,
with another, or with no session is refused (403) before any handler runs, so it changes
nothing. The token is per session and a new one comes with the new session at sign-in."""

from __future__ import annotations

import hmac

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.desk.keys import session_of
from bot.desk.pages import refused

FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method in SAFE_METHODS:
        return await handler(request)
    session = session_of(request)
    sent = (await request.post()).get(FIELD)
    if (
        session is None
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent.encode(), session.csrf.encode())
    ):
        return refused(request, stale_form=True)
    return await handler(request)
