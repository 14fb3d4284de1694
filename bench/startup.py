"""Start-up time: from starting the real `jumys run` process to the first update handled.

    .venv/bin/python bench/startup.py [--runs 5] [--importtime]

A tiny Bot API runs in this process (aiohttp on 127.0.0.1): it answers getMe, deleteWebhook,
setMyCommands, sendMessage and the rest, and its getUpdates hands out one /start from a citizen.
`jumys run` is started with a fake token and JUMYS_API_URL pointing at it; the clock stops when the
bot's answer to /start (a sendMessage to that citizen) arrives. Each run is measured twice: on a new
database (migrations run) and on restart (the same file). Goal: a bare echo bot's start + 0.5 s. The
CPU time the bot had used by its answer is printed too: on a shared machine it moves far less than
wall time. Our modules are compiled to bytecode first, as `pip install` (the Docker image) and `make
run` do: this machine sets PYTHONDONTWRITEBYTECODE, so without it every start compiles them again
(~0.2 s). Then the floor of the stack: a bare aiogram echo bot (bench/bare_echo.py: one handler, no
database) started the same way; and fresh interpreters that import pydantic and aiohttp, aiogram,
and all `jumys run` needs.

With --importtime, also runs `python -X importtime -m bot run` once and prints the modules with
the largest cumulative import time.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import json
import os
import re
import resource
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from timing import machine

TOKEN = "123456:startup-bench"
CITIZEN = 555001
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Jumys Bot", "username": "jumys_bot"}


def start_update(update_id: int) -> dict[str, Any]:
    user = {"id": CITIZEN, "is_bot": False, "first_name": "Айгүл", "language_code": "ru"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": CITIZEN, "type": "private"},
            "from": user,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


@dataclass
class FakeBotAPI:
    """Answers every Bot API method; notes when the first request and the answer arrive."""

    answered: asyncio.Event = field(default_factory=asyncio.Event)
    first_request_at: float | None = None
    answered_at: float | None = None
    bot_pid: int | None = None  # the bot's process, whose CPU time is read at the answer
    answered_cpu: float | None = None
    methods: list[str] = field(default_factory=list)
    update_given: bool = False
    # A new id at every start: a bot that remembers handled ids must not see a resend.
    update_id: int = 0
    message_id: int = 100

    def reset(self) -> None:
        self.answered = asyncio.Event()
        self.first_request_at = self.answered_at = None
        self.bot_pid = None
        self.answered_cpu = None
        self.methods = []
        self.update_given = False
        self.update_id += 1

    async def handle(self, request: web.Request) -> web.Response:
        now = time.perf_counter()
        if self.first_request_at is None:
            self.first_request_at = now
        method = request.match_info["method"]
        self.methods.append(method)
        params: dict[str, Any] = dict(await request.post())
        result: Any = True
        if method == "getMe":
            result = BOT_USER
        elif method == "getUpdates":
            if not self.update_given and int(params.get("offset", 0) or 0) <= self.update_id:
                self.update_given = True
                result = [start_update(self.update_id)]
            else:
                await asyncio.sleep(min(float(params.get("timeout", 0) or 0), 0.5))
                result = []
        elif method == "getWebhookInfo":
            result = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        elif method in ("getMyCommands",):
            result = []
        elif method in ("sendMessage", "editMessageText"):
            self.message_id += 1
            result = {
                "message_id": self.message_id,
                "date": int(time.time()),
                "chat": {"id": int(params.get("chat_id", 0)), "type": "private"},
                "from": BOT_USER,
                "text": str(params.get("text", "")),
            }
            if method == "sendMessage" and int(params.get("chat_id", 0)) == CITIZEN:
                if self.answered_at is None:
                    self.answered_at = now
                    self.answered_cpu = cpu_seconds(self.bot_pid)
                self.answered.set()
        return web.json_response({"ok": True, "result": result})


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) a process has used so far: unlike wall time, it hardly depends
    on what else the machine runs. Linux only (None elsewhere)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def serve(api: FakeBotAPI) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


def bot_environment(api_url: str, db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
    env.update(JUMYS_BOT_TOKEN=TOKEN, JUMYS_API_URL=api_url, JUMYS_DB=str(db))
    return env


@dataclass(frozen=True, slots=True)
class Sample:
    first_request: float  # seconds from the start to the bot's first Bot API request
    answer: float  # seconds from the start to the answer to /start (or to the import's end)
    cpu: float | None  # CPU seconds the process had used by then


JUMYS_RUN = (str(Path(sys.executable).parent / "jumys"), "run")
GOAL_OVER_ECHO = 0.5  # seconds: `jumys run` answers at most this long after a bare echo does
BARE_ECHO = str(Path(__file__).resolve().parent / "bare_echo.py")
# The floor: a bare aiogram echo bot, as aiogram is shipped.
ECHOES = {"bare aiogram echo": (sys.executable, BARE_ECHO)}


async def one_start(
    api: FakeBotAPI, api_url: str, db: Path, command: tuple[str, ...] = JUMYS_RUN
) -> Sample:
    """Seconds from spawning `command` (`jumys run`) to its first request, and to the answer
    to /start."""
    api.reset()
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *command,
        env=bot_environment(api_url, db),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    api.bot_pid = process.pid
    try:
        await asyncio.wait_for(api.answered.wait(), timeout=30)
    except TimeoutError:
        process.kill()
        _, err = await process.communicate()
        raise SystemExit(
            f"no answer to /start in 30 s; requests: {api.methods[:12]}; stderr:\n"
            f"{err.decode()[-3000:]}"
        ) from None
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.communicate(), timeout=10)
            except TimeoutError:
                process.kill()
                await process.communicate()
    assert api.first_request_at is not None and api.answered_at is not None
    return Sample(api.first_request_at - started, api.answered_at - started, api.answered_cpu)


def import_offenders(api_url: str, db: Path, top: int) -> list[tuple[int, str]]:
    """Runs `python -X importtime -m bot run --help`-free: imports everything `run` imports by
    starting the bot and stopping it after the answer; returns (cumulative µs, module)."""
    code = (
        "import runpy, sys; sys.argv = ['jumys', 'run']; "
        "runpy.run_module('bot', run_name='__main__')"
    )
    return asyncio.run(_importtime(api_url, db, code, top))


async def _importtime(api_url: str, db: Path, code: str, top: int) -> list[tuple[int, str]]:
    api = FakeBotAPI()
    api.reset()
    runner, api_url = await serve(api)
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-X",
            "importtime",
            "-c",
            code,
            env=bot_environment(api_url, db),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        await asyncio.wait_for(api.answered.wait(), timeout=30)
        process.send_signal(signal.SIGTERM)
        _, err = await process.communicate()
    finally:
        await runner.cleanup()
    rows: list[tuple[int, str]] = []
    for line in err.decode().splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match and len(match.group(3)) <= 3:  # top-level imports only (not nested ones)
            rows.append((int(match.group(2)), match.group(4)))
    return sorted(rows, reverse=True)[:top]


# What a fresh interpreter imports, from the floor up: pydantic and aiohttp (any aiogram bot
# needs them), aiogram, all `jumys run` needs.
BARE_IMPORTS = ("pydantic, aiohttp", "aiogram", "bot.telegram.service")


async def bare_import(modules: str) -> Sample:
    """Seconds (and CPU seconds) for a fresh interpreter to import `modules` and exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", f"import {modules}")
    await process.wait()
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Sample(took, took, cpu)


async def measure(runs: int) -> dict[str, list[Sample]]:
    api = FakeBotAPI()
    runner, api_url = await serve(api)
    results: dict[str, list[Sample]] = {"new database": [], "restart": []}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for run in range(runs):
                db = Path(folder) / f"run-{run}.sqlite3"
                results["new database"].append(await one_start(api, api_url, db))
                results["restart"].append(await one_start(api, api_url, db))
                for name, command in ECHOES.items():
                    echo = await one_start(api, api_url, db, command)
                    results.setdefault(name, []).append(echo)
                for modules in BARE_IMPORTS:
                    took = await bare_import(modules)
                    results.setdefault(f"import {modules}", []).append(took)
    finally:
        await runner.cleanup()
    return results


def compile_ahead() -> None:
    root = Path(__file__).resolve().parent.parent
    for package in ("bot", "handlers", "locales"):
        compileall.compile_dir(root / package, quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--importtime", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    print(f"{machine()}, load average {os.getloadavg()[0]:.2f}")
    compile_ahead()
    results = asyncio.run(measure(args.runs))
    figures: dict[str, float] = {}
    for kind, samples in results.items():
        first = statistics.median(s.first_request for s in samples)
        answer = statistics.median(s.answer for s in samples)
        cpus = [s.cpu for s in samples if s.cpu is not None]
        cpu = f"; CPU median {statistics.median(cpus) * 1000:.0f} ms" if cpus else ""
        figures[kind] = answer
        runs = ", ".join(f"{s.answer * 1000:.0f}" for s in samples)
        if kind.startswith("import"):
            print(f"{kind:>24}: median {answer * 1000:.0f} ms (runs: {runs} ms){cpu}")
            continue
        print(
            f"{kind:>24}: first update answered after median {answer * 1000:.0f} ms "
            f"(runs: {runs} ms){cpu}; first Bot API request after {first * 1000:.0f} ms"
        )
    echo = figures.get("bare aiogram echo")
    if echo is not None:
        for kind in ("new database", "restart"):
            over = figures[kind] - echo
            verdict = "met" if over <= GOAL_OVER_ECHO else "MISSED"
            print(
                f"{kind}: {over * 1000:+.0f} ms against the bare echo "
                f"(goal ≤ +{GOAL_OVER_ECHO * 1000:.0f} ms: {verdict})"
            )
    if args.json:
        print(json.dumps(figures))
    if args.importtime:
        with tempfile.TemporaryDirectory() as folder:
            offenders = import_offenders("", Path(folder) / "imports.sqlite3", 15)
        print("python -X importtime, largest top-level imports (cumulative):")
        for micros, module in offenders:
            print(f"  {micros / 1000:8.1f} ms  {module}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
