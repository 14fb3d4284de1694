"""The team, for admins: who is on the staff, their role and regions, their desk account (never
signed in, locked, last sign-in) and whether the bot can reach them in Telegram; a temporary
password set for a member; a member added, or their role and regions changed, or removed once
the admin has ticked that they understand what follows."""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass

from aiohttp import web

from bot.commands.arguments import display_name, telegram_id
from bot.desk.access import require_staff
from bot.desk.keys import DB, SETTINGS
from bot.desk.pages import go, render
from bot.desk.password import problem_text
from bot.desk.passwords import hash_password, password_problem
from bot.desk.staff_history import entry_text
from bot.i18n import _, current_locale
from bot.storage.desk_accounts import Account, LoginTaken
from bot.storage.staff import StaffRecord, StaffRole
from bot.words.names import region_name, regions_in_order


@dataclass(frozen=True, slots=True)
class Row:
    """One person of the team page."""

    user_id: int
    name: str | None
    is_admin: bool
    record: StaffRecord | None  # None: an admin who is not on the staff table
    account: Account | None

    @property
    def region_names(self) -> list[str]:
        regions = self.record.regions if self.record is not None else frozenset()
        return [region_name(slug) for slug in sorted(regions)]


async def _rows(request: web.Request) -> list[Row]:
    db = request.app[DB]
    admins = request.app[SETTINGS].admins
    records = {record.user_id: record for record in await db.staff.members()}
    accounts = await db.desk_accounts.every()
    people = sorted(set(records) | set(admins))
    return [
        Row(
            user_id=user_id,
            name=records[user_id].name if user_id in records else None,
            is_admin=user_id in admins,
            record=records.get(user_id),
            account=accounts.get(user_id),
        )
        for user_id in people
    ]


def _regions() -> list[tuple[str, str]]:
    return [
        (region.slug, region_name(region.slug)) for region in regions_in_order(current_locale())
    ]


async def team_page(request: web.Request) -> web.StreamResponse:
    await require_staff(request, admin=True)
    return render(request, "team.html", _team_context(await _rows(request)))


def _team_context(rows: list[Row], **more: object) -> dict[str, object]:
    return {"rows": rows, "regions": _regions(), "roles": list(StaffRole), "problem": None, **more}


async def _row(request: web.Request) -> Row:
    user_id = request.match_info["user_id"]
    if not user_id.isdecimal():
        raise web.HTTPNotFound()
    found = [row for row in await _rows(request) if row.user_id == int(user_id)]
    if not found:
        raise web.HTTPNotFound()
    return found[0]


async def member_page(request: web.Request) -> web.StreamResponse:
    await require_staff(request, admin=True)
    return await _member(request, await _row(request))


async def _member(
    request: web.Request, row: Row, *, problem: str | None = None, status: int = 200
) -> web.Response:
    events = list(reversed(await request.app[DB].audit.entries(50, subject_id=row.user_id)))
    return render(
        request,
        "member.html",
        {
            "row": row,
            "events": events,
            "regions": _regions(),
            "roles": list(StaffRole),
            "problem": problem,
            "entry_text": entry_text,
        },
        status=status,
    )


async def set_password(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request, admin=True)
    row = await _row(request)
    form = await request.post()
    password = str(form.get("password", ""))
    login = str(form.get("login", "")).strip() or None
    wanted = login or (row.account.login if row.account else str(row.user_id))
    problem = password_problem(password, wanted)
    if problem is not None:
        return await _member(request, row, problem=problem_text(problem), status=400)
    try:
        await request.app[DB].desk_accounts.set_password(
            row.user_id,
            await asyncio.to_thread(hash_password, password),
            by=member.actor,
            login=login,
        )
    except LoginTaken:
        return await _member(
            request, row, problem=_("Another member already signs in with this login."), status=409
        )
    raise go(f"/team/{row.user_id}")


def _role_and_regions(form: object, known: set[str]) -> tuple[StaffRole, list[str]] | str:
    """The role and regions a form asks for, or what is wrong with them."""
    assert hasattr(form, "get") and hasattr(form, "getall")
    try:
        role = StaffRole(str(form.get("role", "")))
    except ValueError:
        return _("Choose a role.")
    regions = sorted({str(value) for value in form.getall("region", [])})
    if set(regions) - known:
        return _("This button is out of date. Please choose again.")
    if role is StaffRole.REVIEWER and not regions:
        return _("A reviewer needs at least one region.")
    return role, regions if role is StaffRole.REVIEWER else []


async def change_member(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request, admin=True)
    row = await _row(request)
    if row.record is None:
        raise web.HTTPNotFound()
    chosen = _role_and_regions(await request.post(), {slug for slug, _name in _regions()})
    if isinstance(chosen, str):
        return await _member(request, row, problem=chosen, status=400)
    role, regions = chosen
    await request.app[DB].staff.add(row.user_id, role, regions, by=member.actor)
    raise go(f"/team/{row.user_id}")


async def remove_member(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request, admin=True)
    row = await _row(request)
    if row.record is None:
        raise web.HTTPNotFound()
    if (await request.post()).get("understood") != "yes":
        problem = _("Tick the box to confirm, then press Remove again.")
        return await _member(request, row, problem=problem, status=400)
    await request.app[DB].staff.remove(row.user_id, by=member.actor)
    raise go("/team")


async def add_member(request: web.Request) -> web.StreamResponse:
    member = await require_staff(request, admin=True)
    form = await request.post()
    problem: str | None = None
    try:
        user_id = telegram_id(str(form.get("user_id", "")).strip())
        name = display_name(str(form.get("name", "")))
    except argparse.ArgumentTypeError:
        problem = _(
            "Give the member's Telegram id (a number; @userinfobot tells it) and their name."
        )
    chosen = _role_and_regions(form, {slug for slug, _name in _regions()})
    if problem is None and isinstance(chosen, str):
        problem = chosen
    if problem is not None or isinstance(chosen, str):
        page = _team_context(await _rows(request), problem=problem)
        return render(request, "team.html", page, status=400)
    if user_id in {row.user_id for row in await _rows(request) if row.record is not None}:
        page = _team_context(
            await _rows(request), problem=_("This person is on the staff already.")
        )
        return render(request, "team.html", page, status=409)
    role, regions = chosen
    await request.app[DB].staff.add(user_id, role, regions, by=member.actor, name=name)
    raise go(f"/team/{user_id}")


def routes() -> list[web.RouteDef]:
    return [
        web.get("/team", team_page),
        web.post("/team/add", add_member),
        web.get("/team/{user_id}", member_page),
        web.post("/team/{user_id}/password", set_password),
        web.post("/team/{user_id}/role", change_member),
        web.post("/team/{user_id}/remove", remove_member),
    ]
