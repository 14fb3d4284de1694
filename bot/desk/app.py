"""The desk's aiohttp application: its routes, templates (autoescaped, translated through the
bot's gettext catalogues) and middlewares, outermost first: the security headers, the session
(and the request's language), the CSRF check."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from bot.desk import (
    application,
    decisions,
    outcomes,
    password,
    queue,
    reports,
    signin,
    team,
)
from bot.desk.csrf import csrf_middleware
from bot.desk.headers import STATIC_PREFIX, security_headers
from bot.desk.keys import DB, EXPIRY, SETTINGS
from bot.desk.sessions import session_middleware
from bot.i18n import _, ngettext
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.desk_sessions import Expiry
from bot.words.records import local_time

HERE = Path(__file__).parent
# Forms are a few fields: nothing a desk page sends comes near this.
LARGEST_REQUEST = 64 * 1024


def expiry_from(settings: Settings) -> Expiry:
    return Expiry(
        idle=timedelta(minutes=settings.desk_idle_minutes),
        lifetime=timedelta(hours=settings.desk_session_hours),
    )


def build_desk_app(db: Database, settings: Settings) -> web.Application:
    app = web.Application(
        middlewares=[security_headers, session_middleware, csrf_middleware],
        client_max_size=LARGEST_REQUEST,
    )
    app[DB] = db
    app[SETTINGS] = settings
    app[EXPIRY] = expiry_from(settings)
    environment = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_, ngettext=ngettext, newstyle=False
    )
    environment.filters["local_time"] = local_time
    app.add_routes(
        [
            *signin.routes(),
            *password.routes(),
            *team.routes(),
            *queue.routes(),
            *application.routes(),
            *decisions.routes(),
            *outcomes.routes(),
            *reports.routes(),
        ]
    )
    app.router.add_static(STATIC_PREFIX, HERE / "static")
    return app
