"""The desk's queue: filters by status, programme and region, oldest first, keyset pages that
cover everything once, only the regions a member serves, through indexes at any size."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.storage import desk_sql
from bot.storage.database import Database
from bot.storage.desk import Scope
from bot.storage.desk_sql import QueueFilter
from bot.storage.models import AppStatus

from .helpers import REVIEWER, TTL, submit

ALMATY_ONLY = Scope(REVIEWER, "Дана", frozenset({"almaty_city"}))
SUPERVISOR = Scope(950, "Марат", None, supervisor=True)


async def test_a_reviewer_sees_only_the_queue_of_their_regions_oldest_first(db: Database) -> None:
    first = await submit(db, user_id=1, region="almaty_city")
    await submit(db, user_id=2, region="turkistan")
    second = await submit(db, user_id=3, region="almaty_city", programme="first_job")

    page = await db.desk.queue(ALMATY_ONLY, QueueFilter())
    assert [a.id for a in page.applications] == [first.id, second.id]
    assert page.next_after is None
    everything = await db.desk.queue(SUPERVISOR, QueueFilter())
    assert len(everything.applications) == 3


async def test_asking_for_another_regions_queue_shows_nothing(db: Database) -> None:
    await submit(db, user_id=1, region="turkistan")
    page = await db.desk.queue(ALMATY_ONLY, QueueFilter(region="turkistan"))
    assert page.applications == []
    supervised = await db.desk.queue(SUPERVISOR, QueueFilter(region="turkistan"))
    assert len(supervised.applications) == 1


async def test_the_queue_filters_by_programme_and_region(db: Database) -> None:
    await submit(db, user_id=1, region="almaty_city", programme="kumis_jas")
    grant = await submit(db, user_id=2, region="almaty_city", programme="business_grant")
    await submit(db, user_id=3, region="abai", programme="business_grant")

    by_programme = await db.desk.queue(ALMATY_ONLY, QueueFilter(programme="business_grant"))
    assert [a.id for a in by_programme.applications] == [grant.id]
    both = await db.desk.queue(
        SUPERVISOR, QueueFilter(programme="business_grant", region="almaty_city")
    )
    assert [a.id for a in both.applications] == [grant.id]


async def test_applications_waiting_for_the_citizen_have_their_own_list(db: Database) -> None:
    asked = await submit(db, user_id=1)
    await submit(db, user_id=2)
    await db.applications.claim(asked.id, REVIEWER, TTL)
    await db.applications.decide(asked.id, REVIEWER, AppStatus.NEEDS_INFO, "Когда вам звонить?")

    waiting = await db.desk.queue(ALMATY_ONLY, QueueFilter(status=AppStatus.NEEDS_INFO))
    assert [a.id for a in waiting.applications] == [asked.id]
    queued = await db.desk.queue(ALMATY_ONLY, QueueFilter())
    assert asked.id not in [a.id for a in queued.applications]


@pytest.mark.parametrize("scope", [ALMATY_ONLY, SUPERVISOR], ids=["reviewer", "supervisor"])
async def test_pages_follow_one_another_and_show_each_application_once(
    db: Database, scope: Scope
) -> None:
    submitted = [
        (await submit(db, user_id=n, region=("almaty_city", "abai")[n % 2])).id
        for n in range(1, 12)
    ]
    if scope.regions is not None:
        submitted = submitted[1::2]
    seen: list[int] = []
    after = None
    while True:
        page = await db.desk.queue(scope, QueueFilter(), after, take=3)
        assert len(page.applications) <= 3
        seen += [a.id for a in page.applications]
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == submitted


def _plan(conn: sqlite3.Connection, sql: str, params: list[object]) -> list[tuple[int, int, str]]:
    """(id, parent, step) of each step of the query plan."""
    return [(row[0], row[1], row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]


CURSOR = ("2026-01-01T00:00:00.000000", 10)


@pytest.mark.parametrize(
    "wanted",
    [
        QueueFilter(),
        QueueFilter(status=AppStatus.NEEDS_INFO, programme="kumis_jas"),
        QueueFilter(region="almaty_city"),
        QueueFilter(region="almaty_city", programme="first_job"),
    ],
    ids=["queued", "asked, one programme", "one region", "one region and programme"],
)
@pytest.mark.parametrize("regions", [None, ["almaty_city"], ["astana", "almaty_city", "abai"]])
@pytest.mark.parametrize("after", [None, CURSOR], ids=["first page", "later page"])
async def test_each_page_of_the_queue_is_an_index_range_with_no_sorting_of_the_table(
    db_path: Path,
    db: Database,
    wanted: QueueFilter,
    regions: list[str] | None,
    after: tuple[str, int] | None,
) -> None:
    sql, params = desk_sql.queue_page(wanted, regions, after, 51)
    conn = sqlite3.connect(db_path)
    try:
        plan = _plan(conn, sql, params)
    finally:
        conn.close()
    steps = [step for _, _, step in plan]
    on_table = [step for step in steps if "applications" in step]
    assert on_table, steps
    for step in on_table:
        assert step.startswith("SEARCH applications USING"), steps
        assert "INDEX applications_" in step, steps
    # Each region's range comes out of its index in order: no sort inside the reads of the
    # table. Only the page taken from each region is sorted, to merge them.
    reads = {id_ for id_, _, step in plan if step.startswith("CO-ROUTINE")}
    sorts = [parent for _, parent, step in plan if "USE TEMP B-TREE" in step]
    assert not reads & set(sorts), steps
    if len(on_table) == 1:
        assert not sorts, steps
