"""Peak memory of the bot while many conversations are in progress and many applications stored.

For each scale (by default 10 %, 50 % and 100 % of 100,000 conversations and 1,000,000
applications) the database is grown to that size by bulk SQL inserts (rows shaped exactly like
the ones the bot writes: users with consent and answers, queued applications with their profile,
verdict and event, conversations waiting at the region question). Then a fresh process starts the
production stack on that file (as `jumys run` does, with the offline Bot API session) and takes
traffic: 15,000 of the waiting citizens, picked at random, answer the region question (more
distinct citizens than the in-memory caches hold, 10,000, so they fill to their bound), and 1,000
of them go on to the end: apply and look at /my; /healthz counts the outbox every 100 updates.
The process reports its peak resident memory (VmHWM, which includes the start-up import).

Goal: <= 150 MB, flat as the numbers grow.

Run: .venv/bin/python bench/memory.py [--conversations 100000] [--applications 1000000]
     [--scales 0.1,0.5,1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from citizens import PROGRAMME, Citizen, valid_iins
from timing import machine

GOAL_MB = 150.0
BOT_ID = 1  # the offline token "1:offline"
FIRST_WAITING = 30_000_000
FIRST_APPLICANT = 60_000_000
ANSWERING = 15_000
APPLYING = 1_000
BATCH = 50_000


def now_text() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def verdict_json() -> str:
    """The verdict the bot stores with a «Күміс жас» application (one real evaluation)."""
    from bot.rules import evaluate
    from bot.rules.model import Employment, Profile, Sex
    from bot.rules.profile_json import evaluation_to_json

    profile = Profile(
        birth_date=datetime(1970, 5, 10).date(),
        sex=Sex.MALE,
        region="almaty_city",
        employment=Employment.UNEMPLOYED_REGISTERED,
    )
    evaluation = evaluation_to_json(evaluate(profile, datetime(2026, 3, 2).date()))
    programmes: list[dict[str, object]] = evaluation["programmes"]  # type: ignore[assignment]
    chosen = next(p for p in programmes if p["id"] == PROGRAMME)
    verdict = {"on": evaluation["on"], "parameters": evaluation["parameters"], **chosen}
    return json.dumps(verdict, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def grow(path: Path, conversations: int, applications: int) -> None:
    """Bulk-insert rows until the file holds `conversations` waiting conversations and
    `applications` queued applications (the schema comes from the bot's own migrations)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")  # a loader, not the bot: speed over safety
    have_conversations = conn.execute(
        "SELECT COUNT(*) FROM fsm WHERE user_id >= ? AND user_id < ?",
        (FIRST_WAITING, FIRST_APPLICANT),
    ).fetchone()[0]
    have_applications = conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
    stamp = now_text()
    iin = next(valid_iins())
    born = f"19{iin[0:2]}-{iin[2:4]}-{iin[4:6]}"  # an IIN starts with the birth date
    answers = {"birth_date": born, "iin": iin, "sex": "male"}
    user_profile = json.dumps(answers, sort_keys=True, separators=(",", ":"))
    fsm_data = json.dumps(
        {"history": ["iin"], "profile": {"iin": iin, "birth_date": born, "sex": "male"}},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    for start in range(have_conversations, conversations, BATCH):
        ids = range(FIRST_WAITING + start, FIRST_WAITING + min(conversations, start + BATCH))
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO users (id, language, consent_version, consent_at, profile,"
            " created_at, updated_at) VALUES (?, 'ru', '2026-11-23.1', ?, ?, ?, ?)",
            [(uid, stamp, user_profile, stamp, stamp) for uid in ids],
        )
        conn.executemany(
            "INSERT INTO fsm (bot_id, chat_id, user_id, thread_id, business_connection_id,"
            " destiny, state, data, updated_at) VALUES (?, ?, ?, 0, '', 'default',"
            " 'Ask:region', ?, ?)",
            [(BOT_ID, uid, uid, fsm_data, stamp) for uid in ids],
        )
        conn.execute("COMMIT")
    full_profile = json.dumps(
        {**answers, "employment": "unemployed_registered", "region": "almaty_city"},
        sort_keys=True,
        separators=(",", ":"),
    )
    verdict = verdict_json()
    for start in range(have_applications, applications, BATCH):
        ids = range(FIRST_APPLICANT + start, FIRST_APPLICANT + min(applications, start + BATCH))
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO users (id, language, consent_version, consent_at, profile,"
            " created_at, updated_at) VALUES (?, 'ru', '2026-11-23.1', ?, ?, ?, ?)",
            [(uid, stamp, full_profile, stamp, stamp) for uid in ids],
        )
        conn.executemany(
            "INSERT INTO applications (user_id, programme, region, status, phone, language,"
            " profile, verdict, created_at, updated_at) VALUES (?, ?, 'almaty_city', 'queued',"
            " '+77012345678', 'ru', ?, ?, ?, ?)",
            [(uid, PROGRAMME, full_profile, verdict, stamp, stamp) for uid in ids],
        )
        conn.execute(
            "INSERT INTO events (application_id, actor_id, actor_role, at, to_status)"
            " SELECT id, user_id, 'citizen', created_at, 'queued' FROM applications"
            " WHERE id > ?",
            (start,),
        )
        conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def measured_run(path: Path, conversations: int) -> dict[str, float]:
    """The bot in a fresh process on `path`; its figures as JSON on stdout."""
    script = Path(__file__)
    result = subprocess.run(
        [sys.executable, str(script), "--child", str(path), "--conversations", str(conversations)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the measured process failed:\n{result.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def memory_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB."""
    status = Path("/proc/self/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return (
        int(fields["VmRSS"].split()[0]) / 1024,
        int(fields["VmHWM"].split()[0]) / 1024,
    )


async def child(path: Path, conversations: int) -> None:
    from bot import lazy_schemas  # noqa: F401 - first: aiogram's schemas then build on first use

    # isort: split
    from aiogram.types import Update

    from bot.health import check_health
    from bot.logs import configure_logging
    from bot.offline_session import OfflineSession
    from bot.outgoing import SendSchedule
    from bot.ratelimit import Rate
    from bot.settings import Settings
    from bot.stack import production_bot, production_dispatcher, settle_after_start
    from bot.storage.database import Database

    configure_logging("INFO", Path(os.devnull).open("w"))  # noqa: SIM115, ASYNC230
    started = time.perf_counter()
    db = await Database.open(path)
    settings = Settings(_env_file=None, db=path)
    session = OfflineSession()
    # The outgoing limiter keeps Telegram's pace; here only memory counts, so it may not wait.
    never = Rate(per_second=1e9, burst=1_000_000)
    schedule = SendSchedule(global_rate=never, private_rate=never, group_rate=never)
    bot = production_bot(settings, session, schedule=schedule)
    dp = production_dispatcher(db, settings, flood_rate=never)
    settle_after_start()
    picked = random.Random(11).sample(range(conversations), min(ANSWERING, conversations))
    handled = 0
    iins = valid_iins()
    for position, n in enumerate(picked):
        citizen = Citizen(FIRST_WAITING + n, next(iins))
        # From the region question on: all the way for the first ones, one answer for the rest.
        updates = citizen.conversation()[3:] if position < APPLYING else citizen.conversation()[3:4]
        for update in updates:
            mounted = Update.model_validate(update.model_dump(), context={"bot": bot})
            await dp.feed_update(bot, mounted)
            handled += 1
            session.requests.clear()
            if handled % 100 == 0:
                await check_health(db)
    mine = await db.applications.list_for_user(FIRST_WAITING + picked[0])
    assert len(mine) == 1, "the traffic did not reach a submitted application"
    current, peak = memory_mb()
    stored = await db.connector.read(
        lambda conn: conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
    )
    await db.close()
    print(
        json.dumps(
            {
                "rss_mb": round(current, 1),
                "peak_mb": round(peak, 1),
                "updates": handled,
                "applications": stored,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--scales", default="0.1,0.5,1")
    parser.add_argument("--keep", type=Path, help="build the database here and keep it")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child is not None:
        asyncio.run(child(options.child, options.conversations))
        return

    print(f"{machine()}, load average {os.getloadavg()[0]:.2f} at start")
    folder = options.keep or Path(tempfile.mkdtemp(prefix="jumys-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "jumys.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "bot", "migrate", "--db", str(path)], check=True, capture_output=True
    )
    worst = 0.0
    for scale in (float(s) for s in options.scales.split(",")):
        conversations = int(options.conversations * scale)
        applications = int(options.applications * scale)
        began = time.perf_counter()
        grow(path, conversations, applications)
        loaded = time.perf_counter() - began
        figures = measured_run(path, conversations)
        worst = max(worst, figures["peak_mb"])
        size = path.stat().st_size / 1e6
        print(
            f"{conversations:>7,} conversations, {int(figures['applications']):>9,} applications"
            f" ({size:,.0f} MB file, loaded in {loaded:.0f} s): peak {figures['peak_mb']:.1f} MB,"
            f" resident at the end {figures['rss_mb']:.1f} MB after {int(figures['updates']):,}"
            f" updates ({figures['seconds']:.0f} s)"
        )
    verdict = "met" if worst <= GOAL_MB else "MISSED"
    print(f"highest peak {worst:.1f} MB (goal <= {GOAL_MB:g} MB: {verdict})")
    print(f"load average {os.getloadavg()[0]:.2f} at the end; database in {folder}")


if __name__ == "__main__":
    main()
