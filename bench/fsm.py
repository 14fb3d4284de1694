"""Conversation state (aiogram FSM storage): gets and sets per second for our SQLite storage,
for aiogram's MemoryStorage in the same run (the ratio is the price of surviving a restart),
and for SQLite FSM storages published on PyPI when they are importable.

The rivals are not project dependencies. To include them, install them beside the project, not
into it, and put them on the path for this run only:

    .venv/bin/pip install --no-deps --target /tmp/jumys-fsm-rivals \\
        aiogram-sqlite-storage==1.0.1 aiogram-fsm-sqlitestorage==1.0.0 sqlitestorage==1.1.1
    PYTHONPATH=/tmp/jumys-fsm-rivals .venv/bin/python bench/fsm.py

Each storage holds 1,000 conversations; every call picks one at random. The data is what the
questionnaire keeps (the profile answers, the way back, the picked groups). "step" is what one
answer costs a conversation: get_state, get_data, update_data, set_state. "stall" is how late a
1 ms timer fires while steps run: how long one storage call holds up every other chat.

Run: .venv/bin/python bench/fsm.py [--seconds 2] [--dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from eligibility import sample_profiles  # bench/eligibility.py
from timing import machine, percentile

from bot.rules.profile_json import profile_to_json
from bot.storage.database import Database
from bot.storage.fsm import SQLiteStorage

CONVERSATIONS = 1_000
BOT_ID = 42


@dataclass(frozen=True, slots=True)
class Rival:
    distribution: str
    module: str
    cls: str
    path_argument: str
    options: tuple[tuple[str, str], ...] = ()


RIVALS = (
    Rival("aiogram-sqlite-storage", "aiogram_sqlite_storage.sqlitestore", "SQLStorage", "db_path",
          (("serializing_method", "json"),)),
    Rival("aiogram-fsm-sqlitestorage", "aiogram_fsm_sqlitestorage", "SQLiteStorage", "db_path"),
    Rival("sqlitestorage", "sqlitestorage", "SQLiteStorage", "path"),
)  # fmt: skip


def keys() -> list[StorageKey]:
    return [
        StorageKey(bot_id=BOT_ID, chat_id=user_id, user_id=user_id)
        for user_id in range(1_000_001, 1_000_001 + CONVERSATIONS)
    ]


def conversation_data() -> list[dict[str, Any]]:
    """One questionnaire's data per conversation, as the chat handlers keep it."""
    steps = ["birth", "sex", "region", "employment", "education", "experience", "groups"]
    found = []
    for n, profile in enumerate(sample_profiles(CONVERSATIONS, seed=9)):
        found.append(
            {
                "profile": profile_to_json(profile),
                "history": steps[: 1 + n % len(steps)],
                "picks": sorted(str(group) for group in profile.groups or ()),
            }
        )
    return found


async def rate(
    call: Callable[[StorageKey, int], Awaitable[object]],
    all_keys: list[StorageKey],
    seconds: float,
) -> float:
    """Calls per wall-clock second, each on a random conversation."""
    rng = random.Random(1)
    done = 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        for _ in range(50):
            index = rng.randrange(len(all_keys))
            await call(all_keys[index], index)
        done += 50
    return done / (time.perf_counter() - started)


async def loop_stall(
    call: Callable[[StorageKey, int], Awaitable[object]],
    all_keys: list[StorageKey],
    seconds: float,
) -> tuple[float, float]:
    """p99 and worst lateness, in ms, of a 1 ms timer while conversations take steps.

    Each step yields to the event loop once, as one Telegram update does, so the timer shows
    how long a storage call keeps every other chat of the bot waiting.
    """
    lateness: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        while not stop.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            lateness.append(max(0.0, time.perf_counter() - before - 0.001))

    async def stepping() -> None:
        rng = random.Random(2)
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            index = rng.randrange(len(all_keys))
            await call(all_keys[index], index)
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await stepping()
    stop.set()
    await task
    return percentile(lateness, 0.99) * 1000, max(lateness) * 1000


async def measure(storage: BaseStorage, seconds: float) -> dict[str, float]:
    all_keys = keys()
    data = conversation_data()
    for key, value in zip(all_keys, data, strict=True):
        await storage.set_state(key, "Ask:region")
        await storage.set_data(key, value)

    async def set_state(key: StorageKey, n: int) -> None:
        await storage.set_state(key, "Ask:employment" if n % 2 else "Ask:region")

    async def set_data(key: StorageKey, n: int) -> None:
        await storage.set_data(key, data[n])

    async def get_state(key: StorageKey, n: int) -> None:
        await storage.get_state(key)

    async def get_data(key: StorageKey, n: int) -> None:
        await storage.get_data(key)

    async def step(key: StorageKey, n: int) -> None:
        await storage.get_state(key)
        current = await storage.get_data(key)
        await storage.update_data(key, {"history": [*current.get("history", ()), "step"][-8:]})
        await storage.set_state(key, "Ask:education")

    figures = {}
    for name, call in {
        "get_state": get_state,
        "get_data": get_data,
        "set_state": set_state,
        "set_data": set_data,
        "step": step,
    }.items():
        await rate(call, all_keys, min(0.2, seconds / 10))  # warm up
        figures[name] = await rate(call, all_keys, seconds)
    figures["stall p99 ms"], figures["stall max ms"] = await loop_stall(step, all_keys, seconds)
    return figures


def rival_storage(rival: Rival, folder: Path) -> BaseStorage | str:
    """The rival's storage, or why it cannot be measured."""
    try:
        module = importlib.import_module(rival.module)
        made_by = version(rival.distribution)
    except (ImportError, PackageNotFoundError) as error:
        return f"not importable ({error}); see the docstring to install it for this run"
    storage_class = getattr(module, rival.cls)
    path = str(folder / f"{rival.distribution}.sqlite3")
    storage = storage_class(**{rival.path_argument: path}, **dict(rival.options))
    if not isinstance(storage, BaseStorage):
        return f"{rival.module}.{rival.cls} is not an aiogram BaseStorage"
    print(f"  {rival.distribution} {made_by}: {rival.module}.{rival.cls}")
    return storage


async def run(seconds: float, folder: Path) -> None:
    columns = ("get_state", "get_data", "set_state", "set_data", "step")
    stalls = ("stall p99 ms", "stall max ms")
    results: dict[str, dict[str, float]] = {}

    memory = MemoryStorage()
    results["aiogram MemoryStorage"] = await measure(memory, seconds)
    await memory.close()

    db = await Database.open(folder / "jumys.sqlite3")
    try:
        results["Jumys SQLiteStorage"] = await measure(SQLiteStorage(db), seconds)
    finally:
        await db.close()

    print("published SQLite storages:")
    for rival in RIVALS:
        storage = rival_storage(rival, folder)
        if isinstance(storage, str):
            print(f"  {rival.distribution}: {storage}")
            continue
        try:
            results[rival.distribution] = await measure(storage, seconds)
        finally:
            await storage.close()

    width = 36
    print(
        f"{'calls per second':<{width}}"
        + "".join(f"{name:>11}" for name in columns)
        + "".join(f"{name:>14}" for name in stalls)
    )
    for name, figures in results.items():
        print(
            f"{name:<{width}}"
            + "".join(f"{figures[column]:>11,.0f}" for column in columns)
            + "".join(f"{figures[column]:>14.2f}" for column in stalls)
        )
    ours = results["Jumys SQLiteStorage"]
    for name, figures in results.items():
        if name != "Jumys SQLiteStorage":
            print(
                f"{'Jumys / ' + name:<{width}}"
                + "".join(f"{ours[column] / figures[column]:>11.3f}" for column in columns)
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--dir", type=Path, default=None, help="where the files go (a real disk)")
    args = parser.parse_args()
    print(machine(), f"load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="jumys-fsm-") as folder:
        asyncio.run(run(args.seconds, Path(folder)))
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
