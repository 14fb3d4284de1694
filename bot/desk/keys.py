"""What the desk's application and requests carry, under typed keys."""

from __future__ import annotations

from aiohttp import web

from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.desk_sessions import DeskSession, Expiry

DB = web.AppKey("db", Database)
SETTINGS = web.AppKey("settings", Settings)
EXPIRY = web.AppKey("expiry", Expiry)

# Request keys: the session found for the request's cookie (None: none yet, or expired), the
# token of a session made while handling it (its cookie is set on the response), and whether
# the cookie must be cleared (signed out).
SESSION: web.RequestKey[DeskSession | None] = web.RequestKey("desk_session")
NEW_TOKEN = web.RequestKey("desk_new_token", str)
CLEAR_COOKIE = web.RequestKey("desk_clear_cookie", bool)
# The signed-in member, once a page has checked who it is for (a bot.desk.access.DeskMember).
MEMBER = web.RequestKey("desk_member", object)


def session_of(request: web.Request) -> DeskSession | None:
    return request.get(SESSION)
