from __future__ import annotations

import sqlite3
from pathlib import Path

from aiogram.fsm.storage.base import StorageKey

from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage
from bot.storage.models import AppStatus, OutboxDraft

from .conftest import TestClock
from .helpers import CITIZEN, REVIEWER, TTL, application_in, submit


async def test_language_consent_and_answers_are_remembered(
    db: Database, db_path: Path, clock: TestClock
) -> None:
    assert await db.users.get(CITIZEN) is None
    await db.users.set_language(CITIZEN, "kk")
    await db.users.give_consent(CITIZEN, "2026-01")
    await db.users.save_profile(CITIZEN, {"region": "turkistan", "groups": ["kandas"]})
    await db.users.set_language(CITIZEN, "ru")
    await db.close()

    reopened = await Database.open(db_path, clock=clock)
    try:
        user = await reopened.users.get(CITIZEN)
        assert user is not None
        assert (user.language, user.consent_version) == ("ru", "2026-01")
        assert user.consent_at is not None and user.consent_at.tzinfo is not None
        assert user.profile == {"region": "turkistan", "groups": ["kandas"]}
    finally:
        await reopened.close()


def _file_contents(path: Path) -> tuple[str, bytes]:
    """The database as SQL text and as raw bytes (freed pages included)."""
    conn = sqlite3.connect(path)
    try:
        dump = "\n".join(conn.iterdump())
    finally:
        conn.close()
    return dump, path.read_bytes()


async def test_forgetting_a_user_erases_personal_data_but_keeps_the_counts(
    db: Database, db_path: Path
) -> None:
    await db.users.give_consent(CITIZEN, "2026-01")
    await db.users.save_profile(CITIZEN, {"iin": "900101300123"})
    decided = await application_in(db, AppStatus.NEEDS_INFO)
    await db.applications.answer_info(decided.id, CITIZEN, "Мой телефон +77017654321")
    other = await submit(db, programme="first_job")
    await db.outbox.enqueue(OutboxDraft(CITIZEN, "reminder", {"name": "Айгүл"}, "kk"))
    await db.outbox.enqueue(OutboxDraft(REVIEWER, "new_application", {"id": 7}, "ru"))
    # A reviewer's internal note may quote the citizen: it goes too.
    await db.staff.add_note(decided.id, REVIEWER, "Позвонила, Серікова, тел 87019998877")
    conversation = SQLiteStorage(db)
    key = StorageKey(bot_id=1, chat_id=CITIZEN, user_id=CITIZEN)
    await conversation.update_data(key, {"iin": "900101300123"})
    counts_before = await db.stats.counts()

    forgotten = await db.users.forget(CITIZEN)

    assert (forgotten.applications_withdrawn, forgotten.applications_anonymised) == (2, 2)
    assert await db.users.get(CITIZEN) is None
    assert await db.applications.list_for_user(CITIZEN) == []
    assert await conversation.get_data(key) == {}
    assert await db.outbox.backlog() == 1  # only the reviewer's message is left
    for app_id in (decided.id, other.id):
        application = await db.applications.get(app_id)
        assert application is not None
        assert application.status is AppStatus.WITHDRAWN
        assert (application.user_id, application.phone, application.comment) == (None, None, None)
        assert (application.profile, application.verdict) == ({}, {})
        assert await db.staff.notes(app_id) == []
        for event in await db.applications.events(app_id):
            assert event.actor_id != CITIZEN
            assert event.reason in (None, "user_forgotten")
    assert sum(c.total for c in await db.stats.counts()) == sum(c.total for c in counts_before)

    # Nothing the citizen typed is left anywhere in the file, not even in freed pages.
    await db.close()
    dump, raw = _file_contents(db_path)
    secrets = ("900101300123", "+77011234567", "+77017654321", "Айгүл", "после обеда")
    for secret in (*secrets, "Серікова", "87019998877"):
        assert secret not in dump
        assert secret.encode() not in raw


async def test_forgetting_a_user_in_review_takes_the_application_from_the_reviewer(
    db: Database,
) -> None:
    application = await application_in(db, AppStatus.IN_REVIEW)
    await db.users.forget(CITIZEN)
    assert await db.applications.held_by(REVIEWER) == []
    assert await db.applications.claim_next(REVIEWER, None, TTL) is None
    assert (await db.applications.get(application.id)) is not None
