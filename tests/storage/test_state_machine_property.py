"""Random sequences of citizen and reviewer actions, checked step by step against a pure model
of the state machine: storage never reaches a state the model forbids."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from bot.storage.database import Database
from bot.storage.models import ACTIVE_STATUSES, AppStatus, ErrorCode, TransitionError

from .conftest import TestClock

Q, R, A, X, N, W = (
    AppStatus.QUEUED,
    AppStatus.IN_REVIEW,
    AppStatus.APPROVED,
    AppStatus.REJECTED,
    AppStatus.NEEDS_INFO,
    AppStatus.WITHDRAWN,
)
TTL = timedelta(minutes=10)
SHARED_MEMORY = Path("/dev/shm")
users = st.sampled_from([1, 2, 3])
reviewers = st.sampled_from([901, 902])
programmes = st.sampled_from(["kumis_jas", "first_job"])


@dataclass
class ModelApplication:
    user_id: int
    programme: str
    status: AppStatus = Q
    holder: int | None = None
    claimed_until: int = 0  # minutes on the model's clock
    events: int = 1


class ApplicationsMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # Memory-backed when the system has one: these examples test logic, not fsync.
        self.folder = tempfile.TemporaryDirectory(
            dir=SHARED_MEMORY if SHARED_MEMORY.is_dir() else None
        )
        self.runner = asyncio.Runner()
        self.clock = TestClock()
        self.minutes = 0
        self.db = self.run(Database.open(Path(self.folder.name) / "db.sqlite3", clock=self.clock))
        self.model: dict[int, ModelApplication] = {}

    def run(self, coroutine: Any) -> Any:
        return self.runner.run(coroutine)

    def outcome(self, coroutine: Any) -> ErrorCode | None:
        try:
            self.run(coroutine)
        except TransitionError as error:
            return error.code
        return None

    def teardown(self) -> None:
        self.run(self.db.close())
        self.runner.close()
        self.folder.cleanup()

    # -- the model's own rules ---------------------------------------------------------------

    def move(self, app_id: int, to: AppStatus, holder: int | None = None) -> None:
        application = self.model[app_id]
        application.status, application.holder = to, holder
        application.events += 1

    def release_expired(self) -> None:
        for app_id, application in self.model.items():
            if application.status is R and application.claimed_until <= self.minutes:
                self.move(app_id, Q)

    def pick(self, index: int) -> int:
        return sorted(self.model)[index % len(self.model)]

    # -- actions -----------------------------------------------------------------------------

    @rule(user_id=users, programme=programmes)
    def submit(self, user_id: int, programme: str) -> None:
        application, created = self.run(
            self.db.applications.submit(user_id, programme, "abai", {}, {}, None, None, "kk")
        )
        active = [
            app_id
            for app_id, a in self.model.items()
            if (a.user_id, a.programme) == (user_id, programme) and a.status in ACTIVE_STATUSES
        ]
        assert created == (not active)
        if active:
            assert [application.id] == active
        else:
            assert application.id not in self.model
            self.model[application.id] = ModelApplication(user_id, programme)

    @precondition(lambda self: self.model)
    @rule(index=st.integers(0, 50), user_id=users)
    def withdraw(self, index: int, user_id: int) -> None:
        app_id = self.pick(index)
        application = self.model[app_id]
        got = self.outcome(self.db.applications.withdraw(app_id, user_id))
        if application.user_id != user_id:
            assert got is ErrorCode.NOT_OWNER
        elif application.status in (Q, N):
            assert got is None
            self.move(app_id, W)
        else:
            assert got is ErrorCode.NOT_ALLOWED

    @precondition(lambda self: self.model)
    @rule(index=st.integers(0, 50), user_id=users)
    def answer(self, index: int, user_id: int) -> None:
        app_id = self.pick(index)
        application = self.model[app_id]
        got = self.outcome(self.db.applications.answer_info(app_id, user_id, "ответ"))
        if application.user_id != user_id:
            assert got is ErrorCode.NOT_OWNER
        elif application.status is N:
            assert got is None
            self.move(app_id, Q)
        else:
            assert got is ErrorCode.NOT_ALLOWED

    @precondition(lambda self: self.model)
    @rule(index=st.integers(0, 50), reviewer=reviewers)
    def claim(self, index: int, reviewer: int) -> None:
        app_id = self.pick(index)
        got = self.outcome(self.db.applications.claim(app_id, reviewer, TTL))
        application = self.model[app_id]
        expired = application.status is R and application.claimed_until <= self.minutes
        status = Q if expired else application.status
        # A refused claim writes nothing, not even the release of other expired claims.
        if status is R and application.holder != reviewer:
            assert got is ErrorCode.TAKEN
        elif status is R:
            assert got is None
            self.release_expired()
            application.claimed_until = self.minutes + 10
        elif status is Q:
            assert got is None
            self.release_expired()
            self.move(app_id, R, reviewer)
            application.claimed_until = self.minutes + 10
        else:
            assert got is ErrorCode.NOT_ALLOWED

    @rule(reviewer=reviewers)
    def claim_next(self, reviewer: int) -> None:
        claimed = self.run(self.db.applications.claim_next(reviewer, None, TTL))
        self.release_expired()
        waiting = sorted(app_id for app_id, a in self.model.items() if a.status is Q)
        if not waiting:
            assert claimed is None
            return
        assert claimed is not None and claimed.id == waiting[0]
        self.move(claimed.id, R, reviewer)
        self.model[claimed.id].claimed_until = self.minutes + 10

    @precondition(lambda self: self.model)
    @rule(
        index=st.integers(0, 50),
        reviewer=reviewers,
        to=st.sampled_from([A, X, N, Q]),
        reason=st.sampled_from([None, "Нет справки"]),
    )
    def decide_or_release(
        self, index: int, reviewer: int, to: AppStatus, reason: str | None
    ) -> None:
        app_id = self.pick(index)
        application = self.model[app_id]
        if to is Q:
            got = self.outcome(self.db.applications.release(app_id, reviewer))
        else:
            got = self.outcome(self.db.applications.decide(app_id, reviewer, to, reason))
        if application.status is R and application.holder != reviewer:
            assert got is ErrorCode.TAKEN
        elif application.status is not R:
            assert got is ErrorCode.NOT_ALLOWED
        elif to in (X, N) and reason is None:
            assert got is ErrorCode.REASON_REQUIRED
        else:
            assert got is None
            self.move(app_id, to, None if to is Q else reviewer)

    @rule(minutes=st.sampled_from([1, 6, 11]))
    def time_passes(self, minutes: int) -> None:
        self.minutes += minutes
        self.clock.advance(timedelta(minutes=minutes))

    # -- what must always hold ---------------------------------------------------------------

    @invariant()
    def storage_matches_the_model(self) -> None:
        for app_id, expected in self.model.items():
            application = self.run(self.db.applications.get(app_id))
            assert application is not None
            assert application.status is expected.status
            if expected.status is R:
                assert application.reviewer_id == expected.holder
            events = self.run(self.db.applications.events(app_id))
            assert len(events) == expected.events
            for before, after in pairwise(events):
                assert after.from_status == before.to_status

    @invariant()
    def one_active_application_per_user_and_programme(self) -> None:
        active = [
            (a.user_id, a.programme) for a in self.model.values() if a.status in ACTIVE_STATUSES
        ]
        assert len(active) == len(set(active))


ApplicationsMachine.TestCase.settings = settings(
    max_examples=25, stateful_step_count=25, deadline=None
)
test_random_actions_never_leave_the_state_machine = ApplicationsMachine.TestCase
