"""Rendering a desk page: the template with what every page shows (the CSRF token for its forms,
the language and its switch, the signed-in member), and the refusal page."""

from __future__ import annotations

from collections.abc import Mapping

import aiohttp_jinja2
from aiohttp import web

from bot.desk.keys import MEMBER, session_of
from bot.i18n import LANGUAGES, current_locale

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский"}


def render(
    request: web.Request,
    template: str,
    context: Mapping[str, object] | None = None,
    *,
    status: int = 200,
) -> web.Response:
    session = session_of(request)
    page: dict[str, object] = {
        "csrf": session.csrf if session is not None else None,
        "language": current_locale(),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "member": request.get(MEMBER),
        "here": request.path,
    }
    page.update(context or {})
    return aiohttp_jinja2.render_template(template, request, page, status=status)


def refused(request: web.Request, *, stale_form: bool = False) -> web.Response:
    """403: not for this member (another role or region), or a form without its token."""
    return render(request, "refused.html", {"stale_form": stale_form}, status=403)


def go(location: str) -> web.HTTPSeeOther:
    """After a form: the browser asks for `location` (a GET), so a reload sends nothing again."""
    return web.HTTPSeeOther(location)


def local_path(value: object, default: str = "/") -> str:
    """A path on this desk to return to; anything else (another site, //host) is `default`."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        return value if "\\" not in value else default
    return default
