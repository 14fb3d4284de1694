"""The conversation's cost per update in two checkouts, measured in turns.

    git worktree add /tmp/base <commit>
    .venv/bin/python bench/compare_trees.py /tmp/base . [--rounds 3] [--citizens 300]

On a shared machine the CPU per update of one run can drift by a fifth within an hour while the
echo's does not (bench/RESULTS.md); two runs an hour apart cannot tell a 10 % change from that.
Here each round runs `bench/conversation.py --levels 100` once in every tree, one after the other,
each tree's own code and bench (the tree first on PYTHONPATH, this virtual environment), and the
median of the rounds is compared.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

FULL = re.compile(r"full stack x100\s+\d+ updates:.*CPU\s+([\d,]+) µs/update")
ECHO = re.compile(r"echo x100\s+\d+ updates:.*CPU\s+([\d,]+) µs/update")


def one_run(tree: Path, citizens: int) -> tuple[float, float]:
    """(full stack, echo) CPU µs per update at 100 citizens at once, from the tree's own bench."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [
        sys.executable,
        str(tree / "bench" / "conversation.py"),
        "--levels",
        "100",
        "--citizens",
        str(citizens),
    ]
    printed = subprocess.run(
        command, cwd=tree, env=env, capture_output=True, text=True, check=True
    ).stdout
    full, echo = FULL.search(printed), ECHO.search(printed)
    if full is None or echo is None:
        raise SystemExit(f"no figures from {tree}:\n{printed}")
    return float(full.group(1).replace(",", "")), float(echo.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs=2, type=Path, help="two checkouts: before, after")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--citizens", type=int, default=300)
    options = parser.parse_args()
    trees = [tree.resolve() for tree in options.trees]
    runs: dict[Path, list[tuple[float, float]]] = {tree: [] for tree in trees}
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    for _round in range(options.rounds):
        for tree in trees:
            runs[tree].append(one_run(tree, options.citizens))
    medians = []
    for tree in trees:
        full = statistics.median(each[0] for each in runs[tree])
        echo = statistics.median(each[1] for each in runs[tree])
        medians.append(full)
        shown = ", ".join(f"{each[0]:,.0f}" for each in runs[tree])
        print(f"{tree}: full stack {full:,.0f} µs/update ({shown}), echo {echo:,.0f}")
    print(f"after/before: {medians[1] / medians[0] - 1:+.1%}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
