from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.storage import queue_sql
from bot.storage.database import Database
from bot.storage.models import ActorRole, AppStatus, ErrorCode, SystemReason, TransitionError

from .conftest import TestClock
from .helpers import REVIEWER, TTL, submit


async def test_reviewers_get_the_oldest_application_of_their_regions_first(db: Database) -> None:
    almaty_old = await submit(db, user_id=1, region="almaty_city")
    await submit(db, user_id=2, region="turkistan")
    astana = await submit(db, user_id=3, region="astana")
    almaty_new = await submit(db, user_id=4, region="almaty_city")

    mine = ["almaty_city", "astana"]
    assert [a.id for a in await db.applications.list_queue(mine, limit=10)] == [
        almaty_old.id,
        astana.id,
        almaty_new.id,
    ]
    assert [a.id for a in await db.applications.list_queue(mine, limit=1, offset=1)] == [astana.id]
    assert await db.applications.count_queue(mine) == 3
    assert await db.applications.count_queue(None) == 4
    assert await db.applications.list_queue([], limit=10) == []

    claimed = [await db.applications.claim_next(REVIEWER, mine, TTL) for _ in range(4)]
    assert [a.id if a else None for a in claimed] == [
        almaty_old.id,
        astana.id,
        almaty_new.id,
        None,
    ]
    assert await db.applications.count_queue(mine) == 0
    assert await db.applications.count_queue(None) == 1
    assert [a.id for a in await db.applications.held_by(REVIEWER)] == [
        almaty_old.id,
        astana.id,
        almaty_new.id,
    ]


async def test_an_expired_claim_goes_back_to_the_queue_for_someone_else(
    db: Database, clock: TestClock
) -> None:
    application = await submit(db)
    first = await db.applications.claim_next(REVIEWER, None, timedelta(minutes=10))
    assert first is not None and first.id == application.id
    assert await db.applications.claim_next(REVIEWER + 1, None, TTL) is None

    clock.advance(timedelta(minutes=11))
    assert [a.id for a in await db.applications.list_queue(None, 10)] == [application.id]
    assert await db.applications.count_queue(["almaty_city"]) == 1
    second = await db.applications.claim_next(REVIEWER + 1, ["almaty_city"], TTL)
    assert second is not None and second.id == application.id
    assert second.reviewer_id == REVIEWER + 1

    with pytest.raises(TransitionError) as refused:
        await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None)
    assert refused.value.code is ErrorCode.TAKEN
    assert refused.value.holder_id == REVIEWER + 1
    expired = (await db.applications.events(application.id))[2]
    assert (expired.actor_role, expired.from_status, expired.to_status, expired.reason) == (
        ActorRole.SYSTEM,
        AppStatus.IN_REVIEW,
        AppStatus.QUEUED,
        SystemReason.CLAIM_EXPIRED,
    )


async def test_a_reviewer_may_still_decide_an_expired_claim_nobody_took(
    db: Database, clock: TestClock
) -> None:
    application = await submit(db)
    await db.applications.claim(application.id, REVIEWER, timedelta(minutes=1))
    clock.advance(timedelta(minutes=5))
    decided = await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None)
    assert decided.status is AppStatus.APPROVED


async def test_claiming_again_renews_the_claim(db: Database, clock: TestClock) -> None:
    application = await submit(db)
    first = await db.applications.claim(application.id, REVIEWER, timedelta(minutes=1))
    clock.advance(timedelta(seconds=30))
    renewed = await db.applications.claim(application.id, REVIEWER, timedelta(minutes=1))
    assert first.claimed_until is not None and renewed.claimed_until is not None
    assert renewed.claimed_until > first.claimed_until
    assert len(await db.applications.events(application.id)) == 2


def _plan(conn: sqlite3.Connection, sql: str, params: list[object]) -> list[str]:
    return [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


@pytest.mark.parametrize("regions", [None, ["almaty_city"], ["astana", "almaty_city", "abai"]])
async def test_the_queue_is_read_through_indexes_never_by_scanning_the_table(
    db_path: Path, db: Database, regions: list[str] | None
) -> None:
    queries = [
        queue_sql.oldest_queued(regions, 1),
        queue_sql.waiting(regions, "2026-01-01T00:00:00.000000", 20, 40),
        queue_sql.count_waiting(regions, "2026-01-01T00:00:00.000000"),
    ]
    conn = sqlite3.connect(db_path)
    try:
        for sql, params in queries:
            plan = _plan(conn, sql, params)
            on_table = [step for step in plan if "applications" in step]
            assert on_table, plan
            for step in on_table:
                assert step.startswith("SEARCH applications USING"), plan
                assert "INDEX applications_" in step, plan
    finally:
        conn.close()


async def test_claims_last_as_long_as_jumys_claim_ttl_minutes_says(
    tmp_path: Path, clock: TestClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUMYS_DB", str(tmp_path / "bot.sqlite3"))
    monkeypatch.setenv("JUMYS_CLAIM_TTL_MINUTES", "15")
    db = await Database.from_settings(Settings(_env_file=None), clock=clock)
    try:
        assert db.path == tmp_path / "bot.sqlite3"
        first = await submit(db, user_id=1)
        second = await submit(db, user_id=2)
        claimed = await db.applications.claim_next(REVIEWER, None)
        assert claimed is not None and claimed.id == first.id
        chosen = await db.applications.claim(second.id, REVIEWER)
        for held in (claimed, chosen):
            assert held.claimed_until is not None
            assert held.claimed_until - held.updated_at == timedelta(minutes=15)

        clock.advance(timedelta(minutes=14))
        assert await db.applications.claim_next(REVIEWER + 1, None) is None
        clock.advance(timedelta(minutes=2))
        taken_over = await db.applications.claim_next(REVIEWER + 1, None)
        assert taken_over is not None and taken_over.id == first.id
    finally:
        await db.close()


async def test_a_claim_that_lasts_no_time_is_refused_at_start(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="claim must last"):
        await Database.open(tmp_path / "db.sqlite3", claim_ttl=timedelta(0))
