"""The staff desk in a real browser: the desk served on a free port by a thread of its own (its
own event loop and a temporary database), and Debian's Chromium, headless, driven by Selenium
through Debian's chromedriver. Tests are plain functions: the browser blocks, the desk's loop
runs on.

`RunningDesk.call(work)` runs `async def work(db)` on the desk's loop (to add staff, set a
password, read what a page changed). `open_chromium(profile)` is a fresh browser with nothing
of the network or the machine's profile.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import web
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait

from bot.desk.app import build_desk_app
from bot.settings import Settings
from bot.storage.database import Database

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# An office PC's screen; `resize` for a phone's.
OFFICE_SCREEN = (1366, 768)
PAGE_SECONDS = 30  # a page after a form: argon2 and a busy machine
T = TypeVar("T")


class RunningDesk:
    """`with RunningDesk(path, settings) as desk:` the desk at `desk.url` until the block ends."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._db: Database | None = None
        self._runner: web.AppRunner | None = None

    def __enter__(self) -> RunningDesk:
        self._thread.start()
        self._submit(self._start()).result(timeout=30)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._submit(self._stop()).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    def _submit(self, work: Awaitable[T]) -> Future[T]:
        async def wrapped() -> T:
            return await work

        return asyncio.run_coroutine_threadsafe(wrapped(), self._loop)

    async def _start(self) -> None:
        self._db = await Database.open(self.path)
        self._runner = web.AppRunner(build_desk_app(self._db, self.settings), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def _stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._db is not None:
            await self._db.close()

    def call(self, work: Callable[[Database], Awaitable[T]]) -> T:
        """`work(db)` on the desk's own loop; its result."""
        assert self._db is not None
        return self._submit(work(self._db)).result(timeout=30)


def open_chromium(profile: Path) -> WebDriver:
    """Headless Chromium with a fresh profile in `profile`, at an office screen's size."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={OFFICE_SCREEN[0]},{OFFICE_SCREEN[1]}",
    ):
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))


class DeskBrowser:
    """A browser on the desk: open pages, fill and send forms as a member would."""

    def __init__(self, driver: WebDriver, url: str) -> None:
        self.driver = driver
        self.url = url  # the desk's address: http://127.0.0.1:PORT

    def open(self, path: str) -> None:
        self.driver.get(self.url + path)

    @property
    def path(self) -> str:
        return str(self.driver.current_url).removeprefix(self.url) or "/"

    def fill(self, fields: dict[str, str]) -> None:
        for name, value in fields.items():
            box = self.driver.find_element(By.NAME, name)
            box.clear()
            box.send_keys(value)

    def press(self, css: str = "main button[type=submit]") -> None:
        """Press the button and wait for the page it leads to (a form always leads to one):
        a new document (its time origin differs), loaded to the end."""
        before = self._document()
        self.driver.find_element(By.CSS_SELECTOR, css).click()
        # While the browser navigates, it may answer anything, "no such node" included.
        WebDriverWait(self.driver, PAGE_SECONDS, ignored_exceptions=(WebDriverException,)).until(
            lambda driver: self._document() not in (None, before)
        )

    def _document(self) -> float | None:
        """The loaded document's time origin (None while it loads)."""
        origin = self.driver.execute_script(
            "return document.readyState === 'complete' ? performance.timeOrigin : null"
        )
        return None if origin is None else float(origin)

    def text(self, css: str = "main") -> str:
        return str(self.driver.find_element(By.CSS_SELECTOR, css).text)

    def sign_in(self, login: str, password: str) -> None:
        self.open("/signin")
        self.fill({"login": login, "password": password})
        self.press()

    def change_password(self, current: str, new: str) -> None:
        self.fill({"current": current, "new": new, "repeat": new})
        self.press()

    def cookies(self) -> list[dict[str, Any]]:
        return list(self.driver.get_cookies())
