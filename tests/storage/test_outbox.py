from __future__ import annotations

from datetime import timedelta

import pytest

from bot.storage.database import Database
from bot.storage.models import AppStatus, OutboxDraft, TransitionError
from bot.storage.outbox import MAX_ATTEMPTS, backoff

from .conftest import TestClock
from .helpers import CITIZEN, REVIEWER, TTL, submit


def _draft(kind: str = "approved") -> OutboxDraft:
    return OutboxDraft(CITIZEN, kind, {"number": "A-000001"}, "kk")


async def test_a_decision_and_its_message_are_written_together(db: Database) -> None:
    application = await submit(db)
    await db.applications.claim(application.id, REVIEWER, TTL)
    await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None, _draft())
    [message] = await db.outbox.fetch_due(db.connector.now(), limit=10)
    decision = (await db.applications.events(application.id))[-1]
    assert (message.chat_id, message.kind, message.payload, message.language) == (
        CITIZEN,
        "approved",
        {"number": "A-000001"},
        "kk",
    )
    assert message.event_id == decision.id


async def test_a_refused_decision_queues_no_message(db: Database) -> None:
    application = await submit(db)
    with pytest.raises(TransitionError):
        await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None, _draft())
    assert await db.outbox.backlog() == 0


async def test_the_same_event_never_queues_the_same_message_twice(db: Database) -> None:
    application = await submit(db)
    [event] = await db.applications.events(application.id)
    assert await db.outbox.enqueue(_draft(), event_id=event.id) is not None
    assert await db.outbox.enqueue(_draft(), event_id=event.id) is None
    assert await db.outbox.enqueue(_draft("to_staff"), event_id=event.id) is not None
    assert await db.outbox.backlog() == 2


async def test_a_message_is_fetched_once_and_marked_sent_once(
    db: Database, clock: TestClock
) -> None:
    await db.outbox.enqueue(_draft())
    [message] = await db.outbox.fetch_due(clock(), limit=10)
    # Leased: a second poll while it is being sent does not return it again.
    assert await db.outbox.fetch_due(clock(), limit=10) == []
    assert await db.outbox.mark_sent(message.id) is True
    assert await db.outbox.mark_sent(message.id) is False
    clock.advance(timedelta(hours=1))
    assert await db.outbox.fetch_due(clock(), limit=10) == []
    assert await db.outbox.backlog() == 0


async def test_a_message_waits_for_its_not_before_time(db: Database, clock: TestClock) -> None:
    await db.outbox.enqueue(_draft())
    [message] = await db.outbox.fetch_due(clock(), limit=10)
    # Telegram said "retry after 30 s".
    assert await db.outbox.record_failure(message, "Too Many Requests", timedelta(seconds=30))
    clock.advance(timedelta(seconds=29))
    assert await db.outbox.fetch_due(clock(), limit=10) == []
    clock.advance(timedelta(seconds=2))
    [again] = await db.outbox.fetch_due(clock(), limit=10)
    assert (again.id, again.attempts) == (message.id, 1)


async def test_a_message_is_given_up_after_the_last_attempt(db: Database, clock: TestClock) -> None:
    await db.outbox.enqueue(_draft())
    retries = 0
    while True:
        clock.advance(timedelta(hours=2))
        [message] = await db.outbox.fetch_due(clock(), limit=10)
        if not await db.outbox.record_failure(message, "Bad Gateway"):
            break
        retries += 1
    assert retries == MAX_ATTEMPTS - 1
    clock.advance(timedelta(days=1))
    assert await db.outbox.fetch_due(clock(), limit=10) == []
    assert await db.outbox.backlog() == 0


async def test_due_messages_come_oldest_first_up_to_the_limit(
    db: Database, clock: TestClock
) -> None:
    ids = [await db.outbox.enqueue(OutboxDraft(chat, "hello", {}, "ru")) for chat in range(5)]
    first = await db.outbox.fetch_due(clock(), limit=3)
    rest = await db.outbox.fetch_due(clock(), limit=3)
    assert [m.id for m in first] + [m.id for m in rest] == ids


def test_backoff_doubles_and_stops_at_an_hour() -> None:
    waits = [backoff(attempt).total_seconds() for attempt in range(1, 12)]
    assert waits[:4] == [5, 10, 20, 40]
    assert max(waits) == 3600
    assert waits == sorted(waits)
