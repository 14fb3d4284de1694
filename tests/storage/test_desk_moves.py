"""The desk's moves: a supervisor reopens a decision, a reviewer passes an application to another
region instead of declining it; each an event with the actor's name as it was, the citizen told."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.outbox.notices import NoticeKind, citizen_notice, decision_notice, render
from bot.storage.database import Database
from bot.storage.desk import Scope
from bot.storage.models import AppStatus, ErrorCode, TransitionError
from bot.storage.staff import StaffRole

from .helpers import CITIZEN, REVIEWER, TTL, application_in, submit

SUPERVISOR_ID = 950
REVIEWER_SCOPE = Scope(REVIEWER, "Дана", frozenset({"almaty_city"}))
SUPERVISOR = Scope(SUPERVISOR_ID, "Марат", None, supervisor=True)


@pytest.mark.parametrize("decided", [AppStatus.APPROVED, AppStatus.REJECTED], ids=str)
@pytest.mark.parametrize("to", [AppStatus.QUEUED, AppStatus.IN_REVIEW], ids=str)
async def test_a_supervisor_reopens_a_decision_to_the_queue_or_into_their_own_review(
    db: Database, decided: AppStatus, to: AppStatus
) -> None:
    application = await application_in(db, decided)
    notice = citizen_notice(application, NoticeKind.REOPENED)
    assert notice is not None
    reopened = await db.desk_moves.reopen(
        SUPERVISOR, application.id, to, "Справка пришла позже", [notice]
    )
    assert reopened.status is to
    assert reopened.reviewer_id == (SUPERVISOR_ID if to is AppStatus.IN_REVIEW else None)
    event = (await db.applications.events(application.id))[-1]
    assert (event.actor_id, event.actor_name, event.from_status, event.to_status) == (
        SUPERVISOR_ID,
        "Марат",
        decided,
        to,
    )
    assert event.reason == "Справка пришла позже"
    messages = await db.outbox.fetch_due(datetime.now(UTC))
    assert [(m.chat_id, m.kind) for m in messages] == [(CITIZEN, NoticeKind.REOPENED)]


async def test_a_reviewer_cannot_reopen_a_decision(db: Database) -> None:
    application = await application_in(db, AppStatus.REJECTED)
    with pytest.raises(TransitionError) as refused:
        await db.desk_moves.reopen(REVIEWER_SCOPE, application.id, AppStatus.QUEUED, "Ошибка")
    assert refused.value.code is ErrorCode.NOT_ALLOWED
    assert await db.applications.get(application.id) == application


@pytest.mark.parametrize("start", [AppStatus.QUEUED, AppStatus.IN_REVIEW, AppStatus.WITHDRAWN])
async def test_only_a_decision_can_be_reopened(db: Database, start: AppStatus) -> None:
    application = await application_in(db, start)
    with pytest.raises(TransitionError) as refused:
        await db.desk_moves.reopen(SUPERVISOR, application.id, AppStatus.QUEUED, "Ошибка")
    assert refused.value.code is ErrorCode.NOT_ALLOWED


async def test_reopening_needs_a_reason(db: Database) -> None:
    application = await application_in(db, AppStatus.APPROVED)
    with pytest.raises(TransitionError) as refused:
        await db.desk_moves.reopen(SUPERVISOR, application.id, AppStatus.QUEUED, "  ")
    assert refused.value.code is ErrorCode.REASON_REQUIRED


async def test_the_holder_passes_an_application_to_another_regions_queue(db: Database) -> None:
    application = await application_in(db, AppStatus.IN_REVIEW)
    notice = citizen_notice(application, NoticeKind.TRANSFERRED)
    assert notice is not None
    moved = await db.desk_moves.transfer(
        REVIEWER_SCOPE, application.id, "turkistan", "Живёт в Туркестане", [notice]
    )
    assert (moved.status, moved.region, moved.reviewer_id) == (
        AppStatus.QUEUED,
        "turkistan",
        None,
    )
    event = (await db.applications.events(application.id))[-1]
    assert (event.to_status, event.to_region, event.reason, event.actor_name) == (
        AppStatus.QUEUED,
        "turkistan",
        "Живёт в Туркестане",
        "Дана",
    )
    # Now it is the other region's: the reviewer who passed it on no longer reads it.
    with pytest.raises(TransitionError) as refused:
        await db.desk.open(REVIEWER_SCOPE, application.id)
    assert refused.value.code is ErrorCode.OUT_OF_REGION


async def test_only_the_holder_passes_an_application_on(db: Database) -> None:
    application = await application_in(db, AppStatus.IN_REVIEW)
    colleague = Scope(REVIEWER + 1, "Асель", frozenset({"almaty_city"}))
    with pytest.raises(TransitionError) as taken:
        await db.desk_moves.transfer(colleague, application.id, "turkistan")
    assert taken.value.code is ErrorCode.TAKEN
    queued = await submit(db, user_id=CITIZEN + 1)
    with pytest.raises(TransitionError) as not_held:
        await db.desk_moves.transfer(REVIEWER_SCOPE, queued.id, "turkistan")
    assert not_held.value.code is ErrorCode.NOT_ALLOWED
    with pytest.raises(TransitionError) as same:
        await db.desk_moves.transfer(REVIEWER_SCOPE, application.id, "almaty_city")
    assert same.value.code is ErrorCode.NOT_ALLOWED


async def test_an_application_of_another_region_cannot_be_passed_on_or_reopened(
    db: Database,
) -> None:
    application = await submit(db, region="abai")
    await db.applications.claim(application.id, REVIEWER, TTL)
    with pytest.raises(TransitionError) as refused:
        await db.desk_moves.transfer(REVIEWER_SCOPE, application.id, "turkistan")
    assert refused.value.code is ErrorCode.OUT_OF_REGION
    decided = await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None)
    abai_supervisor = Scope(SUPERVISOR_ID, "Марат", frozenset({"almaty_city"}), supervisor=True)
    with pytest.raises(TransitionError) as not_theirs:
        await db.desk_moves.reopen(abai_supervisor, decided.id, AppStatus.QUEUED, "Ошибка")
    assert not_theirs.value.code is ErrorCode.OUT_OF_REGION


async def test_releasing_only_puts_back_what_is_in_review(db: Database) -> None:
    application = await submit(db)
    with pytest.raises(TransitionError) as refused:
        await db.applications.release(application.id, REVIEWER)
    assert refused.value.code is ErrorCode.NOT_ALLOWED
    assert (
        await db.applications.events(application.id)
        == (await db.applications.events(application.id))[:1]
    )


async def test_an_event_keeps_the_name_its_actor_had_then(db: Database) -> None:
    await db.staff.add(REVIEWER, StaffRole.REVIEWER, ["almaty_city"], name="Дана Серікова")
    application = await submit(db)
    await db.applications.claim(application.id, REVIEWER, TTL)
    await db.staff.remember(REVIEWER, "Дана Әлиева", "kk")
    await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None)
    await db.staff.remove(REVIEWER)
    events = await db.applications.events(application.id)
    assert [(e.actor_role, e.actor_name) for e in events] == [
        ("citizen", None),
        ("staff", "Дана Серікова"),
        ("staff", "Дана Әлиева"),
    ]


@pytest.mark.parametrize(
    ("language", "words"),
    [("ru", ["передана", "Туркестанская область"]), ("kk", ["Түркістан облысы"])],
)
async def test_the_citizen_is_told_of_a_transfer_in_their_language(
    db: Database, language: str, words: list[str]
) -> None:
    application = await application_in(db, AppStatus.IN_REVIEW)
    notice = citizen_notice(application, NoticeKind.TRANSFERRED, language)
    assert notice is not None
    await db.desk_moves.transfer(REVIEWER_SCOPE, application.id, "turkistan", None, [notice])
    [message] = [
        m for m in await db.outbox.fetch_due(datetime.now(UTC)) if m.kind == NoticeKind.TRANSFERRED
    ]
    rendered = await render(message, db, datetime.now(UTC))
    assert rendered is not None and application.number in rendered.text
    for word in words:
        assert word in rendered.text


async def test_an_approval_with_a_note_tells_the_citizen_where_to_come(db: Database) -> None:
    application = await application_in(db, AppStatus.IN_REVIEW)
    note = "Приходите в понедельник к 10:00, каб. 5"
    notice = decision_notice(application, AppStatus.APPROVED, note, "ru")
    await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, note, notice)
    [message] = [m for m in await db.outbox.fetch_due(datetime.now(UTC)) if m.kind == "decision"]
    rendered = await render(message, db, datetime.now(UTC))
    assert rendered is not None and note in rendered.text
