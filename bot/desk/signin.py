"""Signing in and out, and the language switch.

A sign-in checks the password (on a thread: argon2 takes its time) and, when it is right,
replaces the browser's session with a new one. Failures in a row slow the next attempts down
(after `SLOW_AFTER`, each waits twice as long as the one before, up to `LONGEST_WAIT`) and lock
the account at `LOCK_AFTER`; a locked account stays locked until an admin (or `jumys staff
passwd`) sets a new password. A wrong login and a wrong password get the same answer.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from aiohttp import web

from bot.desk.access import CHANGE_PASSWORD, require_staff
from bot.desk.keys import DB, SETTINGS, session_of
from bot.desk.pages import go, local_path, render
from bot.desk.passwords import verify_nobody, verify_password
from bot.desk.sessions import begin_session, chosen_language, end_session, ensure_session
from bot.storage.desk_accounts import Account
from bot.storage.staff import member_from

SLOW_AFTER = 3
LOCK_AFTER = 10
LONGEST_WAIT = timedelta(minutes=1)


def wait_left(account: Account, now: datetime) -> timedelta:
    """How long until this account may try again (zero: now)."""
    if account.failures < SLOW_AFTER or account.last_failure_at is None:
        return timedelta(0)
    wait = min(timedelta(seconds=2 ** (account.failures - SLOW_AFTER)), LONGEST_WAIT)
    return max(timedelta(0), account.last_failure_at + wait - now)


async def sign_in_page(request: web.Request) -> web.StreamResponse:
    session = await ensure_session(request)
    if session.user_id is not None:
        raise go("/")
    back = local_path(request.query.get("next"))
    return render(request, "signin.html", {"login": "", "problem": None, "next": back})


async def sign_in(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    login = str(form.get("login", "")).strip()
    password = str(form.get("password", ""))
    back = local_path(form.get("next"))
    db = request.app[DB]
    session = session_of(request)
    assert session is not None  # the CSRF check let the form through

    def again(problem: str, status: int, **values: object) -> web.Response:
        return render(
            request,
            "signin.html",
            {"login": login, "problem": problem, "next": back, **values},
            status=status,
        )

    account = await db.desk_accounts.by_login(login) if login else None
    staff = (
        member_from(
            await db.staff.get(account.user_id), account.user_id, request.app[SETTINGS].admins
        )
        if account is not None
        else None
    )
    if account is None or staff is None:
        await asyncio.to_thread(verify_nobody, password)
        return again("wrong", 401)
    if account.locked:
        return again("locked", 403)
    wait = wait_left(account, db.connector.now())
    if wait > timedelta(0):
        return again("wait", 429, seconds=max(1, round(wait.total_seconds())))
    if not await asyncio.to_thread(verify_password, account.password_hash, password):
        account = await db.desk_accounts.record_failure(account.user_id, lock_after=LOCK_AFTER)
        return again("locked" if account.locked else "wrong", 403 if account.locked else 401)
    record = await db.staff.get(account.user_id)
    language = (record.language if record is not None else None) or session.language
    token, new = await db.desk_sessions.sign_in(session.token_hash, account.user_id, language)
    begin_session(request, token, new)
    raise go(CHANGE_PASSWORD if account.must_change else back)


async def sign_out(request: web.Request) -> web.StreamResponse:
    session = session_of(request)
    if session is not None:
        await request.app[DB].desk_sessions.sign_out(session)
    end_session(request)
    raise go("/signin")


async def switch_language(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    session = session_of(request)
    language = chosen_language(form.get("language"))
    if session is not None and language is not None:
        await request.app[DB].desk_sessions.set_language(session, language)
    raise go(local_path(form.get("next")))


async def home(request: web.Request) -> web.StreamResponse:
    """The first page after sign-in: the team for admins, the queue of what they serve for
    everyone else."""
    member = await require_staff(request)
    raise go("/team" if member.is_admin else "/queue")


def routes() -> list[web.RouteDef]:
    return [
        web.get("/", home),
        web.get("/signin", sign_in_page),
        web.post("/signin", sign_in),
        web.post("/signout", sign_out),
        web.post("/language", switch_language),
    ]
