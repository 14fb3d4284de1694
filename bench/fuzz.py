"""The long variant of the dispatcher fuzz (tests/reliability/test_fuzz.py): many more generated
updates at every conversation state than CI runs.

Run: .venv/bin/python bench/fuzz.py [--examples 2000]   (each example is 1-4 updates)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from timing import machine

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples per state")
    options = parser.parse_args()
    print(f"{machine()}, load average {os.getloadavg()[0]:.2f}; {options.examples} per state")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/reliability/test_fuzz.py", "-q"],
        cwd=ROOT,
        env={**os.environ, "JUMYS_FUZZ_EXAMPLES": str(options.examples)},
        check=False,
    )
    print(f"{time.perf_counter() - started:.0f} s, exit code {result.returncode}")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
