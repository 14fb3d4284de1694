"""The long fuzz: tests/operations/test_fuzz.py with many more examples per conversation state.

    .venv/bin/python bench/fuzz_long.py [--examples 150] [--seed N]

Same strategies, same checks (tests/operations/fuzzing.py): every example starts from a copy of
a SQLite file with the citizen at one state and feeds 1-6 hypothesis-made updates through the
real dispatcher. Prints, per state, the examples and updates run; stops at the first failure
with hypothesis's shrunk example.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' packages: chat, operations

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from operations.fuzzing import STATES, Act, Templates, acts, run_example  # noqa: E402
from timing import machine  # noqa: E402


def fuzz_state(
    runner: asyncio.Runner, templates: Templates, state: str, examples: int, chosen_seed: int
) -> tuple[int, int]:
    counts = [0, 0]

    @seed(chosen_seed)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(example=st.lists(acts, min_size=1, max_size=6))
    def run(example: list[Act]) -> None:
        counts[0] += 1
        counts[1] += len(example)
        runner.run(run_example(templates, state, example))

    run()
    return counts[0], counts[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=150, help="examples per state")
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    print(machine())
    print(f"{len(STATES)} states, {args.examples} examples each, seed {args.seed}")
    total_examples = total_updates = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, asyncio.Runner() as runner:
        templates = Templates(Path(folder))
        for number, state in enumerate(STATES):
            began = time.perf_counter()
            examples, updates = fuzz_state(
                runner, templates, state, args.examples, args.seed + number
            )
            total_examples += examples
            total_updates += updates
            print(
                f"  {state:<20} {examples:>5} examples, {updates:>5} updates, "
                f"{time.perf_counter() - began:6.1f} s: ok",
                flush=True,
            )
    print(
        f"all passed: {total_examples} examples, {total_updates} updates in "
        f"{time.perf_counter() - started:.0f} s; no error handler hit, every private message "
        "and button press answered"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
