"""A realistic applications table of any size, built fast for bench/application_queue.py.

The schema comes from the real migrations (Database.open). The rows are then made by SQLite
itself (INSERT ... SELECT from a plan of ids and statuses) in one transaction on a plain
connection with the journal off, which is safe only for a throw-away benchmark file; the
migrations' indexes are dropped for the load and made again from their own SQL. Snapshots are
real: profiles evaluated by the real rules. Times are written as codec.time_to_db writes them.

Of every table the newest 8 % of applications are recent: mostly queued, some in review or
waiting for the citizen; everything older is decided or withdrawn. That makes about 5 % queued,
the backlog of a busy month, and every status has its event history.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from eligibility import sample_profiles  # bench/eligibility.py

from bot.rules import evaluate, load_rules
from bot.rules.profile_json import evaluation_to_json, profile_to_json
from bot.storage.codec import json_to_db, time_from_db, time_to_db
from bot.storage.database import Database

RECENT_SHARE = 0.08
SPAN = timedelta(days=3 * 365)
RECENT_STATUSES = {"queued": 65, "in_review": 3, "needs_info": 7, "approved": 15, "withdrawn": 10}
OLD_STATUSES = {"approved": 60, "rejected": 28, "withdrawn": 12}
LAST_DECISION = timedelta(hours=3)  # the newest application is this old: its events are past
FIRST_USER = 10_000_000  # real Telegram ids are large; keeps room for new users in the bench


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What one submission stores: the programme, the region, the profile and verdict snapshot."""

    programme: str
    region: str
    profile: dict[str, object]
    verdict: dict[str, object]


def snapshots(count: int, on: date) -> list[Snapshot]:
    """`count` distinct real submissions (profiles with a region, their verdict snapshot)."""
    regions = [region.slug for region in load_rules().regions]
    rng = random.Random(3)
    found: list[Snapshot] = []
    for profile in sample_profiles(count * 2, seed=5):
        if profile.region is None:
            continue
        as_json = evaluation_to_json(evaluate(profile, on))
        programmes = as_json["programmes"]
        assert isinstance(programmes, list)
        verdict = rng.choice(programmes)
        found.append(
            Snapshot(
                programme=str(verdict["id"]),
                region=rng.choice(regions),  # spread evenly, whatever the sample drew
                profile=profile_to_json(profile),
                verdict={"on": as_json["on"], "parameters": as_json["parameters"], **verdict},
            )
        )
        if len(found) == count:
            break
    return found


def _statuses(count: int, rng: random.Random) -> list[str]:
    recent_from = int(count * (1 - RECENT_SHARE))
    old = rng.choices(list(OLD_STATUSES), list(OLD_STATUSES.values()), k=recent_from)
    recent = rng.choices(
        list(RECENT_STATUSES), list(RECENT_STATUSES.values()), k=count - recent_from
    )
    return old + recent


def _db_time(microseconds: str) -> str:
    """SQL for the time text of a Unix time in microseconds (an SQL expression)."""
    return (
        f"strftime('%Y-%m-%dT%H:%M:%S', ({microseconds}) / 1000000, 'unixepoch')"
        f" || printf('.%06d', ({microseconds}) % 1000000)"
    )


def _later(column: str, hours: int) -> str:
    """SQL for a time column moved on by whole hours, microseconds kept."""
    return f"strftime('%Y-%m-%dT%H:%M:%S', {column}, '+{hours} hours') || substr({column}, 20)"


def _load(conn: sqlite3.Connection, count: int, now: datetime, pool: list[Snapshot]) -> None:
    now_us = int(now.timestamp()) * 1_000_000 + now.microsecond
    step_us = int(SPAN.total_seconds() * 1_000_000) // count
    newest_us = now_us - int(LAST_DECISION.total_seconds()) * 1_000_000
    created = _db_time(f"{newest_us - count * step_us} + plan.id * {step_us}")
    # Reviewers are at work: their claims run out at scattered moments of the next half hour.
    claim_ends = _db_time(f"{now_us} + (60 + plan.id * 7919 % 1800) * 1000000")
    conn.execute(
        "INSERT INTO applications (id, user_id, programme, region, status, phone, comment,"
        " language, profile, verdict, created_at, updated_at, reviewer_id, claimed_until)"
        f" SELECT plan.id, {FIRST_USER} + plan.id, pool.programme, pool.region, plan.status,"
        " printf('+7701%07d', plan.id), NULL, CASE plan.id % 2 WHEN 1 THEN 'kk' ELSE 'ru' END,"
        f" pool.profile, pool.verdict, {created}, {created},"
        " CASE WHEN plan.status IN ('queued', 'withdrawn') THEN NULL ELSE 900 + plan.id % 40 END,"
        f" CASE plan.status WHEN 'in_review' THEN {claim_ends} END"
        f" FROM plan JOIN pool ON pool.n = plan.id % {len(pool)} ORDER BY plan.id"
    )
    # Waiting since submission; a question since it was asked (three hours later, below).
    conn.execute(
        "UPDATE applications SET waiting_since = CASE status"
        f" WHEN 'needs_info' THEN {_later('created_at', 3)} ELSE created_at END"
    )
    conn.execute(
        "INSERT INTO users (id, language, created_at, updated_at)"
        " SELECT user_id, language, created_at, created_at FROM applications ORDER BY user_id"
    )
    # Each status with the path that led to it: submitted; then claimed (or withdrawn) two
    # hours later; then decided after one more hour.
    conn.execute(
        "INSERT INTO events (application_id, actor_id, actor_role, at, from_status, to_status)"
        " SELECT id, user_id, 'citizen', created_at, NULL, 'queued' FROM applications"
    )
    conn.execute(
        "INSERT INTO events (application_id, actor_id, actor_role, at, from_status, to_status)"
        " SELECT id, CASE status WHEN 'withdrawn' THEN user_id ELSE 900 + id % 40 END,"
        " CASE status WHEN 'withdrawn' THEN 'citizen' ELSE 'staff' END,"
        f" {_later('created_at', 2)}, 'queued',"
        " CASE status WHEN 'withdrawn' THEN 'withdrawn' ELSE 'in_review' END"
        " FROM applications WHERE status <> 'queued'"
    )
    conn.execute(
        "INSERT INTO events (application_id, actor_id, actor_role, at, from_status, to_status,"
        " reason)"
        f" SELECT id, 900 + id % 40, 'staff', {_later('created_at', 3)}, 'in_review', status,"
        " CASE status WHEN 'approved' THEN NULL ELSE 'Нужна справка с места учёбы' END"
        " FROM applications WHERE status IN ('approved', 'rejected', 'needs_info')"
    )


def fill(
    path: Path, count: int, now: datetime, pool: list[Snapshot], seed: int = 1
) -> Counter[str]:
    """Create the database at `path` with `count` applications; return how many per status."""

    async def migrate() -> None:
        db = await Database.open(path)
        await db.close()

    asyncio.run(migrate())
    statuses = _statuses(count, random.Random(seed))
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -524288")  # 512 MiB
        conn.execute("BEGIN")
        conn.execute("CREATE TEMP TABLE plan (id INTEGER PRIMARY KEY, status TEXT NOT NULL)")
        conn.executemany("INSERT INTO plan VALUES (?, ?)", enumerate(statuses, start=1))
        conn.execute(
            "CREATE TEMP TABLE pool (n INTEGER PRIMARY KEY, programme TEXT, region TEXT,"
            " profile TEXT, verdict TEXT)"
        )
        conn.executemany(
            "INSERT INTO pool VALUES (?, ?, ?, ?, ?)",
            [
                (n, s.programme, s.region, json_to_db(s.profile), json_to_db(s.verdict))
                for n, s in enumerate(pool)
            ],
        )
        # Building an index from sorted rows is many times faster than growing it row by row.
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('users', 'applications', 'events')"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
        _load(conn, count, now, pool)
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("DROP TABLE plan")
        conn.execute("DROP TABLE pool")
        conn.execute("COMMIT")
        # The newest application, written as the bot itself writes times.
        newest = conn.execute("SELECT created_at FROM applications WHERE id = ?", (count,))
        text = newest.fetchone()[0]
        if time_to_db(time_from_db(text)) != text or time_from_db(text) != now - LAST_DECISION:
            raise RuntimeError(f"the benchmark wrote times the bot cannot read: {text}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise RuntimeError(f"the benchmark database did not go back to WAL: {mode}")
    finally:
        conn.close()
    # On disk before anything is timed: otherwise the first fsync of the bot's own connection
    # waits for the whole unsynced build (ext4 orders one file's sync behind others' data).
    file = os.open(path, os.O_RDONLY)
    try:
        os.fsync(file)
    finally:
        os.close(file)
    return Counter(statuses)
