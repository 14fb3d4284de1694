"""The desk's search and its record: a number, a phone or an IIN as staff type them, or words of
a name; only in the regions the member serves; each search and each look at an application
recorded, never what was typed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.storage import desk_sql
from bot.storage.database import Database
from bot.storage.desk import Scope, SearchKind, SearchQuery, read_search
from bot.storage.models import Application, ErrorCode, TransitionError

from .helpers import REVIEWER

ALMATY_ONLY = Scope(REVIEWER, "Дана", frozenset({"almaty_city"}))
SUPERVISOR = Scope(950, "Марат", None, supervisor=True)
IIN = "950315400123"


async def _citizen(
    db: Database,
    user_id: int,
    name: str | None = "Айгерім Бекова",
    region: str = "almaty_city",
    phone: str = "+77012345678",
    iin: str | None = IIN,
) -> Application:
    profile: dict[str, object] = {"region": region}
    if iin is not None:
        profile["iin"] = iin
    application, _ = await db.applications.submit(
        user_id, "kumis_jas", region, profile, {}, phone, None, "kk", name=name
    )
    return application


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("A-000123", SearchQuery(SearchKind.NUMBER, 123)),
        ("а123", SearchQuery(SearchKind.NUMBER, 123)),
        ("123", SearchQuery(SearchKind.NUMBER, 123)),
        ("+7 701 234 56 78", SearchQuery(SearchKind.PHONE, "+77012345678")),
        ("8 (701) 234-56-78", SearchQuery(SearchKind.PHONE, "+77012345678")),
        ("87012345678", SearchQuery(SearchKind.PHONE, "+77012345678")),
        ("950315 400123", SearchQuery(SearchKind.IIN, IIN)),
        ("БЕКОВА", SearchQuery(SearchKind.NAME, ("бекова",))),
        ("Айгерім  Бекова", SearchQuery(SearchKind.NAME, ("айгерім", "бекова"))),
        ("Фёдоров", SearchQuery(SearchKind.NAME, ("федоров",))),
    ],
)
def test_what_staff_type_is_read_as_a_number_a_phone_an_iin_or_a_name(
    typed: str, expected: SearchQuery
) -> None:
    assert read_search(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "—", "12-34"])
def test_what_is_none_of_these_is_not_searched_for(typed: str) -> None:
    assert read_search(typed) is None


@pytest.mark.parametrize(
    "typed",
    ["8 701 234 56 78", "+77012345678", "950315400123", "бекова", "АЙГЕРІМ", "айгерім бекова"],
)
async def test_a_citizen_who_phones_in_is_found_by_phone_iin_or_name(
    db: Database, typed: str
) -> None:
    wanted = await _citizen(db, 1)
    await _citizen(db, 2, name="Ерлан Бекмұратов", phone="+77019998877", iin="880101300456")
    query = read_search(typed)
    assert query is not None
    page = await db.desk.search(ALMATY_ONLY, query)
    assert [a.id for a in page.applications] == [wanted.id]


async def test_an_application_is_found_by_its_number(db: Database) -> None:
    await _citizen(db, 1)
    wanted = await _citizen(db, 2, name=None)
    query = read_search(wanted.number)
    assert query is not None
    page = await db.desk.search(ALMATY_ONLY, query)
    assert [a.id for a in page.applications] == [wanted.id]


@pytest.mark.parametrize("typed", ["8 701 234 56 78", "950315400123", "бекова", "A-000001"])
async def test_search_never_finds_an_application_of_another_region(
    db: Database, typed: str
) -> None:
    theirs = await _citizen(db, 1, region="turkistan")
    query = read_search(typed)
    assert query is not None
    assert (await db.desk.search(ALMATY_ONLY, query)).applications == []
    found = await db.desk.search(SUPERVISOR, query)
    assert [a.id for a in found.applications] == [theirs.id]


async def test_a_name_search_needs_every_word_typed(db: Database) -> None:
    both = await _citizen(db, 1, name="Айгерім Бекова")
    await _citizen(db, 2, name="Айгерім Омарова", phone="+77010000002", iin=None)
    await _citizen(db, 3, name="Дана Бекова", phone="+77010000003", iin=None)
    query = read_search("бекова айгерім")
    assert query is not None
    page = await db.desk.search(ALMATY_ONLY, query)
    assert [a.id for a in page.applications] == [both.id]


async def test_name_results_come_in_pages_oldest_first(db: Database) -> None:
    ids = [(await _citizen(db, n, phone=f"+7701000000{n}", iin=None)).id for n in range(1, 6)]
    query = SearchQuery(SearchKind.NAME, ("бекова",))
    first = await db.desk.search(ALMATY_ONLY, query, take=3)
    assert [a.id for a in first.applications] == ids[:3]
    assert first.next_after == ids[2]
    rest = await db.desk.search(ALMATY_ONLY, query, after=first.next_after, take=3)
    assert [a.id for a in rest.applications] == ids[3:]
    assert rest.next_after is None


async def _views(db_path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        return list(
            conn.execute(
                "SELECT staff_id, staff_name, kind, search_kind, application_id FROM desk_views"
                " ORDER BY id"
            )
        )
    finally:
        conn.close()


async def test_each_search_is_recorded_with_what_it_found_but_not_what_was_typed(
    db: Database, db_path: Path
) -> None:
    found = await _citizen(db, 1)
    await db.desk.search(ALMATY_ONLY, SearchQuery(SearchKind.PHONE, "+77012345678"))
    await db.desk.search(ALMATY_ONLY, SearchQuery(SearchKind.NAME, ("омарова",)))
    assert await _views(db_path) == [
        (REVIEWER, "Дана", "search", "phone", found.id),
        (REVIEWER, "Дана", "search", "name", None),
    ]
    conn = sqlite3.connect(db_path)
    try:
        every_value = " ".join(
            str(value) for row in conn.execute("SELECT * FROM desk_views") for value in row
        )
    finally:
        conn.close()
    assert "7012345678" not in every_value and "омарова" not in every_value


async def test_opening_an_application_is_recorded_with_its_history(
    db: Database, db_path: Path
) -> None:
    application = await _citizen(db, 1)
    await db.staff.add_note(application.id, REVIEWER, "Позвонить после обеда")
    dossier = await db.desk.open(ALMATY_ONLY, application.id)
    assert dossier.application == application
    assert [e.to_status for e in dossier.events] == ["queued"]
    assert [n.text for n in dossier.notes] == ["Позвонить после обеда"]
    assert await _views(db_path) == [(REVIEWER, "Дана", "view", None, application.id)]


async def test_opening_another_regions_application_is_refused_and_recorded(
    db: Database, db_path: Path
) -> None:
    theirs = await _citizen(db, 1, region="turkistan")
    with pytest.raises(TransitionError) as refused:
        await db.desk.open(ALMATY_ONLY, theirs.id)
    assert refused.value.code is ErrorCode.OUT_OF_REGION
    assert await _views(db_path) == []
    [attempt] = await db.staff.refusals(REVIEWER)
    assert (attempt.action, attempt.application_id) == ("desk:open", theirs.id)
    with pytest.raises(TransitionError) as missing:
        await db.desk.open(ALMATY_ONLY, theirs.id + 1)
    assert missing.value.code is ErrorCode.NOT_FOUND


async def test_a_forgotten_citizen_is_no_longer_found_by_name_phone_or_iin(
    db: Database, db_path: Path
) -> None:
    await _citizen(db, 1)
    await db.users.forget(1)
    for typed in ("бекова", "+77012345678", IIN):
        query = read_search(typed)
        assert query is not None
        assert (await db.desk.search(SUPERVISOR, query)).applications == []
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM application_name_words").fetchone() == (0,)
        assert conn.execute("SELECT name, iin FROM applications").fetchall() == [(None, None)]
    finally:
        conn.close()


def _plan(db_path: Path, sql: str, params: list[object]) -> list[tuple[int, int, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return [
            (row[0], row[1], row[3]) for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        ]
    finally:
        conn.close()


@pytest.mark.parametrize("regions", [None, ["almaty_city", "abai"]])
@pytest.mark.parametrize("column", ["id", "phone", "iin"])
async def test_a_search_by_number_phone_or_iin_is_an_index_seek(
    db: Database, db_path: Path, regions: list[str] | None, column: str
) -> None:
    sql, params = desk_sql.by_column(column, "x", regions, 0, 51)
    steps = [step for _, _, step in _plan(db_path, sql, params)]
    assert len(steps) == 1 and steps[0].startswith("SEARCH applications USING"), steps


@pytest.mark.parametrize("regions", [None, ["almaty_city"], ["almaty_city", "abai"]])
@pytest.mark.parametrize("words", [["бекова"], ["бекова", "айгерім"]])
async def test_a_name_search_reads_each_regions_words_in_order_from_an_index(
    db: Database, db_path: Path, regions: list[str] | None, words: list[str]
) -> None:
    sql, params = desk_sql.by_name(words, regions, 0, 51)
    plan = _plan(db_path, sql, params)
    steps = [step for _, _, step in plan]
    reads = [step for step in steps if step.startswith("SEARCH w ")]
    assert len(reads) == (1 if regions is None else len(regions)), steps
    index = "PRIMARY KEY (word=? AND" if regions is None else "application_name_words_by_region"
    assert all(index in step for step in reads), steps
    assert all(
        step.startswith(
            (
                "SEARCH",
                "SCAN (subquery",
                "MATERIALIZE",
                "CORRELATED",
                "MERGE",
                "LEFT",
                "RIGHT",
                "USE TEMP",
            )
        )
        for step in steps
    ), steps
    # Only the page taken from each region is sorted, never the word's rows themselves.
    materialised = {id_ for id_, _, step in plan if step.startswith("MATERIALIZE")}
    sorts = {parent for _, parent, step in plan if "USE TEMP B-TREE" in step}
    assert not materialised & sorts, steps
