from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from storage.conftest import TestClock
from support.desk import ASEL, BOLAT, DANA, SUPERVISOR, Desk

from bot.storage.staff import StaffRole


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
async def desk(tmp_path: Path, clock: TestClock) -> AsyncIterator[Desk]:
    opened = await Desk.open(tmp_path / "jumys.sqlite3", clock)
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
    yield opened
    await opened.close()


@pytest.fixture
async def group_desk(tmp_path: Path, clock: TestClock) -> AsyncIterator[Desk]:
    """The same career centre, working in one staff group chat."""
    from support.desk import STAFF_CHAT

    opened = await Desk.open(
        tmp_path / "jumys.sqlite3", clock, staff_chat=STAFF_CHAT, staff_chat_language="ru"
    )
    await opened.db.staff.add(ASEL, StaffRole.REVIEWER, ["turkistan"], name="Асель")
    await opened.db.staff.add(BOLAT, StaffRole.REVIEWER, ["turkistan"], name="Болат")
    yield opened
    await opened.close()
