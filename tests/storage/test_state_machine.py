"""Every move a citizen or reviewer can make, from every status: allowed exactly when the
state-machine table says so, and then recorded as an event."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest

from bot.storage.database import Database
from bot.storage.machine import SUPERVISOR_ONLY, TRANSITIONS, is_allowed
from bot.storage.models import (
    ActorRole,
    Application,
    AppStatus,
    ErrorCode,
    OutboxDraft,
    TransitionError,
)

from .helpers import CITIZEN, REVIEWER, TTL, application_in


@dataclass(frozen=True)
class Move:
    name: str
    to: AppStatus
    role: ActorRole
    actor_id: int
    reason: str | None
    run: Callable[[Database, int], Awaitable[Application]]


MOVES = [
    Move(
        "withdraw",
        AppStatus.WITHDRAWN,
        ActorRole.CITIZEN,
        CITIZEN,
        None,
        lambda db, app_id: db.applications.withdraw(app_id, CITIZEN),
    ),
    Move(
        "answer",
        AppStatus.QUEUED,
        ActorRole.CITIZEN,
        CITIZEN,
        "Справку приложил",
        lambda db, app_id: db.applications.answer_info(app_id, CITIZEN, "Справку приложил"),
    ),
    Move(
        "claim",
        AppStatus.IN_REVIEW,
        ActorRole.STAFF,
        REVIEWER,
        None,
        lambda db, app_id: db.applications.claim(app_id, REVIEWER, TTL),
    ),
    Move(
        "release",
        AppStatus.QUEUED,
        ActorRole.STAFF,
        REVIEWER,
        None,
        lambda db, app_id: db.applications.release(app_id, REVIEWER),
    ),
    *(
        Move(
            f"decide_{to}",
            to,
            ActorRole.STAFF,
            REVIEWER,
            "Нет справки",
            lambda db, app_id, to=to: db.applications.decide(  # type: ignore[misc]
                app_id,
                REVIEWER,
                to,
                "Нет справки",
                OutboxDraft(CITIZEN, f"decided_{to}", {"id": app_id}, "kk"),
            ),
        )
        for to in (AppStatus.APPROVED, AppStatus.REJECTED, AppStatus.NEEDS_INFO)
    ),
]


def _allowed(start: AppStatus, move: Move) -> bool:
    if start is AppStatus.IN_REVIEW and move.to is AppStatus.IN_REVIEW:
        return True  # the holder claiming again renews the claim
    return is_allowed(start, move.to, move.role)


@pytest.mark.parametrize("move", MOVES, ids=lambda move: move.name)
@pytest.mark.parametrize("start", list(AppStatus), ids=str)
async def test_each_move_from_each_status_is_done_or_refused_as_the_table_says(
    db: Database, start: AppStatus, move: Move
) -> None:
    application = await application_in(db, start)
    events_before = await db.applications.events(application.id)
    backlog_before = await db.outbox.backlog()

    if _allowed(start, move):
        moved = await move.run(db, application.id)
        assert moved.status is move.to
        assert await db.applications.get(application.id) == moved
        if start is move.to:
            return
        event = (await db.applications.events(application.id))[-1]
        assert (event.actor_id, event.actor_role, event.from_status, event.to_status) == (
            move.actor_id,
            move.role,
            start,
            move.to,
        )
        assert event.reason == move.reason
        expected_messages = 1 if move.name.startswith("decide") else 0
        assert await db.outbox.backlog() == backlog_before + expected_messages
    else:
        with pytest.raises(TransitionError) as refused:
            await move.run(db, application.id)
        assert refused.value.code is ErrorCode.NOT_ALLOWED
        assert (refused.value.from_status, refused.value.to_status) == (start, move.to)
        assert await db.applications.get(application.id) == application
        assert await db.applications.events(application.id) == events_before
        assert await db.outbox.backlog() == backlog_before


def test_the_table_is_the_one_in_the_issue() -> None:
    q, r, n = AppStatus.QUEUED, AppStatus.IN_REVIEW, AppStatus.NEEDS_INFO
    a, x, w = AppStatus.APPROVED, AppStatus.REJECTED, AppStatus.WITHDRAWN
    by_people = {move for move, roles in TRANSITIONS.items() if roles - {ActorRole.SYSTEM}}
    # (n, r): the citizen's answer goes back to the reviewer who asked (issue 18).
    reopenings = {(a, q), (x, q), (a, r), (x, r)}
    assert by_people == {
        (None, q), (q, r), (r, a), (r, x), (r, n), (r, q), (n, q), (n, r), (q, w), (n, w),
        *reopenings,
    }  # fmt: skip
    assert reopenings == SUPERVISOR_ONLY
    assert not any(start is w for start, _ in TRANSITIONS)


@pytest.mark.parametrize("to", [AppStatus.REJECTED, AppStatus.NEEDS_INFO], ids=str)
@pytest.mark.parametrize("reason", [None, "", "   "])
async def test_rejecting_or_asking_needs_a_reason(
    db: Database, to: AppStatus, reason: str | None
) -> None:
    application = await application_in(db, AppStatus.IN_REVIEW)
    with pytest.raises(TransitionError) as refused:
        await db.applications.decide(application.id, REVIEWER, to, reason)
    assert refused.value.code is ErrorCode.REASON_REQUIRED
    assert (await db.applications.get(application.id)) == application


async def test_an_empty_answer_does_not_send_the_application_back(db: Database) -> None:
    application = await application_in(db, AppStatus.NEEDS_INFO)
    with pytest.raises(TransitionError) as refused:
        await db.applications.answer_info(application.id, CITIZEN, "  ")
    assert refused.value.code is ErrorCode.REASON_REQUIRED
    assert (await db.applications.get(application.id)) == application


async def test_a_reviewer_cannot_decide_what_another_reviewer_holds(db: Database) -> None:
    application = await application_in(db, AppStatus.IN_REVIEW)
    with pytest.raises(TransitionError) as refused:
        await db.applications.decide(application.id, REVIEWER + 1, AppStatus.APPROVED, None)
    assert refused.value.code is ErrorCode.TAKEN
    assert refused.value.holder_id == REVIEWER
    with pytest.raises(TransitionError) as refused_claim:
        await db.applications.claim(application.id, REVIEWER + 1, TTL)
    assert refused_claim.value.holder_id == REVIEWER


async def test_a_whole_review_is_recorded_event_by_event(db: Database) -> None:
    application = await application_in(db, AppStatus.NEEDS_INFO)
    await db.applications.answer_info(application.id, CITIZEN, "Диплом 2025 года")
    claimed = await db.applications.claim_next(REVIEWER, None, TTL)
    assert claimed is not None and claimed.id == application.id
    await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None)
    history = [
        (e.actor_role, e.actor_id, e.from_status, e.to_status, e.reason)
        for e in await db.applications.events(application.id)
    ]
    q, r, n, a = AppStatus.QUEUED, AppStatus.IN_REVIEW, AppStatus.NEEDS_INFO, AppStatus.APPROVED
    citizen, staff = ActorRole.CITIZEN, ActorRole.STAFF
    assert history == [
        (citizen, CITIZEN, None, q, None),
        (staff, REVIEWER, q, r, None),
        (staff, REVIEWER, r, n, "Нужна справка"),
        (citizen, CITIZEN, n, q, "Диплом 2025 года"),
        (staff, REVIEWER, q, r, None),
        (staff, REVIEWER, r, a, None),
    ]
    decided = await db.applications.get(application.id)
    assert decided is not None and decided.reviewer_id == REVIEWER
    assert decided.claimed_until is None
