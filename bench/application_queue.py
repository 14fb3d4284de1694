"""The application queue as it grows: submissions per second with synchronous=FULL, and the
latency of claim_next and of "my region's queue" with 1k, 100k and 1M applications in the table.

Goals (issue 3): at least 500 submissions a second; p99 at most 5 ms for claim_next and for the
region's queue page at 1M applications, and p99 at 1M at most twice p99 at 1k (index seeks, not
scans). Every call goes through the bot's own API (event loop -> database thread -> SQLite), so
the figures include that hop. The files are on the real disk, so every fsync counts.

Each claim is timed, then released through the API (not timed), so the queue keeps its size.

Run: .venv/bin/python bench/application_queue.py
         [--sizes 1000,100000,1000000] [--samples 2000] [--submissions 1000] [--dir DIR]
(Not bench/queue.py: a script of that name would shadow the standard library's `queue`, which
the database threads import.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from application_table import FIRST_USER, Snapshot, fill, snapshots
from timing import machine, percentile, summary_ms

from bot.storage import queue_sql
from bot.storage.codec import time_to_db
from bot.storage.database import Database
from bot.storage.transitions import EXPIRED_CLAIMS_SQL

GOAL_SUBMISSIONS_PER_SECOND = 500
GOAL_P99_S = 0.005
GOAL_GROWTH = 2.0
REVIEWER = 901
SUBMITTING_AT_ONCE = 50
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Figures:
    size: int
    queued: int
    build_s: float
    file_mb: float
    submissions_per_s: float
    submit: list[float]
    together_per_s: float
    claim_region: list[float]
    claim_any: list[float]
    list_region: list[float]
    count_region: list[float]


async def timed(call: Awaitable[T]) -> tuple[float, T]:
    """How long awaiting `call` takes (a coroutine does nothing until it is awaited)."""
    started = time.perf_counter()
    result = await call
    return time.perf_counter() - started, result


async def submissions(
    db: Database, first_user: int, count: int, pool: list[Snapshot]
) -> list[float]:
    samples = []
    for n in range(count):
        snapshot = pool[n % len(pool)]
        took, _ = await timed(
            db.applications.submit(
                first_user + n,
                snapshot.programme,
                snapshot.region,
                snapshot.profile,
                snapshot.verdict,
                "+77011234567",
                None,
                "kk",
            )
        )
        samples.append(took)
    return samples


async def submissions_together(
    db: Database, first_user: int, count: int, pool: list[Snapshot]
) -> float:
    """Submissions per second when SUBMITTING_AT_ONCE citizens press "Send" at the same moment:
    the ones that arrive during an fsync share the next one (bot/storage/connection.py)."""
    started = time.perf_counter()
    for wave in range(0, count, SUBMITTING_AT_ONCE):
        await asyncio.gather(
            *(
                db.applications.submit(
                    first_user + n,
                    pool[n % len(pool)].programme,
                    pool[n % len(pool)].region,
                    pool[n % len(pool)].profile,
                    pool[n % len(pool)].verdict,
                    "+77011234567",
                    None,
                    "ru",
                )
                for n in range(wave, min(wave + SUBMITTING_AT_ONCE, count))
            )
        )
    return count / (time.perf_counter() - started)


async def claims(
    db: Database, regions: list[str] | None, count: int, rng: random.Random
) -> list[float]:
    """Time claim_next for a reviewer of one random region (or of all with None), then release."""
    samples = []
    for _ in range(count):
        scope = None if regions is None else [rng.choice(regions)]
        took, claimed = await timed(db.applications.claim_next(REVIEWER, scope))
        if claimed is None:
            raise RuntimeError(f"nothing waiting in {scope}: the table was built wrong")
        samples.append(took)
        await db.applications.release(claimed.id, REVIEWER)
    return samples


async def reads(
    call: Callable[[list[str]], Awaitable[object]],
    regions: list[str],
    count: int,
    rng: random.Random,
) -> list[float]:
    samples = []
    for _ in range(count):
        took, _ = await timed(call([rng.choice(regions)]))
        samples.append(took)
    return samples


async def measure(
    path: Path,
    size: int,
    queued: int,
    build_s: float,
    args: argparse.Namespace,
    pool: list[Snapshot],
) -> Figures:
    rng = random.Random(size)
    db = await Database.open(path)
    try:
        regions = [
            region
            for region in sorted({snapshot.region for snapshot in pool})
            if await db.applications.count_queue([region]) > 0
        ]
        # Warm the connections' page caches as a running bot's would be.
        await claims(db, regions, 20, rng)
        await reads(lambda r: db.applications.list_queue(r, 10), regions, 20, rng)
        submit = await submissions(db, FIRST_USER + size + 1, args.submissions, pool)
        together = await submissions_together(
            db, FIRST_USER + size + 1 + args.submissions, args.submissions, pool
        )
        figures = Figures(
            size=size,
            queued=queued,
            build_s=build_s,
            file_mb=await asyncio.to_thread(lambda: path.stat().st_size / 2**20),
            submissions_per_s=len(submit) / sum(submit),
            submit=submit,
            together_per_s=together,
            claim_region=await claims(db, regions, args.samples, rng),
            claim_any=await claims(db, None, args.samples // 2, rng),
            list_region=await reads(
                lambda r: db.applications.list_queue(r, 10), regions, args.samples, rng
            ),
            count_region=await reads(db.applications.count_queue, regions, args.samples, rng),
        )
    finally:
        await db.close()
    return figures


def query_plans(path: Path, region: str) -> list[str]:
    """How SQLite runs the queue queries: every line should name an index, none a full scan."""
    now = time_to_db(datetime.now(UTC))
    queries: dict[str, tuple[str, list[object]]] = {
        "expired claims": (EXPIRED_CLAIMS_SQL, [now]),
        "claim_next": queue_sql.oldest_queued([region], 1),
        "list_queue": queue_sql.waiting([region], now, 10, 0),
        "count_queue": queue_sql.count_waiting([region], now),
    }
    conn = sqlite3.connect(path)
    try:
        lines = []
        for name, (sql, params) in queries.items():
            plan = conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
            lines.append(f"  {name}: " + "; ".join(str(row[3]) for row in plan))
        return lines
    finally:
        conn.close()


def report(figures: Figures) -> None:
    print(
        f"{figures.size:,} applications ({figures.queued:,} queued), "
        f"built in {figures.build_s:.1f} s, file {figures.file_mb:,.0f} MiB"
    )
    print(
        f"  submit, synchronous=FULL: {figures.submissions_per_s:,.0f}/s "
        f"({len(figures.submit)} in a row; {summary_ms(figures.submit)})"
    )
    print(
        f"  submit, synchronous=FULL: {figures.together_per_s:,.0f}/s "
        f"({len(figures.submit)}, {SUBMITTING_AT_ONCE} citizens at once)"
    )
    print(f"  claim_next, one region:   {summary_ms(figures.claim_region)}")
    print(f"  claim_next, all regions:  {summary_ms(figures.claim_any)}")
    print(f"  list_queue, one region:   {summary_ms(figures.list_region)} (page of 10)")
    print(f"  count_queue, one region:  {summary_ms(figures.count_region)}")


def goals(all_figures: list[Figures]) -> bool:
    first, last = all_figures[0], all_figures[-1]
    met = True
    slowest = min(f.submissions_per_s for f in all_figures)
    ok = slowest >= GOAL_SUBMISSIONS_PER_SECOND
    met &= ok
    verdict = "ok" if ok else "MISSED"
    print(
        f"goal submissions >= {GOAL_SUBMISSIONS_PER_SECOND}/s: slowest {slowest:,.0f}/s {verdict}"
    )
    for name in ("claim_region", "list_region"):
        p99_first = percentile(getattr(first, name), 0.99)
        p99_last = percentile(getattr(last, name), 0.99)
        ok = p99_last <= GOAL_P99_S and p99_last <= GOAL_GROWTH * p99_first
        met &= ok
        print(
            f"goal {name} p99 <= {GOAL_P99_S * 1000:.0f} ms at {last.size:,}: "
            f"{p99_last * 1000:.3f} ms; {last.size:,}/{first.size:,} = "
            f"{p99_last / p99_first:.2f} (<= {GOAL_GROWTH:.0f}) {'ok' if ok else 'MISSED'}"
        )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=None, help="where the files go (a real disk)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    pool = snapshots(500, datetime.now(UTC).date())
    print(machine(), f"load average {os.getloadavg()[0]:.2f}")
    results: list[Figures] = []
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="jumys-bench-") as folder:
        for size in sizes:
            path = Path(folder) / f"queue-{size}.sqlite3"
            started = time.perf_counter()
            statuses = fill(path, size, datetime.now(UTC), pool)
            build_s = time.perf_counter() - started
            figures = asyncio.run(measure(path, size, statuses["queued"], build_s, args, pool))
            report(figures)
            results.append(figures)
            if size == sizes[-1]:
                print(f"query plans at {size:,}:")
                print("\n".join(query_plans(path, pool[0].region)))
            for leftover in Path(folder).glob(f"queue-{size}.sqlite3*"):
                leftover.unlink()
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0 if goals(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
