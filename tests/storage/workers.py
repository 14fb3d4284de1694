"""Child processes for the storage tests: `python workers.py claim|submit DB`.

Each prints "ready" once its imports are done and waits for "go N" on stdin, so that several can
start at once, or a spare can be ready while another one works. Then it prints one line per
committed action, flushed, so the parent knows exactly what was acknowledged.

claim: reviewer N claims until the queue is empty (the database is opened before "ready").
submit: submits for users N, N+1, ... until killed (the database is opened after "go", so
each child also recovers whatever its killed predecessor left).
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

from bot.storage.database import Database


def wait_for_go() -> int:
    word, number = sys.stdin.readline().split()
    assert word == "go"
    return int(number)


async def claim_all(path: Path) -> None:
    db = await Database.open(path)
    print("ready", flush=True)
    reviewer_id = wait_for_go()
    while application := await db.applications.claim_next(reviewer_id, None, timedelta(hours=1)):
        print(application.id, flush=True)
        # A breath between claims, as a reviewer's would be: without it one process can empty
        # the queue before the other is even scheduled on a busy machine, and nothing races.
        await asyncio.sleep(0.001)
    await db.close()


async def submit_forever(path: Path) -> None:
    print("ready", flush=True)
    user_id = wait_for_go()
    db = await Database.open(path)
    while True:
        application, _ = await db.applications.submit(
            user_id, "kumis_jas", "abai", {"n": user_id}, {}, None, None, "kk"
        )
        print(f"{user_id} {application.id}", flush=True)
        user_id += 1


def main() -> None:
    mode, path = sys.argv[1], Path(sys.argv[2])
    asyncio.run(claim_all(path) if mode == "claim" else submit_forever(path))


if __name__ == "__main__":
    main()
