"""Headers on every response of the desk: no framing, no inline scripts or styles, no sniffing,
no referrer; pages are never stored by a browser or a proxy (they show personal data), the
style sheet may be. A page that fails is answered 500 with a short text (and these headers);
the log names the path, never the form."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.i18n import _

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none';"
        " object-src 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
STATIC_PREFIX = "/static/"


def _add(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
    if not request.path.startswith(STATIC_PREFIX):
        response.headers["Cache-Control"] = "no-store"


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        _add(request, error)
        raise
    except Exception:
        log.exception("desk page %s %s failed", request.method, request.path)
        response = web.Response(
            status=500,
            text=_("Something went wrong on the desk. Open the page again in a minute."),
        )
    _add(request, response)
    return response
