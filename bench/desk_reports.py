"""The desk's reports at 1,000,000 applications, through the real aiohttp application served
on loopback, as a reviewer of one region and as a supervisor (every region): /reports (the plan
against people placed, placed by month) and /reports/work (this month's work of each reviewer
and the time to decision).

A third of the approved applications are placed, with contract starts spread over this year,
and every programme × region has a plan. Each request is timed from sending it to the page read
in full; the plan-against-placed query alone is timed too.

Goal (issue 19): the plan-against-actual report (/reports) at most 300 ms at 1,000,000
applications. /reports/work has no goal; it grows with the number of reviewers, and the
generated table has a different reviewer on nearly every application.

Run: .venv/bin/python bench/desk_reports.py [--size 1000000] [--samples 50] [--dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web
from application_table import fill, snapshots  # bench/application_table.py
from desk_pages import FIRST, REVIEWER, SUPERVISOR, _always, getting, signed_in, timed
from timing import machine, summary_ms  # bench/timing.py

from bot.desk.app import build_desk_app
from bot.desk.passwords import hash_password
from bot.settings import Settings
from bot.storage.audit import OPERATOR
from bot.storage.database import Database
from bot.storage.staff import StaffRole


def add_outcomes_and_plans(path: Path, year: int) -> int:
    """Every third approved application placed (contract start: a day of `year` by its id),
    and a plan for each programme × region; how many were placed."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO outcomes (application_id, kind, programme, region, at, employer,"
            " contract_start, actor_id, actor_name) SELECT id, 'placed', programme, region,"
            " created_at, 'ТОО', date(?, '+' || (id % 365) || ' days'), 901, 'Reviewer'"
            " FROM applications"
            " WHERE status = 'approved' AND id % 3 = 0",
            (f"{year}-01-01",),
        )
        conn.execute(
            "INSERT OR REPLACE INTO plans (year, programme, region, target, set_at)"
            " SELECT ?, programme, region, 1000, ? FROM applications"
            " WHERE region IS NOT NULL GROUP BY programme, region",
            (year, datetime.now(UTC).isoformat()),
        )
        conn.execute("COMMIT")
        [(placed,)] = conn.execute("SELECT COUNT(*) FROM outcomes").fetchall()
        return int(placed)
    finally:
        conn.close()


async def measure(path: Path, samples: int) -> None:
    db = await Database.open(path)
    settings = Settings(_env_file=None, db=path)
    runner = web.AppRunner(build_desk_app(db, settings), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    year = datetime.now(UTC).year
    try:
        rows = await db.connector.fetch_all(
            "SELECT DISTINCT region FROM applications WHERE region IS NOT NULL"
        )
        region = sorted(row["region"] for row in rows)[0]
        await db.staff.add(REVIEWER, StaffRole.REVIEWER, [region], name="Reviewer")
        await db.staff.add(SUPERVISOR, StaffRole.SUPERVISOR, name="Supervisor")
        for user_id in (REVIEWER, SUPERVISOR):
            await db.desk_accounts.set_password(user_id, hash_password(FIRST), by=OPERATOR)
        for label, regions in (("reviewer of 1 region", {region}), ("supervisor", None)):
            durations = []
            for _sample in range(samples):
                started = time.perf_counter()
                await db.desk_reports.plan_against_placed(year, regions)
                durations.append(time.perf_counter() - started)
            print(f"{label}\n  {'plan against placed, the query':<48} {summary_ms(durations)}")
            user_id = REVIEWER if regions else SUPERVISOR
            client, _csrf = await signed_in(base, user_id)
            try:
                page = getting(client, _always(f"{base}/reports?year={year}"))
                await timed("/reports, the whole page", samples, page)
                work = getting(client, _always(f"{base}/reports/work"))
                await timed("/reports/work, the whole page", samples, work)
            finally:
                await client.close()
    finally:
        await runner.cleanup()
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--dir", type=Path, default=None, help="where the file goes (a real disk)")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        path = Path(folder) / "reports.sqlite3"
        started = time.perf_counter()
        now = datetime.now(UTC)
        fill(path, args.size, now, snapshots(500, now.date()))
        placed = add_outcomes_and_plans(path, now.year)
        print(
            f"{args.size:,} applications ({placed:,} placed) built in "
            f"{time.perf_counter() - started:.0f} s"
        )
        asyncio.run(measure(path, args.samples))


if __name__ == "__main__":
    main()
