"""A citizen's data is kept while their application is handled and one year after it (the consent
text), then erased as /forget erases it; statistics keep counting their applications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage
from bot.storage.models import AppStatus
from bot.storage.retention import Expired
from bot.storage.staff import StaffRole

from .conftest import TestClock
from .helpers import CITIZEN, REVIEWER, application_in, submit

DECIDED = [AppStatus.APPROVED, AppStatus.REJECTED, AppStatus.WITHDRAWN]
ACTIVE = [AppStatus.QUEUED, AppStatus.IN_REVIEW, AppStatus.NEEDS_INFO]
NEIGHBOUR = 200


async def _citizen_with(db: Database, status: AppStatus, user_id: int = CITIZEN) -> int:
    await db.users.set_language(user_id, "kk")
    await db.users.give_consent(user_id, "2026-01")
    await db.users.save_profile(user_id, {"iin": "900101300123", "region": "almaty_city"})
    return (await application_in(db, status, user_id=user_id)).id


async def _is_erased(db: Database, application_id: int) -> bool:
    application = await db.applications.get(application_id)
    assert application is not None, "the application itself is kept for statistics"
    if application.user_id is not None:
        return False
    assert (application.phone, application.comment) == (None, None)
    assert (application.profile, application.verdict) == ({}, {})
    assert await db.users.get(CITIZEN) is None
    return True


@pytest.mark.parametrize("status", DECIDED, ids=str)
async def test_a_citizen_whose_application_was_decided_366_days_ago_is_erased(
    db: Database, clock: TestClock, status: AppStatus
) -> None:
    application_id = await _citizen_with(db, status)
    await db.users.get(CITIZEN)  # in the repository's memory too
    clock.advance(timedelta(days=366))

    erased = await db.retention.erase_expired()

    assert erased == Expired(decided=1, idle=0)
    assert await _is_erased(db, application_id)


@pytest.mark.parametrize("status", DECIDED, ids=str)
async def test_a_citizen_whose_application_was_decided_364_days_ago_is_kept(
    db: Database, clock: TestClock, status: AppStatus
) -> None:
    application_id = await _citizen_with(db, status)
    clock.advance(timedelta(days=364))

    assert await db.retention.erase_expired() == Expired(decided=0, idle=0)
    assert not await _is_erased(db, application_id)
    user = await db.users.get(CITIZEN)
    assert user is not None and user.profile["iin"] == "900101300123"


async def test_the_year_counts_from_the_last_decision_not_the_first(
    db: Database, clock: TestClock
) -> None:
    first = await _citizen_with(db, AppStatus.REJECTED)
    clock.advance(timedelta(days=200))
    second = await submit(db, programme="first_job")
    await db.applications.withdraw(second.id, CITIZEN)
    clock.advance(timedelta(days=200))

    assert await db.retention.erase_expired() == Expired(decided=0, idle=0)
    assert not await _is_erased(db, first)
    clock.advance(timedelta(days=166))
    assert await db.retention.erase_expired() == Expired(decided=1, idle=0)
    assert await _is_erased(db, first) and await _is_erased(db, second.id)


@pytest.mark.parametrize("status", ACTIVE, ids=str)
async def test_a_citizen_with_an_active_application_is_kept_whatever_the_dates(
    db: Database, clock: TestClock, status: AppStatus
) -> None:
    old = await _citizen_with(db, AppStatus.APPROVED)
    clock.advance(timedelta(days=400))
    application = await submit(db, programme="first_job")
    if status is not AppStatus.QUEUED:
        await db.applications.claim(application.id, REVIEWER, timedelta(minutes=30))
    if status is AppStatus.NEEDS_INFO:
        await db.applications.decide(application.id, REVIEWER, status, "Нужна справка")
    clock.advance(timedelta(days=3 * 365))

    assert await db.retention.erase_expired() == Expired(decided=0, idle=0)
    assert not await _is_erased(db, old)
    kept = await db.applications.get(application.id)
    assert kept is not None and (kept.status, kept.user_id) == (status, CITIZEN)


async def test_a_citizen_who_never_applied_is_erased_after_a_year_idle(
    db: Database, clock: TestClock
) -> None:
    await db.users.set_language(CITIZEN, "ru")
    await db.users.save_profile(CITIZEN, {"iin": "900101300123"})
    conversation = SQLiteStorage(db)
    key = StorageKey(bot_id=1, chat_id=CITIZEN, user_id=CITIZEN)
    await conversation.update_data(key, {"iin": "900101300123"})
    # Someone who only pressed /start: a conversation, no user row.
    only_chatted = StorageKey(bot_id=1, chat_id=NEIGHBOUR, user_id=NEIGHBOUR)
    await conversation.set_state(only_chatted, "Start:language")
    clock.advance(timedelta(days=364))
    assert await db.retention.erase_expired() == Expired(decided=0, idle=0)
    assert await db.users.get(CITIZEN) is not None

    clock.advance(timedelta(days=2))
    assert await db.retention.erase_expired() == Expired(decided=0, idle=2)

    assert await db.users.get(CITIZEN) is None
    assert await conversation.get_data(key) == {}
    assert await conversation.get_state(only_chatted) is None
    rows = await db.connector.fetch_all("SELECT * FROM fsm")
    assert rows == []


async def test_a_change_to_the_answers_or_the_conversation_restarts_the_year(
    db: Database, clock: TestClock
) -> None:
    await db.users.save_profile(CITIZEN, {"region": "turkistan"})
    conversation = SQLiteStorage(db)
    key = StorageKey(bot_id=1, chat_id=CITIZEN, user_id=CITIZEN)
    clock.advance(timedelta(days=300))
    await conversation.set_state(key, "Questionnaire:region")
    clock.advance(timedelta(days=300))

    assert await db.retention.erase_expired() == Expired(decided=0, idle=0)
    assert await db.users.get(CITIZEN) is not None


async def test_statistics_still_count_the_applications_of_an_erased_citizen(
    db: Database, clock: TestClock
) -> None:
    await _citizen_with(db, AppStatus.APPROVED)
    await _citizen_with(db, AppStatus.REJECTED, user_id=NEIGHBOUR)
    before = await db.stats.counts()
    clock.advance(timedelta(days=366))

    assert await db.retention.erase_expired() == Expired(decided=2, idle=0)

    assert await db.stats.counts() == before
    assert sum(count.total for count in before) == 2


async def test_counting_who_is_due_changes_nothing(db: Database, clock: TestClock) -> None:
    application_id = await _citizen_with(db, AppStatus.APPROVED)
    await db.users.save_profile(NEIGHBOUR, {"region": "turkistan"})
    clock.advance(timedelta(days=366))

    assert await db.retention.expired() == Expired(decided=1, idle=1)
    assert await db.retention.expired() == Expired(decided=1, idle=1)

    assert not await _is_erased(db, application_id)
    assert await db.users.get(NEIGHBOUR) is not None


async def test_staff_members_are_left_alone(db: Database, clock: TestClock) -> None:
    await db.staff.add(REVIEWER, StaffRole.REVIEWER)
    await db.users.set_language(REVIEWER, "kk")
    clock.advance(timedelta(days=800))

    assert await db.retention.erase_expired() == Expired(decided=0, idle=0)
    assert await db.users.get(REVIEWER) is not None


async def test_a_run_asked_to_stop_leaves_the_rest_for_the_next_run(
    db: Database, clock: TestClock
) -> None:
    for user_id in (CITIZEN, NEIGHBOUR):
        await db.users.save_profile(user_id, {"region": "turkistan"})
    clock.advance(timedelta(days=366))
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1

    assert await db.retention.erase_expired(stop=stop) == Expired(decided=0, idle=1)
    assert await db.retention.expired() == Expired(decided=0, idle=1)
    assert await db.retention.erase_expired() == Expired(decided=0, idle=1)


@pytest.mark.parametrize("status", DECIDED, ids=str)
async def test_a_citizen_decided_over_a_year_ago_who_has_come_back_is_not_erased(
    db: Database, clock: TestClock, status: AppStatus
) -> None:
    """Rejected 13 months ago, and today agreeing again and answering the questions: the next
    daily run erased them in the middle of it."""
    application_id = await _citizen_with(db, status)
    clock.advance(timedelta(days=366))
    await db.users.give_consent(CITIZEN, "2026-11-23.1")
    await db.users.save_profile(CITIZEN, {"iin": "900101300123", "region": "turkistan"})

    assert await db.retention.erase_expired() == Expired(decided=0, idle=0)
    assert not await _is_erased(db, application_id)
    clock.advance(timedelta(days=366))  # and gone again once idle for a year
    assert await db.retention.erase_expired() == Expired(decided=1, idle=0)


async def test_the_admins_named_are_never_erased_as_idle_citizens(
    db: Database, clock: TestClock
) -> None:
    """JUMYS_ADMINS are in no table: erased as idle, their queued staff cards went with them."""
    admin = 7001
    await db.users.set_language(admin, "ru")
    clock.advance(timedelta(days=800))

    assert await db.retention.expired(keep={admin}) == Expired(decided=0, idle=0)
    assert await db.retention.erase_expired(keep={admin}) == Expired(decided=0, idle=0)
    assert await db.users.get(admin) is not None
    assert await db.retention.expired() == Expired(decided=0, idle=1)  # what `keep` prevents
