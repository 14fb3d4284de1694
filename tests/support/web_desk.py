"""The web desk for tests: the real aiohttp application (`bot.desk.app`) on a temporary SQLite
file with a clock that moves only when told, served by aiohttp's TestServer; each `Visitor` is
one browser (its own cookies) that opens pages and sends forms with the page's CSRF token.

The team: an admin (in JUMYS_ADMINS, not on the staff table), two reviewers of Turkistan and one
of Abai, a supervisor. Nobody has a desk password until a test gives one (`give_password`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer
from storage.conftest import TestClock
from yarl import URL

from bot.desk.app import build_desk_app
from bot.desk.passwords import hash_password
from bot.desk.sessions import COOKIE
from bot.settings import Settings
from bot.storage.audit import OPERATOR
from bot.storage.database import Database
from bot.storage.staff import StaffRole

ADMIN = 7001
ASEL, BOLAT, DANA, SUPERVISOR = 7101, 7102, 7103, 7104
NAMES = {ASEL: "Асель", BOLAT: "Болат", DANA: "Дана", SUPERVISOR: "Гульнара"}
REGIONS = {ASEL: ["turkistan"], BOLAT: ["turkistan"], DANA: ["abai"]}
TEMPORARY = "temporary-pass-1"  # what an admin sets
OWN = "my-own-password-2"  # what the member chooses then

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def add_team(db: Database) -> None:
    """The reviewers and the supervisor (the admin is JUMYS_ADMINS), reading Russian."""
    for user_id, name in NAMES.items():
        role = StaffRole.SUPERVISOR if user_id == SUPERVISOR else StaffRole.REVIEWER
        await db.staff.add(user_id, role, REGIONS.get(user_id, []), name=name, language="ru")


async def give_password(
    db: Database, user_id: int, password: str = TEMPORARY, login: str | None = None
) -> None:
    """As `jumys staff passwd` does: to be changed at the next sign-in."""
    await db.desk_accounts.set_password(user_id, hash_password(password), by=OPERATOR, login=login)


@dataclass(frozen=True, slots=True)
class Page:
    status: int
    text: str
    location: str | None  # where a redirect sends the browser

    @property
    def csrf(self) -> str:
        found = _CSRF.search(self.text)
        if found is None:
            raise AssertionError(f"no form with a CSRF token on this page ({self.status})")
        return found.group(1)


class Visitor:
    """One browser: its own cookies, no redirects followed unless asked."""

    def __init__(self, base: URL) -> None:
        self.base = base
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.last: Page | None = None

    async def _page(self, response: aiohttp.ClientResponse) -> Page:
        page = Page(response.status, await response.text(), response.headers.get("Location"))
        self.last = page
        return page

    async def get(self, path: str, *, follow: bool = True) -> Page:
        async with self.session.get(self.base.join(URL(path)), allow_redirects=follow) as got:
            return await self._page(got)

    async def response(self, path: str) -> aiohttp.ClientResponse:
        """The raw response (its headers), body read."""
        async with self.session.get(self.base.join(URL(path)), allow_redirects=False) as got:
            await got.read()
            return got

    async def post(
        self,
        path: str,
        fields: Mapping[str, str | list[str]],
        *,
        csrf: str | None = None,
        follow: bool = False,
        headers: Mapping[str, str] | None = None,
    ) -> Page:
        """Send a form; `csrf` is added as the form's `csrf` field when given."""
        data = aiohttp.FormData()
        for name, value in fields.items():
            for one in [value] if isinstance(value, str) else value:
                data.add_field(name, one)
        if csrf is not None:
            data.add_field("csrf", csrf)
        async with self.session.post(
            self.base.join(URL(path)), data=data, allow_redirects=follow, headers=headers
        ) as got:
            return await self._page(got)

    async def submit(
        self,
        page_path: str,
        action: str,
        fields: Mapping[str, str | list[str]],
        *,
        follow: bool = False,
    ) -> Page:
        """Open `page_path` and send its form to `action`, with the page's CSRF token."""
        page = await self.get(page_path)
        return await self.post(action, fields, csrf=page.csrf, follow=follow)

    async def sign_in(self, login: str, password: str) -> Page:
        return await self.submit("/signin", "/signin", {"login": login, "password": password})

    def cookie(self) -> str | None:
        for cookie in self.session.cookie_jar:
            if cookie.key == COOKIE:
                return cookie.value
        return None

    def set_cookie(self, value: str) -> None:
        self.session.cookie_jar.clear()
        self.session.cookie_jar.update_cookies({COOKIE: value}, self.base)

    async def close(self) -> None:
        await self.session.close()


class WebDesk:
    """`async with await WebDesk.open(path, clock) as desk:` the desk served, its team added."""

    def __init__(self, db: Database, settings: Settings, server: TestServer) -> None:
        self.db = db
        self.settings = settings
        self.server = server
        self.visitors: list[Visitor] = []

    @classmethod
    async def open(cls, path: Path, clock: TestClock, **settings: Any) -> WebDesk:
        db = await Database.open(path, clock=clock)
        values: dict[str, Any] = {"db": path, "admins": frozenset({ADMIN}), **settings}
        chosen = Settings(_env_file=None, **values)
        await add_team(db)
        server = TestServer(build_desk_app(db, chosen))
        await server.start_server()
        return cls(db, chosen, server)

    async def __aenter__(self) -> WebDesk:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.close()

    def visitor(self) -> Visitor:
        visitor = Visitor(self.server.make_url("/"))
        self.visitors.append(visitor)
        return visitor

    async def give_password(
        self, user_id: int, password: str = TEMPORARY, login: str | None = None
    ) -> None:
        """As `jumys staff passwd` does: to be changed at the next sign-in."""
        await give_password(self.db, user_id, password, login)

    async def signed_in(self, user_id: int) -> Visitor:
        """A browser where `user_id` has signed in and chosen their own password (`OWN`)."""
        await self.give_password(user_id)
        visitor = self.visitor()
        await visitor.sign_in(str(user_id), TEMPORARY)
        changed = await visitor.submit(
            "/password", "/password", {"current": TEMPORARY, "new": OWN, "repeat": OWN}
        )
        assert changed.status == 303, changed.text
        return visitor

    async def close(self) -> None:
        for visitor in self.visitors:
            await visitor.close()
        await self.server.close()
        await self.db.close()
