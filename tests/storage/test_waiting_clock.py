"""When an application began to wait (`waiting_since`, where every deadline counts from): a
reviewer taking it and letting it go does not restart the clock; a question, an answer or a
reopening does; and databases from before the deadlines get it from their event history."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.storage.database import Database
from bot.storage.migrations import available_migrations, split_statements
from bot.storage.models import AppStatus

from .conftest import TestClock
from .helpers import REVIEWER, TTL, submit


async def test_taking_and_releasing_keep_the_clock_a_question_and_its_answer_restart_it(
    db: Database, clock: TestClock
) -> None:
    submitted = await submit(db)
    assert submitted.waiting_since == submitted.created_at
    clock.advance(timedelta(hours=5))
    await db.applications.claim(submitted.id, REVIEWER, TTL)
    released = await db.applications.release(submitted.id, REVIEWER)
    assert released.waiting_since == submitted.created_at
    clock.advance(timedelta(hours=40))  # the claim ran out meanwhile too
    await db.applications.claim(submitted.id, REVIEWER, TTL)
    asked = await db.applications.decide(
        submitted.id, REVIEWER, AppStatus.NEEDS_INFO, "Когда вам удобно?"
    )
    assert asked.waiting_since is not None and asked.waiting_since > submitted.created_at
    clock.advance(timedelta(days=1))
    answered = await db.applications.answer_info(submitted.id, submitted.user_id or 0, "Утром")
    assert answered.waiting_since is not None and asked.waiting_since < answered.waiting_since


async def test_a_database_from_before_the_deadlines_counts_from_the_latest_answer(
    tmp_path: Path, clock: TestClock
) -> None:
    path = tmp_path / "old.sqlite3"
    before = [m for m in available_migrations() if m.name < "012"]
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in before:
        for statement in split_statements(migration.sql):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {before[-1].version}")
    created, asked, answered = (
        "2026-03-02T09:00:00.000000",
        "2026-03-03T09:00:00.000000",
        "2026-03-04T09:00:00.000000",
    )
    for app_id, status in ((1, "queued"), (2, "in_review")):
        conn.execute(
            "INSERT INTO applications (id, user_id, programme, status, language, profile,"
            " verdict, created_at, updated_at, reviewer_id, claimed_until)"
            " VALUES (?, 4 + ?, 'kumis_jas', ?, 'ru', '{}', '{}', ?, ?, 900, ?)",
            (app_id, app_id, status, created, created, answered),
        )
        conn.execute(
            "INSERT INTO events (application_id, actor_role, at, from_status, to_status)"
            " VALUES (?, 'citizen', ?, NULL, 'queued')",
            (app_id, created),
        )
    conn.execute(
        "INSERT INTO events (application_id, actor_role, at, from_status, to_status) VALUES"
        " (2, 'staff', ?, 'queued', 'in_review'), (2, 'staff', ?, 'in_review', 'needs_info'),"
        " (2, 'citizen', ?, 'needs_info', 'in_review')",
        (created, asked, answered),
    )
    conn.close()

    db = await Database.open(path, clock=clock)
    try:
        never_asked, answered_one = await db.applications.get(1), await db.applications.get(2)
    finally:
        await db.close()

    assert never_asked is not None and answered_one is not None
    assert never_asked.waiting_since == never_asked.created_at
    assert answered_one.waiting_since is not None
    assert answered_one.waiting_since.isoformat().startswith("2026-03-04T09:00")
