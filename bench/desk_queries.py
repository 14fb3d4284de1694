"""The desk's queries at 1,000,000 applications: the queue (first page, a later page, each
filter), each kind of search, and the read of one application, through the bot's own API
(event loop -> database thread -> SQLite) on a real SQLite file.

Goal: p99 at most 50 ms per page (issue 18); the queries must leave the pages most of that.

The table is bench/application_table.py's (real migrations, real snapshots), and then every
application gets a name (one first name in twenty is the same, as a common name is; the rest
spread over some sixty first names and eighty surnames), its name words, and an IIN of its own.
Searches and reads write their `desk_views` row as the desk does, so they are write
transactions.

The queue's "overdue only" filter (issue 19) is measured with the targets of
bot/rules/data/deadlines.toml at the moment the table was built; one queued application in five
is made to have waited only an hour (its citizen answered a question just now), so the filter
has rows to skip inside its index range.

Run: .venv/bin/python bench/desk_queries.py [--size 1000000] [--samples 300] [--dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from application_table import fill, snapshots  # bench/application_table.py
from timing import machine, summary_ms  # bench/timing.py

from bot.rules import load_rules
from bot.storage.codec import time_to_db
from bot.storage.database import Database
from bot.storage.desk import Scope, SearchQuery, read_search
from bot.storage.desk_sql import QueueFilter
from bot.storage.models import AppStatus
from bot.storage.name_words import name_words

FIRST_NAMES = [
    "Айгерім",
    "Айдана",
    "Айжан",
    "Айнұр",
    "Әсел",
    "Ақбота",
    "Аружан",
    "Асель",
    "Балжан",
    "Гүлнар",
    "Дана",
    "Дария",
    "Динара",
    "Жанар",
    "Жансая",
    "Зарина",
    "Индира",
    "Камила",
    "Қарлығаш",
    "Ләззат",
    "Мадина",
    "Мерей",
    "Нұргүл",
    "Сабина",
    "Салтанат",
    "Толғанай",
    "Томирис",
    "Ұлжан",
    "Шынар",
    "Анна",
    "Елена",
    "Ольга",
    "Наталья",
    "Мария",
    "Айдос",
    "Алихан",
    "Арман",
    "Асхат",
    "Әлихан",
    "Бауыржан",
    "Берік",
    "Дамир",
    "Ерлан",
    "Ерасыл",
    "Жандос",
    "Қайрат",
    "Марат",
    "Нұрлан",
    "Олжас",
    "Руслан",
    "Санжар",
    "Серік",
    "Талғат",
    "Тимур",
    "Ұлан",
    "Бекзат",
    "Иван",
    "Дмитрий",
    "Сергей",
    "Андрей",
    "Алексей",
]
SURNAMES = [
    "Абенов",
    "Ахметов",
    "Әбілов",
    "Байжанов",
    "Бекова",
    "Бекмұратов",
    "Жақсыбеков",
    "Жұмабаев",
    "Ибраев",
    "Исаева",
    "Қасымов",
    "Кенжебаева",
    "Мұқанов",
    "Нұрланова",
    "Оспанов",
    "Омарова",
    "Сәрсенбаев",
    "Серікбаев",
    "Смағұлова",
    "Сүлейменов",
    "Тоқтаров",
    "Төлеуова",
    "Уәлиханов",
    "Шәріпов",
    "Ералиева",
    "Жаксылыкова",
    "Ермеков",
    "Кожахметов",
    "Мукашева",
    "Нуржанов",
    "Рахимова",
    "Садыков",
    "Тулегенова",
    "Утебаев",
    "Хасенова",
    "Шайхиев",
    "Ыбыраев",
    "Есенова",
    "Амангельдиев",
    "Байменова",
    "Дюсенов",
    "Жумагулова",
    "Иманбеков",
    "Калиева",
    "Каримов",
    "Мамырова",
    "Нурпеисов",
    "Оразбаева",
    "Султанов",
    "Темиргалиева",
    "Иванов",
    "Петрова",
    "Смирнов",
    "Кузнецова",
    "Попов",
    "Васильева",
    "Соколов",
    "Михайлова",
    "Новиков",
    "Фёдорова",
    "Морозов",
    "Волкова",
    "Алексеев",
    "Лебедева",
    "Семёнов",
    "Егорова",
    "Павлов",
    "Козлова",
    "Степанов",
    "Николаева",
    "Орлов",
    "Андреева",
    "Макаров",
    "Захарова",
    "Зайцев",
    "Соловьёва",
    "Борисов",
    "Яковлева",
    "Григорьев",
    "Романова",
]
COMMON_EVERY = 20  # one application in this many has the most common first name

Timed = Callable[[int], Awaitable[object]]


def add_names(path: Path) -> None:
    """Names, name words and IINs for every application, by SQLite itself in one transaction."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -524288")
        conn.execute("BEGIN")
        for table, names in (("first_names", FIRST_NAMES), ("surnames", SURNAMES)):
            conn.execute(f"CREATE TEMP TABLE {table} (n INTEGER PRIMARY KEY, name TEXT, word TEXT)")
            conn.executemany(
                f"INSERT INTO {table} VALUES (?, ?, ?)",
                [(n, name, name_words(name)[0]) for n, name in enumerate(names)],
            )
        first = (
            f"CASE WHEN a.id % {COMMON_EVERY} = 0 THEN 0"
            f" ELSE 1 + a.id * 7919 % {len(FIRST_NAMES) - 1} END"
        )
        surname = f"a.id * 104729 % {len(SURNAMES)}"
        conn.execute("DROP INDEX applications_by_iin")
        conn.execute(
            "CREATE TEMP TABLE named AS SELECT a.id, a.region, f.name AS first,"
            " f.word AS first_word,"
            f" s.name AS surname, s.word AS surname_word FROM applications a"
            f" JOIN first_names f ON f.n = {first} JOIN surnames s ON s.n = {surname}"
        )
        conn.execute("CREATE UNIQUE INDEX temp.named_id ON named (id)")
        conn.execute(
            "UPDATE applications SET name = named.first || ' ' || named.surname,"
            " profile = json_set(profile, '$.iin', printf('%012d', 900000000000 + applications.id))"
            " FROM named WHERE named.id = applications.id"
        )
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name = 'application_name_words'"
        ).fetchall()
        for index, _ in indexes:
            conn.execute(f"DROP INDEX {index}")
        conn.execute(
            "INSERT INTO application_name_words (word, application_id, region)"
            " SELECT word, id, region FROM (SELECT first_word AS word, id, region FROM named"
            " UNION ALL SELECT surname_word, id, region FROM named) ORDER BY word, id"
        )
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("CREATE INDEX applications_by_iin ON applications (iin) WHERE iin IS NOT NULL")
        conn.execute("DROP TABLE named")
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


async def timed(label: str, samples: int, run: Timed) -> None:
    await run(0)  # warmed: the first call reads the pages from the disk cache
    durations = []
    for i in range(samples):
        started = time.perf_counter()
        await run(i)
        durations.append(time.perf_counter() - started)
    print(f"  {label:<52} {summary_ms(durations)}")


def queue_of(db: Database, scope: Scope, wanted: QueueFilter, after: int | None = None) -> Timed:
    async def run(_sample: int) -> object:
        return await db.desk.queue(scope, wanted, after)

    return run


def search_of(db: Database, scope: Scope, text: Callable[[int], str]) -> Timed:
    async def run(sample: int) -> object:
        return await db.desk.search(scope, _query(text(sample)))

    return run


def open_of(db: Database, scope: Scope, ids: list[int]) -> Timed:
    async def run(sample: int) -> object:
        return await db.desk.open(scope, ids[sample])

    return run


async def later_cursor(db: Database, scope: Scope, wanted: QueueFilter, pages: int) -> int | None:
    after = None
    for _ in range(pages):
        page = await db.desk.queue(scope, wanted, after)
        if page.next_after is None:
            break
        after = page.next_after
    return after


def answered_lately(path: Path, now: datetime) -> None:
    """One queued application in five waits only since an hour ago: its citizen has just
    answered a question (the rest wait since they were submitted)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        lately = time_to_db(now - timedelta(hours=1))
        conn.execute(
            "UPDATE applications SET waiting_since = ? WHERE status = 'queued' AND id % 5 = 0",
            (lately,),
        )
    finally:
        conn.close()


async def measure(path: Path, size: int, samples: int, built_at: datetime) -> None:
    db = await Database.open(path)
    try:
        regions = sorted(
            {
                row["region"]
                for row in await db.connector.fetch_all(
                    "SELECT DISTINCT region FROM applications WHERE region IS NOT NULL"
                )
            }
        )
        one = Scope(901, "Reviewer", frozenset(regions[:1]))
        three = Scope(902, "Reviewer of three", frozenset(regions[:3]))
        everyone = Scope(903, "Supervisor", None, supervisor=True)
        rng = random.Random(7)
        print("queue (a page of 50, oldest first)")
        for scope_label, scope in (("1 region", one), ("3 regions", three), ("all", everyone)):
            for status in (AppStatus.QUEUED, AppStatus.NEEDS_INFO, AppStatus.APPROVED):
                wanted = QueueFilter(status=status)
                await timed(
                    f"{scope_label}, {status}, first page",
                    samples,
                    queue_of(db, scope, wanted),
                )
                after = await later_cursor(db, scope, wanted, 40)
                await timed(
                    f"{scope_label}, {status}, page 41",
                    samples,
                    queue_of(db, scope, wanted, after),
                )
            for programme in ("kumis_jas", "business_grant"):
                wanted = QueueFilter(programme=programme)
                await timed(
                    f"{scope_label}, queued, programme {programme}",
                    samples,
                    queue_of(db, scope, wanted),
                )
            wanted = QueueFilter(region=regions[0])
            await timed(
                f"{scope_label}, queued, region filter",
                samples,
                queue_of(db, scope, wanted),
            )

        print("queue, overdue only (a page of 50)")
        cutoffs = load_rules().deadlines.cutoffs(built_at)
        for scope_label, scope in (("1 region", one), ("3 regions", three), ("all", everyone)):
            for status in (AppStatus.QUEUED, AppStatus.IN_REVIEW, AppStatus.NEEDS_INFO):
                wanted = QueueFilter(status=status, overdue_before=cutoffs.of(status))
                await timed(
                    f"{scope_label}, {status}, overdue, first page",
                    samples,
                    queue_of(db, scope, wanted),
                )
                after = await later_cursor(db, scope, wanted, 40)
                await timed(
                    f"{scope_label}, {status}, overdue, page 41",
                    samples,
                    queue_of(db, scope, wanted, after),
                )
            wanted = QueueFilter(programme="kumis_jas", overdue_before=cutoffs.queued)
            await timed(
                f"{scope_label}, queued, overdue, programme kumis_jas",
                samples,
                queue_of(db, scope, wanted),
            )

        print("search (first page of 50)")
        ids = [rng.randint(1, size) for _ in range(samples + 1)]
        texts: dict[str, Callable[[int], str]] = {
            "number A-000123": lambda i: f"A-{ids[i]:06d}",
            "phone 8 (701) …": lambda i: (
                f"8 (701) {ids[i] // 10000 % 1000:03d} {ids[i] // 100 % 100:02d}-{ids[i] % 100:02d}"
            ),
            "IIN": lambda i: f"{900000000000 + ids[i]:012d}",
            "name, a surname": lambda i: SURNAMES[i % len(SURNAMES)],
            "name, the common first name": lambda i: FIRST_NAMES[0],
            "name, first name and surname": lambda i: (
                f"{FIRST_NAMES[1 + i % 50]} {SURNAMES[i % len(SURNAMES)]}"
            ),
        }
        for label, text in texts.items():
            sample = read_search(text(0))
            assert sample is not None, text(0)
            for scope_label, scope in (("1 region", one), ("all", everyone)):
                await timed(
                    f"{label} ({sample.kind}), {scope_label}",
                    samples,
                    search_of(db, scope, text),
                )

        print("one application with its history and notes")
        await timed("open, supervisor", samples, open_of(db, everyone, ids))
    finally:
        await db.close()


def _query(text: str) -> SearchQuery:
    query = read_search(text)
    if query is None:
        raise ValueError(text)
    return query


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
        built_at = datetime.now(UTC)
        fill(path, args.size, built_at, snapshots(500, built_at.date()))
        add_names(path)
        answered_lately(path, built_at)
        print(f"{args.size:,} applications built in {time.perf_counter() - started:.0f} s")
        asyncio.run(measure(path, args.size, args.samples, built_at))


if __name__ == "__main__":
    main()
