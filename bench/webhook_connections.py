"""`jumys run --webhook` under the usual open-file limit (1,024) against more connections than
that which never finish a request, all on 127.0.0.1 and bounded in number and time.

    .venv/bin/python bench/webhook_connections.py [--connections 1100] [--seconds 40] [--fresh]

The bot runs as a child process with RLIMIT_NOFILE 1,024 and the fake Bot API of
tests/operations. The bench opens `--connections` connections in four kinds (nothing sent,
headers cut off, a body promised and not sent, an idle keep-alive after one request), keeps them,
and meanwhile sends a citizen's /start through the webhook every second. Printed: how many of
the connections the bot closed and when, how many /start got their answer, the longest wait,
and the bot's "Too many open files" and accept-error log lines.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' packages: operations

from operations.bot_api import BotApiServer  # noqa: E402
from timing import machine  # noqa: E402

from bot.telegram.updates import UpdateFactory  # noqa: E402

TOKEN = "123:TEST"
SECRET = "bench-secret_1"
PATH = "/telegram/updates"
FILE_LIMIT = 1024
KINDS = ("silent", "partial headers", "promised body", "idle keep-alive")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def first_bytes(kind: str) -> bytes:
    if kind == "partial headers":
        return f"POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Ty".encode()
    if kind == "promised body":
        return (
            f"POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: 1000\r\n\r\n{{"
        ).encode()
    if kind == "idle keep-alive":
        return b"GET /healthz HTTP/1.1\r\nHost: bot\r\nConnection: keep-alive\r\n\r\n"
    return b""


async def hold(port: int, kind: str, closed: list[float], started: float) -> None:
    """One connection: opened, its first bytes sent, then kept until the server closes it."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        closed.append(0.0)
        return
    try:
        if data := first_bytes(kind):
            writer.write(data)
            await writer.drain()
        with contextlib.suppress(OSError):
            await reader.read()
        closed.append(time.monotonic() - started)
    except OSError:
        closed.append(time.monotonic() - started)
    finally:
        writer.close()


def _limit_files() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, FILE_LIMIT))


def start_bot(env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """`jumys run --webhook` with the usual open-file limit, its log in a file."""
    with log_path.open("wb") as log_file:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--webhook"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            preexec_fn=_limit_files,
        )


async def run(connections: int, seconds: float, fresh: bool) -> int:
    api = BotApiServer()
    await api.start()
    folder = tempfile.TemporaryDirectory()
    port = free_port()
    env = {
        **os.environ,
        "JUMYS_BOT_TOKEN": TOKEN,
        "JUMYS_API_URL": api.url,
        "JUMYS_DB": str(Path(folder.name) / "jumys.sqlite3"),
        "JUMYS_WEBHOOK_URL": f"https://bot.example.kz{PATH}",
        "JUMYS_WEBHOOK_SECRET": SECRET,
        "JUMYS_WEBHOOK_PORT": str(port),
    }
    log_path = Path(folder.name) / "bot.log"

    bot = start_bot(env, log_path)
    try:
        await api.wait_for(lambda: api.webhook is not None, seconds=60)
        started = time.monotonic()
        closed: list[float] = []
        holders = [
            asyncio.create_task(hold(port, KINDS[n % len(KINDS)], closed, started))
            for n in range(connections)
        ]
        answered: list[float] = []
        failures: dict[str, int] = {}
        asked = 0
        url = f"http://127.0.0.1:{port}{PATH}"
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        client_timeout = aiohttp.ClientTimeout(total=5)
        # Telegram keeps its connections open; --fresh opens a new one for every update.
        connector = aiohttp.TCPConnector(force_close=fresh)
        async with aiohttp.ClientSession(timeout=client_timeout, connector=connector) as http:
            while time.monotonic() - started < seconds:
                asked += 1
                citizen = UpdateFactory(user_id=40_000_000 + asked, language_code="ru")
                sent_at = time.monotonic()
                # Each citizen's own update id (a factory per citizen starts its ids at 1).
                update = citizen.text("/start").model_copy(update={"update_id": 1000 + asked})
                body = update.model_dump_json(exclude_unset=True, by_alias=True)
                # Telegram sends an update again until it is taken: so does this citizen.
                while time.monotonic() - started < seconds:
                    try:
                        async with http.post(url, data=body, headers=headers) as response:
                            if response.status == 200:
                                break
                    except (aiohttp.ClientError, TimeoutError) as error:
                        failures[type(error).__name__] = failures.get(type(error).__name__, 0) + 1
                    await asyncio.sleep(0.5)
                with contextlib.suppress(AssertionError):
                    await api.wait_for(
                        lambda n=asked: bool(api.texts(40_000_000 + n)), seconds=seconds
                    )
                    answered.append(time.monotonic() - sent_at)
                await asyncio.sleep(1.0)
        for task in holders:
            task.cancel()
        await asyncio.gather(*holders, return_exceptions=True)
    finally:
        bot.terminate()
        bot.wait(60)
        await api.close()
    log = log_path.read_text(errors="replace")
    if os.environ.get("BENCH_SHOW_LOG"):
        print(log[-3000:])
    folder.cleanup()
    too_many = log.count("Too many open files")
    accept_lines = sum(1 for line in log.splitlines() if "cannot accept" in line)
    within = sorted(closed)
    print(
        f"{connections} connections ({', '.join(KINDS)}), open-file limit {FILE_LIMIT}, "
        f"{seconds:.0f} s"
    )
    print(
        f"closed by the bot: {len(closed)} of {connections}; half within "
        f"{within[len(within) // 2] if within else 0:.1f} s, the last at "
        f"{within[-1] if within else 0:.1f} s"
    )
    print(
        f"citizens' /start: {len(answered)} of {asked} answered, longest wait "
        f"{max(answered, default=0):.1f} s"
    )
    print(f"webhook posts that failed and were sent again: {failures}")
    print(f"log lines: 'Too many open files' {too_many}, accept errors {accept_lines}")
    ok = len(closed) == connections and len(answered) == asked and too_many == 0
    print("ok" if ok else "FAILED")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=1100)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--fresh", action="store_true", help="a new connection for each update")
    options = parser.parse_args()
    print(f"{machine()}, load average {os.getloadavg()[0]:.2f}")
    return asyncio.run(run(options.connections, options.seconds, options.fresh))


if __name__ == "__main__":
    raise SystemExit(main())
