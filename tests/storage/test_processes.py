"""Real OS processes sharing one database file: concurrent reviewers, and crashes."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bot.storage.database import Database

from .helpers import submit

WORKER = Path(__file__).with_name("workers.py")


def _spawn(mode: str, db_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), mode, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _wait_ready(child: subprocess.Popen[str]) -> None:
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"


def _go(child: subprocess.Popen[str], number: int) -> None:
    assert child.stdin is not None
    child.stdin.write(f"go {number}\n")
    child.stdin.flush()


async def test_two_reviewer_processes_claim_each_of_1000_applications_exactly_once(
    db: Database, db_path: Path
) -> None:
    queued = {(await submit(db, user_id=user_id)).id for user_id in range(1, 1001)}
    reviewers = (901, 902)
    children = [_spawn("claim", db_path) for _ in reviewers]
    for child in children:
        _wait_ready(child)
    for child, reviewer in zip(children, reviewers, strict=True):
        _go(child, reviewer)
    claimed: list[list[int]] = []
    for child in children:
        output, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        claimed.append([int(line) for line in output.split()])

    everything = claimed[0] + claimed[1]
    assert Counter(everything).most_common(1)[0][1] == 1
    assert set(everything) == queued
    assert all(claimed), "both processes should have won some claims"
    for reviewer, ids in zip(reviewers, claimed, strict=True):
        assert {a.id for a in await db.applications.held_by(reviewer)} == set(ids)


def test_every_acknowledged_submission_survives_sigkill_and_none_is_doubled(
    db_path: Path,
) -> None:
    randomness = random.Random(20260302)
    acknowledged: dict[int, int] = {}  # user id -> application id
    next_user = 1
    child = _spawn("submit", db_path)
    _wait_ready(child)
    for kill in range(20):
        _go(child, next_user)
        # The next child loads Python while this one works, so a restart costs no start-up.
        spare = _spawn("submit", db_path) if kill < 19 else None
        time.sleep(randomness.uniform(0.02, 0.2))
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        for line in output.splitlines():
            user_id, application_id = map(int, line.split())
            acknowledged[user_id] = application_id
        # Resume at the last acknowledged user: if its successor was committed but not
        # acknowledged, submitting it again must not make a second application.
        next_user = max(acknowledged, default=0) + 1
        if spare is not None:
            _wait_ready(spare)
            child = spare

    assert len(acknowledged) > 20
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT user_id, id FROM applications").fetchall()
        events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    finally:
        conn.close()
    stored = dict(rows)
    assert len(stored) == len(rows), "a user got two applications"
    assert events == len(rows)
    for user_id, application_id in acknowledged.items():
        assert stored[user_id] == application_id
