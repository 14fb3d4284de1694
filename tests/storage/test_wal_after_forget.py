"""After /forget (and so after retention, which forgets the same way) no IIN, phone, name or
staff note is left in the database's files, the write-ahead log included; the log is emptied."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiogram.fsm.storage.base import StorageKey

from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.wal import truncate_wal
from bot.telegram.dispatcher import build_dispatcher

CITIZEN = 5151
IIN = "870510300012"
PHONE = "+77012345678"
NAME = "Гүлнараbek"
NOTE = "позвонить после обеда, спросить справку"
WORDS = [IIN.encode(), PHONE.encode(), NAME.encode(), NOTE.encode()]


def left_in(db: Path) -> list[bytes]:
    """The personal words still found in the database file or its write-ahead log."""
    found = []
    for file in (db, db.with_name(db.name + "-wal")):
        if file.exists():
            content = file.read_bytes()
            found += [word for word in WORDS if word in content]
    return found


async def _citizen_with_everything(db: Database) -> None:
    """An application with an IIN, a phone, a name in the comment and a reviewer's note."""
    application, _ = await db.applications.submit(
        CITIZEN, "kumis_jas", "almaty_city", {"iin": IIN}, {}, PHONE, f"Я {NAME}", "ru"
    )
    await db.staff.add_note(application.id, 900_000_001, NOTE)


async def test_forget_leaves_nothing_personal_in_the_write_ahead_log(tmp_path: Path) -> None:
    path = tmp_path / "jumys.sqlite3"
    async with await Database.open(path) as db:
        dp = build_dispatcher(db, Settings(_env_file=None, db=path))
        key = StorageKey(bot_id=1, chat_id=CITIZEN, user_id=CITIZEN)
        await dp.storage.set_data(key, {"profile": {"iin": IIN}, "apply": {"phone": PHONE}})
        await _citizen_with_everything(db)
        assert left_in(path), "the test wrote nothing personal"
        await db.users.forget(CITIZEN)
        for _ in range(100):  # the log is emptied soon after, off the event loop
            if not left_in(path):
                break
            await asyncio.sleep(0.05)
        assert left_in(path) == []
        wal = path.with_name(path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0


def test_emptying_the_log_of_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    assert truncate_wal(tmp_path / "none.sqlite3") is False
    assert list(tmp_path.iterdir()) == []
