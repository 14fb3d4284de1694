"""An update of a type this aiogram does not know (a newer Bot API): one warning in the JSON log
naming its fields, and nothing of what it says on stderr (an IIN, a phone)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IIN = "870510300012"
PHONE = "+77012345678"

SCRIPT = """
import asyncio, sys
from pathlib import Path
from aiogram.types import Update
from bot.logs import configure_logging
from bot.settings import Settings
from bot.storage.database import Database
from bot.telegram.dispatcher import build_bot, build_dispatcher
from bot.telegram.offline_session import OfflineSession

async def main() -> None:
    configure_logging("DEBUG")
    path = Path(sys.argv[1])
    async with await Database.open(path) as db:
        settings = Settings(_env_file=None, db=path)
        dp = build_dispatcher(db, settings)
        bot = build_bot(settings, OfflineSession())
        update = Update.model_validate(
            {"update_id": 77, "paid_thing": {"text": f"ИИН {sys.argv[2]}, тел. {sys.argv[3]}"}}
        )
        await dp.feed_update(bot, update)

asyncio.run(main())
"""


def test_an_unknown_update_is_logged_without_its_text(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "jumys.sqlite3"), IIN, PHONE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    said = done.stdout + done.stderr
    assert IIN not in said and PHONE not in said and "7012345678" not in said
    lines = [json.loads(line) for line in done.stderr.splitlines()]  # JSON lines only
    warnings = [line for line in lines if line.get("level") == "warning"]
    assert any("paid_thing" in str(line.get("msg")) for line in warnings), lines
