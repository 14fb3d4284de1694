"""The outbox notifier against a real HTTP Bot API on 127.0.0.1 that fails on purpose: timeouts,
refused connections, 5xx, an HTML page, 429, 403 (blocked), 400 (chat not found), a notifier
killed mid-pass. The outbox drains; every message Telegram answered for is delivered once; none
is lost. Time is a test clock: backoffs of minutes pass without sleeping."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiogram import Bot
from storage.conftest import TestClock
from support.bots import bare_bot

from bot.api_errors import TokenRefused
from bot.outbox.delivery import PRIVATE_ROUTING, NotifierTimes, deliver_due, run_notifier
from bot.outbox.notices import NoticeKind, decision_notice
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus, OutboxDraft
from bot.storage.outbox import DEFAULT_LEASE, MAX_ATTEMPTS, backoff
from bot.telegram.dispatcher import build_bot
from bot.telegram.offline_session import OfflineSession, SentRequest
from bot.telegram.rates import Rate
from bot.telegram.send_limits import SendSchedule

from .bot_api import BotApiServer, Failure

REVIEWER = 7101
CLAIM = timedelta(minutes=30)
UNREACHABLE = "хабар жеткізілмеді"  # the reviewer's "please phone them" (kk, the default)


@pytest.fixture
async def api() -> AsyncIterator[BotApiServer]:
    server = BotApiServer()
    server.timeout_seconds = 0.4
    await server.start()
    yield server
    await server.close()


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


async def _open(path: Path, clock: TestClock) -> Database:
    db = await Database.open(path, clock=clock)
    await db.staff.remember(REVIEWER, "Асель", "ru")
    return db


@pytest.fixture
async def db(tmp_path: Path, clock: TestClock) -> AsyncIterator[Database]:
    database = await _open(tmp_path / "jumys.sqlite3", clock)
    yield database
    await database.close()


def _bot(api: BotApiServer, timeout: float = 0.2) -> Bot:
    """The bot `jumys run` builds (with Telegram's limits), giving up a request after `timeout`."""
    bot = build_bot(Settings(_env_file=None, bot_token="123:TEST", api_url=api.url))
    bot.session.timeout = timeout
    return bot


@pytest.fixture
async def bot(api: BotApiServer) -> AsyncIterator[Bot]:
    made = _bot(api)
    yield made
    await made.session.close()


async def _approved(db: Database, citizen: int) -> Application:
    application, _created = await db.applications.submit(
        citizen, "kumis_jas", "turkistan", {}, {}, "+77011234567", None, "ru"
    )
    await db.applications.claim(application.id, REVIEWER, CLAIM)
    notice = decision_notice(application, AppStatus.APPROVED, None)
    return await db.applications.decide(application.id, REVIEWER, AppStatus.APPROVED, None, notice)


def _delivered(api: BotApiServer, chat_id: int) -> list[str]:
    return api.texts(chat_id)


async def _kinds(db: Database) -> dict[str, int]:
    rows = await db.connector.fetch_all(
        "SELECT kind, COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL GROUP BY kind"
    )
    return {str(row["kind"]): int(row["n"]) for row in rows}


@pytest.mark.parametrize(
    "failure", [Failure.TIMEOUT, Failure.SERVER_ERROR, Failure.NOT_JSON, Failure.FLOOD]
)
async def test_a_failed_send_is_tried_again_and_delivered_once(
    api: BotApiServer, bot: Bot, db: Database, clock: TestClock, failure: Failure
) -> None:
    await _approved(db, 5001)
    api.fail("sendMessage", failure)
    # A 429 is waited out inside the pass (bot.telegram.send_limits); the others wait for the
    # backoff.
    sent = await deliver_due(bot, db)
    if failure is not Failure.FLOOD:
        assert sent == 0
        clock.advance(backoff(1) - timedelta(seconds=1))
        assert await deliver_due(bot, db) == 0  # not before the backoff
        clock.advance(timedelta(seconds=1, milliseconds=1))
        sent = await deliver_due(bot, db)
    assert sent == 1
    clock.advance(timedelta(hours=1))
    assert await deliver_due(bot, db) == 0
    [text] = _delivered(api, 5001)
    assert "одобрена" in text
    assert await db.outbox.backlog() == 0


async def test_a_send_delivered_but_answered_too_late_is_sent_again(
    api: BotApiServer, bot: Bot, db: Database, clock: TestClock
) -> None:
    """The one duplicate the notifier cannot rule out (bot/notify.py): Telegram delivered the
    message, its answer came after the client gave up. Sent again rather than risk losing it."""
    await _approved(db, 5001)
    api.fail("sendMessage", Failure.LATE)
    assert await deliver_due(bot, db) == 0
    clock.advance(backoff(1) + timedelta(milliseconds=1))
    assert await deliver_due(bot, db) == 1
    first, second = _delivered(api, 5001)
    assert first == second and "одобрена" in first
    assert _delivered(api, REVIEWER) == []  # the reviewer is not troubled: it did arrive


async def test_the_api_down_for_hours_loses_no_notification(
    api: BotApiServer, bot: Bot, db: Database, clock: TestClock
) -> None:
    await _approved(db, 5001)
    await api.pause()  # connection refused
    for _ in range(12 * 6):  # twelve hours of passes ten minutes apart
        assert await deliver_due(bot, db) == 0
        clock.advance(timedelta(minutes=10))
    await api.resume()
    clock.advance(timedelta(hours=1))
    assert await deliver_due(bot, db) == 1
    assert len(_delivered(api, 5001)) == 1
    assert _delivered(api, REVIEWER) == []  # nobody was told the citizen cannot be reached
    assert await db.outbox.backlog() == 0


async def _only_the_reviewer_is_told(
    api: BotApiServer, bot: Bot, db: Database, clock: TestClock, application: Application
) -> None:
    """The citizen's message was given up: the reviewer's note goes once, nothing after it."""
    assert await deliver_due(bot, db) == 1
    for _ in range(3):
        clock.advance(timedelta(hours=2))
        assert await deliver_due(bot, db) == 0
    assert _delivered(api, 5001) == []
    [note] = _delivered(api, REVIEWER)
    assert UNREACHABLE in note and application.number in note


@pytest.mark.parametrize("refusal", [Failure.BLOCKED, Failure.CHAT_NOT_FOUND])
async def test_a_refused_send_is_not_tried_again_and_the_reviewer_is_told_once(
    api: BotApiServer, bot: Bot, db: Database, clock: TestClock, refusal: Failure
) -> None:
    application = await _approved(db, 5001)
    api.fail("sendMessage", refusal)
    assert await deliver_due(bot, db) == 0  # refused, given up; the reviewer's note is queued
    await _only_the_reviewer_is_told(api, bot, db, clock, application)
    assert len(api.sent()) == 1  # the citizen's message was asked for once, never again


async def test_a_wrong_token_gives_nothing_up_and_tells_no_reviewer(
    api: BotApiServer, bot: Bot, db: Database, clock: TestClock
) -> None:
    """A 401 is the bot's token, not the citizen: the notices wait for the right token."""
    await _approved(db, 5001)
    await _approved(db, 5002)
    api.fail("sendMessage", Failure.UNAUTHORIZED)
    with pytest.raises(TokenRefused):
        await deliver_due(bot, db)
    assert await db.outbox.backlog() == 2
    clock.advance(DEFAULT_LEASE + timedelta(seconds=1))  # the token is put right, the bot restarted
    assert await deliver_due(bot, db) == 2
    assert sorted(int(r.params["chat_id"]) for r in api.sent("sendMessage")) == [5001, 5002]
    assert await db.outbox.backlog() == 0


async def test_a_flood_wait_that_never_ends_gives_up_and_tells_the_reviewer_once(
    api: BotApiServer, db: Database, clock: TestClock
) -> None:
    # Thirty-four sends to one chat: Telegram's 1 a second per chat would make this 14 s of
    # real waiting, and the limits have their own tests.
    never = Rate(1e9, 1_000_000)
    settings = Settings(_env_file=None, bot_token="123:TEST", api_url=api.url)
    schedule = SendSchedule(global_rate=never, private_rate=never, group_rate=never)
    bot = build_bot(settings, schedule=schedule)
    application = await _approved(db, 5001)
    api.flood_seconds = 600  # longer than anything is waited out inside a request
    api.fail("sendMessage", Failure.FLOOD, times=MAX_ATTEMPTS)
    for _ in range(MAX_ATTEMPTS):
        assert await deliver_due(bot, db) == 0
        clock.advance(timedelta(hours=1))
    # Telegram takes messages again: the reviewer's note goes.
    await _only_the_reviewer_is_told(api, bot, db, clock, application)
    await bot.session.close()


async def test_the_outbox_drains_through_every_kind_of_failure_each_message_once(
    api: BotApiServer, bot: Bot, db: Database, clock: TestClock
) -> None:
    citizens = list(range(5001, 5013))
    for citizen in citizens:
        await _approved(db, citizen)
    for failure in (
        Failure.TIMEOUT,
        Failure.SERVER_ERROR,
        Failure.BLOCKED,
        Failure.NOT_JSON,
        Failure.CHAT_NOT_FOUND,
        Failure.SERVER_ERROR,
        Failure.TIMEOUT,
        Failure.SERVER_ERROR,
    ):  # (a 429 is waited out inside the pass: a real second, tested on its own above)
        api.fail("sendMessage", failure)
    passes = 0
    while await db.outbox.backlog() and passes < 100:
        passes += 1
        if passes == 3:
            await api.pause()  # and the API is down for a few passes
        if passes == 6:
            await api.resume()
        await deliver_due(bot, db)
        clock.advance(timedelta(seconds=30))
    assert await db.outbox.backlog() == 0 and api.failing("sendMessage") == 0
    refused = {
        int(request.params["chat_id"])
        for request, failure in api.failed
        if failure in (Failure.BLOCKED, Failure.CHAT_NOT_FOUND)
    }
    assert len(refused) == 2
    for citizen in citizens:
        assert len(_delivered(api, citizen)) == (0 if citizen in refused else 1), citizen
    notes = _delivered(api, REVIEWER)
    assert len(notes) == 2 and all(UNREACHABLE in note for note in notes)
    assert await _kinds(db) == {
        NoticeKind.DECISION: len(citizens) - 2,
        NoticeKind.STAFF_UNREACHABLE: 2,
    }


async def test_a_notifier_killed_mid_pass_loses_and_repeats_nothing(
    api: BotApiServer, db: Database, clock: TestClock, tmp_path: Path
) -> None:
    citizens = list(range(5001, 5007))
    for citizen in citizens:
        await _approved(db, citizen)
    api.timeout_seconds = 30.0
    bot = _bot(api, timeout=60)
    api.fail("sendMessage", Failure.TIMEOUT, after=2)  # the third message hangs ...
    stop = asyncio.Event()
    worker = asyncio.create_task(
        run_notifier(bot, db, PRIVATE_ROUTING, stop, NotifierTimes(interval=0.01))
    )
    await asyncio.wait_for(api.hanging.wait(), 5)
    worker.cancel()  # ... and the worker is killed in the middle of its pass
    with pytest.raises(asyncio.CancelledError):
        await worker
    await bot.session.close()
    await db.close()

    # The next start: the messages the dead pass had leased wait out the lease, then go.
    restarted = await _open(tmp_path / "jumys.sqlite3", clock)
    bot = _bot(api)
    try:
        assert await deliver_due(bot, restarted) == 0
        clock.advance(DEFAULT_LEASE + timedelta(seconds=1))
        await deliver_due(bot, restarted)
        assert await restarted.outbox.backlog() == 0
    finally:
        await bot.session.close()
        await restarted.close()
    for citizen in citizens:
        assert len(_delivered(api, citizen)) == 1, citizen
    sends = [(r.params["chat_id"], r.params["text"]) for r in api.sent()]
    assert len(sends) == len(set(sends))  # nothing at all was sent twice


async def test_a_message_that_cannot_be_rendered_does_not_hold_back_the_others(
    api: BotApiServer, bot: Bot, db: Database, clock: TestClock
) -> None:
    unreadable = {"application_id": "A-1"}  # a payload written by a bug: not an id
    broken = await db.outbox.enqueue(OutboxDraft(5000, NoticeKind.DECISION, unreadable, "ru"))
    citizens = [5001, 5002, 5003]
    for citizen in citizens:
        await _approved(db, citizen)
    assert await deliver_due(bot, db) == 3
    for _ in range(40):  # the broken one is tried on its backoff, then given up
        clock.advance(timedelta(hours=1))
        assert await deliver_due(bot, db) == 0
    assert [len(_delivered(api, citizen)) for citizen in citizens] == [1, 1, 1]
    assert await db.outbox.backlog() == 0
    row = await db.connector.fetch_one("SELECT * FROM outbox WHERE id = ?", (broken,))
    assert row is not None
    assert row["failed_at"] is not None and "ValueError" in row["last_error"]


async def test_a_delivery_the_database_could_not_record_is_recorded_later_not_sent_again(
    tmp_path: Path, clock: TestClock
) -> None:
    """Telegram took the message, then the database refused the record (a backup held the
    write lock beyond the busy timeout): the next pass records it and sends nothing again."""
    path = tmp_path / "locked.sqlite3"
    db = await Database.open(path, clock=clock, busy_timeout_ms=100)
    backup = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        await db.staff.remember(REVIEWER, "Асель", "ru")
        await _approved(db, 5001)

        def backup_starts(request: SentRequest) -> None:
            if request.method == "sendMessage" and not backup.in_transaction:
                backup.execute("BEGIN IMMEDIATE")  # the write lock, until it commits

        session = OfflineSession(on_request=backup_starts)
        assert await deliver_due(bare_bot(Settings(_env_file=None), session=session), db) == 1
        assert len(session.sent()) == 1
        backup.execute("COMMIT")
        clock.advance(DEFAULT_LEASE + timedelta(minutes=1))  # the lease ran out
        assert await deliver_due(bare_bot(Settings(_env_file=None), session=session), db) == 0
        assert len(session.sent()) == 1  # not sent twice
        assert await db.outbox.backlog() == 0
        assert await _kinds(db) == {"decision": 1}
    finally:
        backup.close()
        await db.close()


async def test_a_delivery_not_recorded_yet_is_recorded_when_the_notifier_stops(
    tmp_path: Path, clock: TestClock
) -> None:
    """The database refused the record, then the bot was stopped before its next pass (an
    operator restarting it after the backup): after the restart nothing is sent again."""
    path = tmp_path / "locked.sqlite3"
    db = await Database.open(path, clock=clock, busy_timeout_ms=100)
    backup = sqlite3.connect(path, isolation_level=None, timeout=0)
    await db.staff.remember(REVIEWER, "Асель", "ru")
    await _approved(db, 5001)

    sent = asyncio.Event()

    def backup_starts(request: SentRequest) -> None:
        if request.method == "sendMessage" and not backup.in_transaction:
            backup.execute("BEGIN IMMEDIATE")
            sent.set()

    session = OfflineSession(on_request=backup_starts)
    stop = asyncio.Event()
    bot = bare_bot(Settings(_env_file=None), session=session)
    notifier = asyncio.create_task(
        run_notifier(bot, db, PRIVATE_ROUTING, stop, NotifierTimes(interval=60))
    )
    try:
        await asyncio.wait_for(sent.wait(), 10)
        await asyncio.sleep(0.3)  # the record waited its 0.1 s busy timeout and failed
        backup.execute("COMMIT")
        stop.set()
        await asyncio.wait_for(notifier, 10)
    finally:
        backup.close()
        await db.close()

    restarted = await Database.open(path, clock=clock)
    try:
        clock.advance(DEFAULT_LEASE + timedelta(minutes=1))
        again = OfflineSession()
        assert await deliver_due(bare_bot(Settings(_env_file=None), session=again), restarted) == 0
        assert again.sent() == []
        assert await restarted.outbox.backlog() == 0
    finally:
        await restarted.close()
