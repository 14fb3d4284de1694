from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from storage.conftest import TestClock
from support.desk import ASEL, BOLAT, DANA, DESK_URL, SUPERVISOR, Desk

from bot.storage.staff import StaffRole


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


async def _staffed(opened: Desk) -> Desk:
    await opened.db.staff.add(ASEL, StaffRole.REVIEWER, ["turkistan"], name="Асель")
    await opened.db.staff.add(BOLAT, StaffRole.REVIEWER, ["turkistan", "almaty_city"], name="Болат")
    await opened.db.staff.add(DANA, StaffRole.REVIEWER, ["abai"], name="Дана")
    await opened.db.staff.add(SUPERVISOR, StaffRole.SUPERVISOR, name="Гульнара")
    # The language each of them last used with the bot (the staff filter keeps it).
    for user_id, name, language in (
        (ASEL, "Асель", "ru"),
        (BOLAT, "Болат", "kk"),
        (DANA, "Дана", "ru"),
        (SUPERVISOR, "Гульнара", "ru"),
    ):
        await opened.db.staff.remember(user_id, name, language)
    return opened


@pytest.fixture
async def desk(tmp_path: Path, clock: TestClock) -> AsyncIterator[Desk]:
    """A career centre that reviews in Telegram (JUMYS_STAFF_TELEGRAM=review)."""
    opened = await _staffed(
        await Desk.open(tmp_path / "jumys.sqlite3", clock, staff_telegram="review")
    )
    yield opened
    await opened.close()


@pytest.fixture
async def notify_desk(tmp_path: Path, clock: TestClock) -> AsyncIterator[Desk]:
    """The same centre as it is by default: Telegram only tells staff to open the desk."""
    opened = await _staffed(await Desk.open(tmp_path / "jumys.sqlite3", clock, desk_url=DESK_URL))
    yield opened
    await opened.close()


@pytest.fixture
async def group_desk(tmp_path: Path, clock: TestClock) -> AsyncIterator[Desk]:
    """The same career centre, working in one staff group chat."""
    from support.desk import STAFF_CHAT

    opened = await Desk.open(
        tmp_path / "jumys.sqlite3",
        clock,
        staff_chat=STAFF_CHAT,
        staff_chat_language="ru",
        staff_telegram="review",
    )
    await opened.db.staff.add(ASEL, StaffRole.REVIEWER, ["turkistan"], name="Асель")
    await opened.db.staff.add(BOLAT, StaffRole.REVIEWER, ["turkistan"], name="Болат")
    yield opened
    await opened.close()


@pytest.fixture(params=["desk", "notify_desk"], ids=["review", "notify"])
def centre(request: pytest.FixtureRequest) -> Desk:
    """The same centre either way it uses staff Telegram, for what must hold in both."""
    desk: Desk = request.getfixturevalue(request.param)
    return desk
