"""Child processes for the end-to-end tests: the Bot API emulator and bots, with bounded waits.

Output goes to a log file rather than a pipe, so a chatty child can never block on a full pipe,
and the log can be shown when a test fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

EMULATOR_DIR = Path(__file__).parent / "emulator"
REPO_ROOT = Path(__file__).parents[2]
_POLL_S = 0.02


class RunningProcess:
    """A started child process whose stdout and stderr go to `log_path`."""

    def __init__(self, name: str, popen: subprocess.Popen[bytes], log_path: Path) -> None:
        self.name = name
        self.popen = popen
        self.log_path = log_path

    def log(self, last_lines: int = 60) -> str:
        lines = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(lines[-last_lines:])

    def check_alive(self) -> None:
        """Fail at once, with the log, if the process has exited."""
        code = self.popen.poll()
        if code is not None:
            raise AssertionError(f"{self.name} exited with code {code}; its log:\n{self.log()}")

    def wait_for_line(self, part: str, timeout_s: float) -> str:
        """The first log line containing `part`, waiting at most `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while True:
            for line in self.log_path.read_text(errors="replace").splitlines():
                if part in line:
                    return line
            self.check_alive()
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{self.name} printed no {part!r} line in {timeout_s} s; its log:\n{self.log()}"
                )
            time.sleep(_POLL_S)

    def stop(self, timeout_s: float = 10.0) -> int:
        """SIGTERM, then SIGKILL if it has not exited within `timeout_s`; the exit code."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout_s)
        if self.popen.stdin is not None:
            self.popen.stdin.close()
        return self.popen.returncode


def start_process(
    name: str,
    argv: Sequence[str],
    *,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    keep_stdin_open: bool = False,
) -> RunningProcess:
    with log_path.open("wb") as log:
        popen = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if keep_stdin_open else subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(env) if env is not None else None,
            cwd=cwd,
        )
    return RunningProcess(name, popen, log_path)


def start_emulator(log_path: Path, timeout_s: float = 15.0) -> tuple[RunningProcess, str]:
    """Start the patched Bot API emulator on a free loopback port; the process and its URL.

    Node is a hard requirement of the test suite (CI and every dev machine have node 20), so
    its absence fails the tests instead of silently skipping the end-to-end ones.
    """
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node (20 or newer) is not on PATH; the end-to-end tests need it", pytrace=False
        )
    if not (EMULATOR_DIR / "node_modules" / "telegram-test-api").is_dir():
        pytest.fail(
            "the Bot API emulator is not installed: run `make test`, or "
            "`npm ci --prefix tests/e2e/emulator --no-audit --no-fund`",
            pytrace=False,
        )
    # stdin stays open: the launcher exits when it closes, even if this test run is killed.
    emulator = start_process(
        "Bot API emulator",
        [node, str(EMULATOR_DIR / "server.js"), "0"],
        log_path=log_path,
        cwd=EMULATOR_DIR,
        keep_stdin_open=True,
    )
    ready = emulator.wait_for_line("ready http://", timeout_s)
    url = ready.removeprefix("ready ").strip()
    if not url.startswith("http://127.0.0.1:"):
        emulator.stop()
        raise AssertionError(f"the emulator should listen on loopback only, it says {ready!r}")
    return emulator, url


def clean_environment(**overrides: str) -> dict[str, str]:
    """This process's environment without any JUMYS_* setting, plus `overrides`; the staff
    desk of a `jumys run` on a free port (tests of several checkouts may run at once)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUMYS_")}
    env["PYTHONUNBUFFERED"] = "1"  # log lines reach the file as they happen
    env["JUMYS_DESK_PORT"] = "0"
    env.update(overrides)
    return env
