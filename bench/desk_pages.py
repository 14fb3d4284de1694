"""The desk's pages at 1,000,000 applications, through the real aiohttp application served on
loopback, signed in as a reviewer of one region and as a supervisor: the queue (first page, a
later page, a filter), search by number, phone, IIN and name (a form sent with its CSRF token),
and one application's page. Each request is timed from sending it to the page read in full.

Goal (issue 18): p99 at most 50 ms for the queue, search and application pages.

The table is bench/desk_queries.py's (bench/application_table.py's applications, each with a
name, its name words and an IIN of its own).

Run: .venv/bin/python bench/desk_pages.py [--size 1000000] [--samples 300] [--dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from aiohttp import web
from application_table import fill, snapshots  # bench/application_table.py
from desk_queries import FIRST_NAMES, SURNAMES, add_names  # bench/desk_queries.py
from timing import machine, summary_ms  # bench/timing.py

from bot.desk.app import build_desk_app
from bot.desk.passwords import hash_password
from bot.settings import Settings
from bot.storage.audit import OPERATOR
from bot.storage.database import Database
from bot.storage.staff import StaffRole

REVIEWER, SUPERVISOR = 901, 902
FIRST, OWN = "temporary-pass-1", "bench-own-pass-2"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')

Request = Callable[[int], Awaitable[None]]


async def signed_in(base: str, user_id: int) -> tuple[aiohttp.ClientSession, str]:
    """A client signed in as `user_id` (its own password chosen), and the session's CSRF token."""
    client = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    page = await (await client.get(f"{base}/signin")).text()
    csrf = _CSRF.search(page)
    fields = {"login": str(user_id), "password": FIRST}
    if csrf is not None:
        fields["csrf"] = csrf.group(1)
    async with client.post(f"{base}/signin", data=fields) as signed:
        page = await signed.text()
    found = _CSRF.search(page)
    assert found is not None, page
    change = {"current": FIRST, "new": OWN, "repeat": OWN, "csrf": found.group(1)}
    async with client.post(f"{base}/password", data=change) as changed:
        await changed.read()
    async with client.get(f"{base}/queue") as queue:
        page = await queue.text()
        assert queue.status == 200, page
    token = _CSRF.search(page)
    assert token is not None
    return client, token.group(1)


def getting(client: aiohttp.ClientSession, url: Callable[[int], str]) -> Request:
    async def run(sample: int) -> None:
        async with client.get(url(sample), allow_redirects=False) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"{url(sample)} answered {response.status}")

    return run


def searching(
    client: aiohttp.ClientSession, base: str, csrf: str, text: Callable[[int], str]
) -> Request:
    async def run(sample: int) -> None:
        form = {"q": text(sample), "csrf": csrf}
        async with client.post(f"{base}/search", data=form, allow_redirects=False) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"search answered {response.status}")

    return run


def _always(url: str) -> Callable[[int], str]:
    return lambda _sample: url


def _pages(base: str, ids: list[int]) -> Callable[[int], str]:
    return lambda sample: f"{base}/applications/{ids[sample % len(ids)]}"


def _searches(ids: list[int], numbers: list[int]) -> dict[str, Callable[[int], str]]:
    """What is typed in the search box, sample by sample; `numbers` are of the member's regions."""
    return {
        "search, number": lambda s: f"A-{numbers[s % len(numbers)]:06d}",
        "search, phone 8 (701) …": lambda s: (
            f"8 (701) {ids[s] // 10000 % 1000:03d} {ids[s] // 100 % 100:02d}-{ids[s] % 100:02d}"
        ),
        "search, IIN": lambda s: f"{900000000000 + ids[s]:012d}",
        "search, a surname": lambda s: SURNAMES[s % len(SURNAMES)],
        "search, first name and surname": lambda s: (
            f"{FIRST_NAMES[1 + s % 50]} {SURNAMES[s % len(SURNAMES)]}"
        ),
    }


async def timed(label: str, samples: int, run: Request) -> None:
    await run(0)
    durations = []
    for sample in range(samples):
        started = time.perf_counter()
        await run(sample)
        durations.append(time.perf_counter() - started)
    print(f"  {label:<48} {summary_ms(durations)}")


async def measure(path: Path, size: int, samples: int) -> None:
    db = await Database.open(path)
    settings = Settings(_env_file=None, db=path)
    runner = web.AppRunner(build_desk_app(db, settings), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        rows = await db.connector.fetch_all(
            "SELECT DISTINCT region FROM applications WHERE region IS NOT NULL"
        )
        region = sorted(row["region"] for row in rows)[0]
        await db.staff.add(REVIEWER, StaffRole.REVIEWER, [region], name="Reviewer")
        await db.staff.add(SUPERVISOR, StaffRole.SUPERVISOR, name="Supervisor")
        for user_id in (REVIEWER, SUPERVISOR):
            await db.desk_accounts.set_password(user_id, hash_password(FIRST), by=OPERATOR)
        [(first_of_region,)] = await db.connector.fetch_all(
            "SELECT id FROM applications WHERE region = ? ORDER BY id LIMIT 1", (region,)
        )
        rng = random.Random(11)
        ids = [rng.randint(1, size) for _ in range(samples + 1)]
        in_region = [
            int(row["id"])
            for row in await db.connector.fetch_all(
                "SELECT id FROM applications WHERE region = ? AND id % 97 = 0 LIMIT ?",
                (region, samples + 1),
            )
        ]
        for label, user_id in (("reviewer of 1 region", REVIEWER), ("supervisor", SUPERVISOR)):
            client, csrf = await signed_in(base, user_id)
            try:
                print(label)
                for name, query in (
                    ("queue, first page", "status=queued"),
                    ("queue, waiting for the citizen", "status=needs_info"),
                    ("queue, approved, one programme", "status=approved&programme=kumis_jas"),
                    ("queue, a later page", f"status=approved&after={first_of_region + 1000}"),
                ):
                    await timed(name, samples, getting(client, _always(f"{base}/queue?{query}")))
                numbers = ids if user_id == SUPERVISOR else in_region
                for name, text in _searches(ids, numbers).items():
                    await timed(name, samples, searching(client, base, csrf, text))
                await timed("application page", samples, getting(client, _pages(base, numbers)))
            finally:
                await client.close()
    finally:
        await runner.cleanup()
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None, help="where the file goes (a real disk)")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        path = Path(folder) / "desk.sqlite3"
        started = time.perf_counter()
        fill(path, args.size, datetime.now(UTC), snapshots(500, datetime.now(UTC).date()))
        add_names(path)
        print(f"{args.size:,} applications built in {time.perf_counter() - started:.0f} s")
        asyncio.run(measure(path, args.size, args.samples))


if __name__ == "__main__":
    main()
