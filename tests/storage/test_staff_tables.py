"""Staff, refused attempts, notes, plans and export rows, as stored by migration 002."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage.audit import Actor
from bot.storage.database import Database
from bot.storage.exports import applications_between
from bot.storage.migrations import available_migrations, split_statements
from bot.storage.models import AppStatus
from bot.storage.outcomes import NewOutcome, OutcomeKind
from bot.storage.staff import StaffRole

from .conftest import TestClock
from .helpers import REVIEWER, TTL, submit


async def test_a_new_database_gets_every_migration_in_order(db: Database) -> None:
    assert db.applied_migrations == [
        "001_initial.sql",
        "002_claims_by_end.sql",
        "003_staff.sql",
        "004_inbox.sql",
        "005_audit_names.sql",
        "006_desk.sql",
        "007_desk_queue.sql",
        "008_card_copies.sql",
        "009_comment_at_confirmation.sql",
        "010_outcomes.sql",
        "011_report_indexes.sql",
        "012_deadlines.sql",
    ]


async def test_reviewers_of_a_region_are_its_reviewers_and_every_supervisor(db: Database) -> None:
    await db.staff.add(10, StaffRole.REVIEWER, ["almaty_city", "turkistan"], by=Actor(1))
    await db.staff.add(11, StaffRole.REVIEWER, ["abai"])
    await db.staff.add(12, StaffRole.SUPERVISOR)

    assert [m.user_id for m in await db.staff.reviewers_of("turkistan")] == [10, 12]
    assert [m.user_id for m in await db.staff.reviewers_of("abai")] == [11, 12]
    assert [m.user_id for m in await db.staff.reviewers_of(None)] == [12]
    member = await db.staff.get(10)
    assert member is not None
    assert (member.role, set(member.regions)) == (StaffRole.REVIEWER, {"almaty_city", "turkistan"})


async def test_adding_again_replaces_role_and_regions_and_regions_toggle(db: Database) -> None:
    await db.staff.add(10, StaffRole.REVIEWER, ["almaty_city"])
    await db.staff.add(10, StaffRole.REVIEWER, ["abai"])
    changed = await db.staff.set_region(10, "turkistan", serves=True)
    assert changed is not None and changed.regions == {"abai", "turkistan"}
    changed = await db.staff.set_region(10, "abai", serves=False)
    assert changed is not None and changed.regions == {"turkistan"}
    assert await db.staff.set_region(99, "abai", serves=True) is None
    assert [m.user_id for m in await db.staff.members()] == [10]


async def test_removing_a_member_removes_their_regions(db: Database) -> None:
    await db.staff.add(10, StaffRole.REVIEWER, ["almaty_city"])
    assert await db.staff.remove(10) is True
    assert await db.staff.remove(10) is False
    assert await db.staff.get(10) is None
    assert await db.staff.reviewers_of("almaty_city") == []


async def test_name_and_language_are_remembered(db: Database) -> None:
    await db.staff.add(10, StaffRole.REVIEWER, ["almaty_city"])
    await db.staff.remember(10, "Айгерим", "kk")
    member = await db.staff.get(10)
    assert member is not None and (member.name, member.language) == ("Айгерим", "kk")
    assert await db.staff.names([10, 11]) == {10: "Айгерим"}


async def test_refused_attempts_keep_who_what_and_which_application(db: Database) -> None:
    await db.staff.record_refusal(500, "command:queue")
    await db.staff.record_refusal(501, "button:rv:take", 7)
    found = await db.staff.refusals()
    assert [(r.user_id, r.action, r.application_id) for r in found] == [
        (500, "command:queue", None),
        (501, "button:rv:take", 7),
    ]
    assert [r.user_id for r in await db.staff.refusals(501)] == [501]


async def test_notes_stay_with_their_application_in_order(db: Database) -> None:
    application = await submit(db)
    await db.staff.add_note(application.id, REVIEWER, "Звонил, не ответил")
    await db.staff.add_note(application.id, REVIEWER, "Перезвонить в понедельник")
    assert [n.text for n in await db.staff.notes(application.id)] == [
        "Звонил, не ответил",
        "Перезвонить в понедельник",
    ]


async def test_a_plan_is_replaced_not_duplicated_and_cannot_be_negative(db: Database) -> None:
    await db.plans.set(2026, "kumis_jas", "turkistan", 120, set_by=1)
    await db.plans.set(2026, "kumis_jas", "turkistan", 150, set_by=1)
    await db.plans.set(2026, "first_job", "abai", 0)
    assert [(p.programme, p.region, p.target) for p in await db.plans.for_year(2026)] == [
        ("first_job", "abai", 0),
        ("kumis_jas", "turkistan", 150),
    ]
    with pytest.raises(ValueError):
        await db.plans.set(2026, "kumis_jas", "turkistan", -1)


async def test_actual_counts_people_placed_by_the_day_their_contract_begins(
    db: Database, clock: TestClock
) -> None:
    clock.now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    placed, later, ended, only_approved = [
        await submit(db, user_id=n, region="turkistan") for n in (1, 2, 3, 4)
    ]
    for application in (placed, later, ended, only_approved):
        await db.applications.claim(application.id, REVIEWER, TTL)
        await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None)
    by = Actor(REVIEWER, "Асель")
    for application, start in ((placed, date(2026, 7, 1)), (later, date(2027, 1, 10))):
        await db.outcomes.record(
            application.id, NewOutcome(OutcomeKind.PLACED, "ТОО «Ақ жол»", start), by=by
        )
    await db.outcomes.record(
        ended.id, NewOutcome(OutcomeKind.PLACED, "ИП Сейітов", date(2026, 8, 3)), by=by
    )
    await db.outcomes.record(ended.id, NewOutcome(OutcomeKind.TERMINATED, reason="left"), by=by)

    # Approved but never placed counts nothing; placed and then ended early still was placed.
    assert await db.outcomes.placed_in(2026) == {("kumis_jas", "turkistan"): 2}
    assert await db.outcomes.placed_in(2026, until=date(2026, 7, 31)) == {
        ("kumis_jas", "turkistan"): 1
    }
    assert await db.outcomes.placed_in(2026, until=date(2026, 7, 1)) == {
        ("kumis_jas", "turkistan"): 1
    }, "a contract beginning on the day itself counts"
    assert await db.outcomes.placed_in(2026, until=date(2026, 6, 30)) == {}
    assert await db.outcomes.placed_in(2027) == {("kumis_jas", "turkistan"): 1}
    assert await db.outcomes.placed_in(2027, until=date(2026, 12, 31)) == {}


async def test_export_rows_are_filtered_by_local_dates_and_regions_with_last_decision(
    db: Database, clock: TestClock
) -> None:
    clock.now = datetime(2026, 2, 28, 20, 0, tzinfo=UTC)  # 1 March in Kazakhstan
    march = await submit(db, user_id=1)
    await db.applications.claim(march.id, REVIEWER, TTL)
    await db.applications.decide(march.id, REVIEWER, AppStatus.NEEDS_INFO, "Справка?")
    await db.applications.answer_info(march.id, 1, "Принесу завтра")
    await db.applications.claim(march.id, REVIEWER, TTL)
    await db.applications.decide(march.id, REVIEWER, AppStatus.APPROVED, None)
    clock.advance(timedelta(days=1))
    other = await submit(db, user_id=2, region="turkistan")
    clock.now = datetime(2026, 2, 27, 12, 0, tzinfo=UTC)
    await submit(db, user_id=3)  # February

    rows = await applications_between(db.connector, date(2026, 3, 1), date(2026, 3, 31))
    assert [row.application.id for row in rows] == [march.id, other.id]
    assert rows[0].decision is not None and rows[0].decision.to_status is AppStatus.APPROVED
    assert rows[1].decision is None
    only = await applications_between(db.connector, None, None, ["turkistan"])
    assert [row.application.id for row in only] == [other.id]
    assert await applications_between(db.connector, None, None, []) == []


async def test_events_and_notes_written_before_names_were_kept_get_the_names_known_then(
    tmp_path: Path, clock: TestClock
) -> None:
    path = tmp_path / "old.sqlite3"
    before = [m for m in available_migrations() if m.name < "005"]
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in before:
        for statement in split_statements(migration.sql):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {before[-1].version}")
    at = "2026-03-02T09:00:00.000000"
    conn.execute(
        "INSERT INTO staff (user_id, role, name, added_at) VALUES (10, 'reviewer', 'Асель', ?)",
        (at,),
    )
    conn.execute(
        "INSERT INTO applications (id, user_id, programme, status, language, profile, verdict,"
        " created_at, updated_at) VALUES (1, 5, 'kumis_jas', 'approved', 'ru', '{}', '{}', ?, ?)",
        (at, at),
    )
    conn.execute(
        "INSERT INTO events (application_id, actor_id, actor_role, at, to_status)"
        " VALUES (1, 5, 'citizen', ?, 'queued'), (1, 10, 'staff', ?, 'approved')",
        (at, at),
    )
    conn.execute(
        "INSERT INTO notes (application_id, author_id, at, text) VALUES (1, 10, ?, 'ok')", (at,)
    )
    conn.close()
    db = await Database.open(path, clock=clock)
    try:
        events = await db.applications.events(1)
        assert [e.actor_name for e in events] == [None, "Асель"]
        [note] = await db.staff.notes(1)
        assert note.author_name == "Асель"
    finally:
        await db.close()
