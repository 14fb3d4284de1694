"""The session cookie: read on every request, set when a session begins, cleared at sign-out.

The cookie holds only a random token (`bot.storage.desk_sessions` keeps the session). It is
HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it) and Secure when
the desk is reached over HTTPS: directly, through a proxy that says so (X-Forwarded-Proto), or
whenever JUMYS_DESK_URL is an https:// address. Each request's texts are in its session's
language (Kazakh until one is chosen).
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.desk.keys import CLEAR_COOKIE, DB, EXPIRY, NEW_TOKEN, SESSION, SETTINGS, session_of
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, use_locale
from bot.storage.desk_sessions import DeskSession

COOKIE = "jumys_desk"


def over_https(request: web.Request) -> bool:
    desk_url = request.app[SETTINGS].desk_url or ""
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https" or desk_url.lower().startswith("https://")


def language_of(request: web.Request) -> str:
    session = session_of(request)
    return session.language if session is not None else DEFAULT_LANGUAGE


async def ensure_session(request: web.Request) -> DeskSession:
    """The request's session; a new anonymous one (its cookie set on the response) if none."""
    session = session_of(request)
    if session is None:
        token, session = await request.app[DB].desk_sessions.open(
            DEFAULT_LANGUAGE, request.app[EXPIRY]
        )
        begin_session(request, token, session)
    return session


def begin_session(request: web.Request, token: str, session: DeskSession) -> None:
    """`session` is the request's from now on; its cookie goes out with the response."""
    request[SESSION] = session
    request[NEW_TOKEN] = token


def end_session(request: web.Request) -> None:
    request[SESSION] = None
    request[CLEAR_COOKIE] = True


def _write_cookie(request: web.Request, response: web.StreamResponse) -> None:
    token = request.get(NEW_TOKEN)
    if isinstance(token, str):
        response.set_cookie(
            COOKIE,
            token,
            path="/",
            httponly=True,
            samesite="Strict",
            secure=over_https(request),
        )
    elif request.get(CLEAR_COOKIE):
        response.del_cookie(COOKIE, path="/", samesite="Strict", secure=over_https(request))


@web.middleware
async def session_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    token = request.cookies.get(COOKIE)
    request[SESSION] = (
        await request.app[DB].desk_sessions.find(token, request.app[EXPIRY]) if token else None
    )
    if token and request[SESSION] is None:
        # An expired or unknown token: the browser forgets it.
        request[CLEAR_COOKIE] = True
    try:
        with use_locale(language_of(request)):
            response = await handler(request)
    except web.HTTPException as error:
        _write_cookie(request, error)
        raise
    _write_cookie(request, response)
    return response


def chosen_language(value: object) -> str | None:
    return value if isinstance(value, str) and value in LANGUAGES else None
