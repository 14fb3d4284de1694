"""The desk's tests: a `WebDesk` (the real application on a temporary database, aiohttp's test
server and client) per test; for a real browser, `running_desk` (the desk on a free port),
`browser` (headless Chromium on it) and `admin_browser` (the admin signed in)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from storage.conftest import TestClock
from support.browser import DeskBrowser, RunningDesk, open_chromium
from support.web_desk import ADMIN, OWN, TEMPORARY, WebDesk, add_team, give_password

from bot.settings import Settings


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
async def desk(tmp_path: Path, clock: TestClock) -> AsyncIterator[WebDesk]:
    async with await WebDesk.open(tmp_path / "jumys.sqlite3", clock) as opened:
        yield opened


# -- in a real browser (Chromium through Selenium) ------------------------------------------------


@pytest.fixture
def running_desk(tmp_path: Path) -> Iterator[RunningDesk]:
    """The desk served on a free port, on a temporary database with the test team."""
    settings = Settings(_env_file=None, db=tmp_path / "jumys.sqlite3", admins=frozenset({ADMIN}))
    with RunningDesk(tmp_path / "jumys.sqlite3", settings) as desk:
        desk.call(add_team)
        yield desk


@pytest.fixture
def browser(running_desk: RunningDesk, tmp_path: Path) -> Iterator[DeskBrowser]:
    """A fresh headless Chromium on the running desk, nobody signed in."""
    driver = open_chromium(tmp_path / "chromium-profile")
    try:
        yield DeskBrowser(driver, running_desk.url)
    finally:
        driver.quit()


@pytest.fixture
def admin_browser(running_desk: RunningDesk, browser: DeskBrowser) -> DeskBrowser:
    """The browser with the admin signed in (their own password chosen), on the team page."""
    running_desk.call(lambda db: give_password(db, ADMIN))
    browser.sign_in(str(ADMIN), TEMPORARY)
    browser.change_password(TEMPORARY, OWN)
    assert browser.path == "/team"
    return browser
