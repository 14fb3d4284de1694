"""The long variant of tests/operations/test_polling.py and test_reply_failures.py: many citizens
talking to the real `jumys run` service (long polling) through a real HTTP Bot API on 127.0.0.1
that fails at random: getUpdates and sendMessage time out, answer 502, an HTML page or 429, and
the whole API is down (connections refused) now and then.

    .venv/bin/python bench/conversation_failures.py [--citizens 40] [--failure-rate 0.3]

Each citizen sends /start, agrees, gives an IIN and then types a few commands; every one of those
updates gets exactly one reply when nothing fails. Checked at the end, and printed: every update
Telegram sent was handled exactly once (the inbox holds nothing, none repeated), every IIN is
saved, no reply was sent twice (there is no "answered too late" failure here, the one case where
a reply is sent again by design), and how many replies were given up after their retries (the
citizen's next message continues the conversation: tests/operations/test_reply_failures.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' packages: operations

from aiogram.fsm.storage.base import StorageKey  # noqa: E402
from aiogram.utils.backoff import BackoffConfig  # noqa: E402
from operations.bot_api import BotApiServer, Failure  # noqa: E402
from operations.service import running, settings_for  # noqa: E402
from timing import machine  # noqa: E402

from bot.telegram.polling import PollTimes  # noqa: E402
from bot.telegram.service import Service  # noqa: E402
from handlers.citizen.consent import ConsentChoice  # noqa: E402

IIN = "870510300012"
# The error handler's answer when a reply could not be sent (handlers/fallback.py, in Russian).
SORRY = "Извините, у нас что-то пошло не так."
COMMANDS = ["/help", "/privacy", "/my", "/language"]
TRANSIENT = [Failure.SERVER_ERROR, Failure.NOT_JSON, Failure.TIMEOUT, Failure.FLOOD]
WEIGHTS = [5, 2, 3, 0.3]  # a 429 costs a real second (retry_after 1)
QUICK = PollTimes(
    poll_seconds=1,
    grace_seconds=1.0,
    backoff=BackoffConfig(min_delay=0.05, max_delay=0.3, factor=1.5, jitter=0.1),
)


def schedule(api: BotApiServer, method: str, rng: random.Random, calls: int, rate: float) -> None:
    gap = 0
    for _ in range(calls):
        if rng.random() < rate:
            api.fail(method, rng.choices(TRANSIENT, WEIGHTS)[0], after=gap)
            gap = 0
        else:
            gap += 1


async def citizen(api: BotApiServer, user_id: int, rng: random.Random) -> None:
    """Types the next message once the bot answered the last one (or a while passed)."""
    consent = ConsentChoice(agree=True).pack()
    steps = [("text", "/start"), ("button", consent), ("text", IIN)]
    steps += [("text", command) for command in COMMANDS]
    for kind, value in steps:
        before = len(api.texts(user_id))
        if kind == "text":
            api.push_text(user_id, value)
        else:
            api.push_callback(user_id, value)
        with contextlib.suppress(AssertionError):  # a reply given up: the citizen goes on
            await api.wait_for(lambda n=before: len(api.texts(user_id)) > n, seconds=4.0)
        await asyncio.sleep(rng.uniform(0.0, 0.3))


async def run(citizens: int, rate: float, rng: random.Random) -> int:
    api = BotApiServer()
    api.timeout_seconds = 2.0
    await api.start()
    folder = tempfile.TemporaryDirectory()
    service = await Service.open(
        settings_for(Path(folder.name), api_url=api.url), retry_delays=(0.05, 0.1, 0.2)
    )
    service.poll_times = QUICK
    # Long enough that a loaded machine answering late is not taken for a timeout (which
    # would send the reply again, by design: tests/operations/test_reply_failures.py).
    service.bot.session.timeout = 1.5
    users = list(range(20_000_001, 20_000_001 + citizens))
    started = time.perf_counter()
    outages = 0
    try:
        schedule(api, "getUpdates", rng, citizens * 20, rate)
        schedule(api, "sendMessage", rng, citizens * 20, rate)
        async with running(service, webhook=False):
            talking = asyncio.gather(*(citizen(api, user, rng) for user in users))
            while not talking.done():
                await asyncio.sleep(rng.uniform(0.5, 2.0))
                if not talking.done() and rng.random() < 0.3:
                    outages += 1
                    await api.pause()
                    await asyncio.sleep(rng.uniform(0.1, 0.8))
                    await api.resume()
            await talking
            await api.wait_for(lambda: api.unconfirmed == 0, seconds=30)
            await api.wait_for(lambda: service.intake.in_flight == 0, seconds=30)
        return await report(api, service, users, outages, started)
    finally:
        await service.close()
        await api.close()
        folder.cleanup()


async def report(
    api: BotApiServer, service: Service, users: list[int], outages: int, started: float
) -> int:
    pushed = len(users) * (3 + len(COMMANDS))
    [(handled,)] = await service.db.connector.fetch_all(
        "SELECT COUNT(*) FROM inbox WHERE handled_at IS NOT NULL"
    )
    waiting = await service.db.inbox.waiting()
    saved, shown = 0, 0
    for user in users:
        key = StorageKey(bot_id=service.bot.id, chat_id=user, user_id=user)
        profile = (await service.dp.storage.get_data(key)).get("profile") or {}
        saved += profile.get("iin") == IIN
        if profile.get("iin") != IIN and shown < 3:
            shown += 1
            state = await service.dp.storage.get_state(key)
            print(f"  IIN not saved for {user} (state {state}); what they were sent:")
            for text in api.texts(user):
                print("    ", text[:60].replace("\n", " "))
    replies = Counter(
        (int(r.params["chat_id"]), str(r.params["text"]))
        for r in api.sent()
        if not str(r.params["text"]).startswith(SORRY)
    )
    sorry = sum(1 for r in api.sent() if str(r.params["text"]).startswith(SORRY))
    texts_per_user = Counter(int(r.params["chat_id"]) for r in api.sent())
    failed = Counter(failure for _, failure in api.failed)
    print(
        f"{len(users)} citizens, {pushed} updates, {outages} outages, "
        f"{time.perf_counter() - started:.1f} s"
    )
    print("failures answered: " + ", ".join(f"{k.name} {n}" for k, n in sorted(failed.items())))
    expected = len(users) * (1 + 2 + 1 + len(COMMANDS))  # consent gives two messages
    got = sum(texts_per_user.values()) - sorry
    print(
        f"updates handled {handled} of {pushed}, left in the inbox {len(waiting)}; "
        f"IINs saved {saved} of {len(users)}; replies {got} of {expected}; "
        f"{expected - got} given up after their retries, "
        f"{sorry} of them followed by the error handler's apology"
    )
    repeated = [key for key, n in replies.items() if n > 1]  # every reply differs from the rest
    print(f"replies sent twice: {len(repeated)}")
    for chat, text in repeated[:5]:
        print("  ", chat, text[:70].replace("\n", " "))
    ok = handled == pushed and not waiting and saved == len(users) and not repeated
    print("ok" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=40)
    parser.add_argument("--failure-rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)  # every retry logs; the error handler too
    print(f"{machine()}, load average {os.getloadavg()[0]:.2f}, seed {options.seed}")
    return asyncio.run(run(options.citizens, options.failure_rate, random.Random(options.seed)))


if __name__ == "__main__":
    raise SystemExit(main())
