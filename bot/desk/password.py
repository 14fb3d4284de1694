"""A member changes their own password: at the first sign-in (the one an admin or `jumys staff
passwd` set must go), or whenever they like. The member's other sessions end."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.desk.access import require_staff
from bot.desk.keys import DB, session_of
from bot.desk.pages import go, render
from bot.desk.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    PasswordProblem,
    hash_password,
    password_problem,
    verify_password,
)
from bot.i18n import _


def problem_text(problem: PasswordProblem) -> str:
    if problem is PasswordProblem.TOO_SHORT:
        return _("The password is too short: at least {count} characters.").format(count=MIN_LENGTH)
    if problem is PasswordProblem.TOO_LONG:
        return _("The password is too long: at most {count} characters.").format(count=MAX_LENGTH)
    return _("The password must not be the same as the login.")


async def password_page(request: web.Request) -> web.StreamResponse:
    await require_staff(request, changing_password=True)
    return render(request, "password.html", {"problem": None})


async def change_password(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request, changing_password=True)
    form = await request.post()
    current = str(form.get("current", ""))
    new = str(form.get("new", ""))
    db = request.app[DB]
    account = await db.desk_accounts.get(member.user_id)
    assert account is not None  # require_staff found it
    problem: str | None = None
    if not await asyncio.to_thread(verify_password, account.password_hash, current):
        problem = _("The current password is not right.")
    elif new != str(form.get("repeat", "")):
        problem = _("The two new passwords differ. Type the same one twice.")
    elif new == current:
        problem = _("The new password must differ from the current one.")
    elif (found := password_problem(new, account.login)) is not None:
        problem = problem_text(found)
    if problem is not None:
        return render(request, "password.html", {"problem": problem}, status=400)
    session = session_of(request)
    await db.desk_accounts.set_password(
        member.user_id,
        await asyncio.to_thread(hash_password, new),
        by=member.actor,
        keep_session=session.token_hash if session is not None else None,
    )
    raise go("/")


def routes() -> list[web.RouteDef]:
    return [web.get("/password", password_page), web.post("/password", change_password)]
