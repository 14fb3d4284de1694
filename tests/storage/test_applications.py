from __future__ import annotations

import asyncio

import pytest

from bot.storage.database import Database
from bot.storage.models import ActorRole, AppStatus, ErrorCode, TransitionError

from .helpers import CITIZEN, REVIEWER, TTL, application_in, submit


async def test_a_submitted_application_is_queued_with_a_number_and_an_event(db: Database) -> None:
    application = await submit(db)
    assert application.status is AppStatus.QUEUED
    assert application.number == "A-000001"
    assert await db.applications.get_by_number("а-1") == application
    [event] = await db.applications.events(application.id)
    assert (event.actor_id, event.actor_role, event.from_status, event.to_status) == (
        CITIZEN,
        ActorRole.CITIZEN,
        None,
        AppStatus.QUEUED,
    )


async def test_a_double_tap_on_apply_returns_the_same_application(db: Database) -> None:
    first, created = await db.applications.submit(
        CITIZEN, "kumis_jas", "turkistan", {}, {}, None, None, "kk"
    )
    again, created_again = await db.applications.submit(
        CITIZEN, "kumis_jas", "turkistan", {}, {}, "+77000000000", None, "kk"
    )
    assert created and not created_again
    assert again == first
    assert await db.applications.list_for_user(CITIZEN) == [first]


async def test_two_simultaneous_submits_create_one_application(db: Database) -> None:
    results = await asyncio.gather(*(submit(db) for _ in range(5)))
    assert len({application.id for application in results}) == 1
    assert len(await db.applications.list_for_user(CITIZEN)) == 1


async def test_after_withdrawing_the_citizen_may_apply_again(db: Database) -> None:
    first = await submit(db)
    await db.applications.withdraw(first.id, CITIZEN)
    second = await submit(db)
    other_programme = await submit(db, programme="first_job")
    assert len({first.id, second.id, other_programme.id}) == 3
    statuses = [a.status for a in await db.applications.list_for_user(CITIZEN)]
    assert statuses == [AppStatus.QUEUED, AppStatus.QUEUED, AppStatus.WITHDRAWN]


async def test_someone_else_cannot_withdraw_my_application(db: Database) -> None:
    application = await submit(db)
    with pytest.raises(TransitionError) as refused:
        await db.applications.withdraw(application.id, CITIZEN + 1)
    assert refused.value.code is ErrorCode.NOT_OWNER
    assert (await db.applications.get(application.id)) == application


async def test_an_approved_application_cannot_be_withdrawn(db: Database) -> None:
    application = await application_in(db, AppStatus.APPROVED)
    with pytest.raises(TransitionError) as refused:
        await db.applications.withdraw(application.id, CITIZEN)
    assert refused.value.code is ErrorCode.NOT_ALLOWED
    assert (refused.value.from_status, refused.value.to_status) == (
        AppStatus.APPROVED,
        AppStatus.WITHDRAWN,
    )
    assert "approved to withdrawn" in str(refused.value)


async def test_a_missing_application_is_reported_as_not_found(db: Database) -> None:
    with pytest.raises(TransitionError) as refused:
        await db.applications.claim(12345, REVIEWER, TTL)
    assert refused.value.code is ErrorCode.NOT_FOUND
