"""Who is signed in and what they may see, decided on the server for every page.

`await require_staff(request)` is the signed-in member (a `DeskMember`: a `StaffMember` with
`serves(region)`, `scope` and `actor` for the audit trail, plus the login), or the browser is
sent to sign in (or to change a password the admin set). `admin=True` refuses anyone else
with 403.
`await require_region(request, member, region, action=...)` refuses (403) a member who does
not serve `region`. Each refusal is recorded as a refused attempt (no personal data).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web

from bot.desk.keys import DB, MEMBER, SETTINGS, session_of
from bot.desk.pages import go, refused
from bot.storage.staff import StaffMember, member_from

SIGN_IN = "/signin"
CHANGE_PASSWORD = "/password"


@dataclass(frozen=True, slots=True)
class DeskMember(StaffMember):
    """The member, their name as the staff table has it now (what the audit trail keeps with
    what they do: `actor`), and their desk account."""

    login: str = ""
    must_change: bool = False  # the password was set by someone else: changed before all else

    @property
    def shown_name(self) -> str:
        return self.name or str(self.user_id)


async def require_staff(
    request: web.Request, *, admin: bool = False, changing_password: bool = False
) -> DeskMember:
    """The signed-in member; otherwise a redirect to the sign-in page (raised). A member who
    must change their password is sent to do so (unless `changing_password`: that page)."""
    session = session_of(request)
    if session is None or session.user_id is None:
        raise go(sign_in_for(request))
    db = request.app[DB]
    user_id = session.user_id
    account = await db.desk_accounts.get(user_id)
    record = await db.staff.get(user_id)
    staff = member_from(record, user_id, request.app[SETTINGS].admins)
    if account is None or staff is None:
        # No longer on the staff (or no longer an admin): the session is worth nothing.
        raise go(sign_in_for(request))
    member = DeskMember(
        staff.user_id,
        staff.is_admin,
        staff.role,
        staff.regions,
        staff.name,
        login=account.login,
        must_change=account.must_change,
    )
    request[MEMBER] = member
    if member.must_change and not changing_password:
        raise go(CHANGE_PASSWORD)
    if admin and not member.is_admin:
        raise await refusal(request, member, "desk:admin")
    return member


def sign_in_for(request: web.Request) -> str:
    """The sign-in page, which returns to the page asked for (a link from Telegram to an
    application) once signed in: its path only, never a query, which may hold a search."""
    if request.method != "GET" or request.path == "/":
        return SIGN_IN
    return f"{SIGN_IN}?{urlencode({'next': request.path})}"


async def require_region(
    request: web.Request,
    member: StaffMember,
    region: str | None,
    *,
    action: str,
    application_id: int | None = None,
) -> None:
    """Nothing when `member` serves `region`; otherwise a 403 (raised), recorded."""
    if not member.serves(region):
        raise await refusal(request, member, action, application_id)


async def refusal(
    request: web.Request,
    member: StaffMember,
    action: str,
    application_id: int | None = None,
) -> web.HTTPForbidden:
    """The 403 page to raise, with the attempt recorded (who, which action, which application)."""
    await request.app[DB].staff.record_refusal(member.user_id, action, application_id)
    page = refused(request)
    return web.HTTPForbidden(text=page.text, content_type="text/html")
