"""Full evaluations (all 13 programmes and measures) per second on one core.

Goal: at least 20 000 a second. Profiles are varied (ages 16-70, both sexes, every employment
status, some graduates, some unanswered fields, the job-loss and sector answers of the new
measures) so caches see realistic traffic, and the dates cross the 2025/2026 MRP change and
the notices of 26 Jan 2026.

Run: .venv/bin/python bench/eligibility.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from datetime import date, timedelta

from timing import machine  # bench/timing.py: the script's own directory is on sys.path

from bot.rules import Rules, evaluate, load_rules, needed_fields
from bot.rules.model import Answer, Education, Employment, Group, Profile, ProgrammeId, Sector, Sex

GOAL_PER_SECOND = 20_000


def sample_profiles(count: int, seed: int = 7) -> list[Profile]:
    rng = random.Random(seed)
    regions = [region.slug for region in load_rules().regions]
    profiles = []
    for _ in range(count):
        birth = date(1956, 1, 1) + timedelta(days=rng.randrange(0, 54 * 365))
        educated = rng.random() < 0.5
        profiles.append(
            Profile(
                birth_date=birth if rng.random() < 0.9 else None,
                sex=rng.choice([*Sex, None]),
                region=rng.choice([*regions, None]),
                employment=rng.choice([*Employment, None]),
                education=rng.choice(list(Education)) if educated else None,
                graduation_date=birth + timedelta(days=rng.randrange(18 * 365, 30 * 365))
                if educated
                else None,
                has_work_experience=rng.choice([True, False, None]),
                groups=frozenset(rng.sample(list(Group), rng.randrange(0, 3)))
                if rng.random() < 0.7
                else None,
                lost_job_recently=rng.choice([*Answer, None]),
                social_insurance_paid=rng.choice([*Answer, None]),
                profession_sector=rng.choice([*Sector, None]),
            )
        )
    return profiles


def rate(
    function: Callable[[Profile, date, Rules], object],
    profiles: list[Profile],
    days: list[date],
    seconds: float,
) -> tuple[float, float]:
    """Calls per second of CPU time and of wall-clock time.

    CPU time is the figure to judge: this machine is shared, and while other jobs run, the wall
    clock also counts time the core spent on them.
    """
    rules = load_rules()
    done = 0
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    deadline = wall_started + seconds
    while time.perf_counter() < deadline:
        for profile, on in zip(profiles, days, strict=True):
            function(profile, on, rules)
        done += len(profiles)
    cpu = time.process_time() - cpu_started
    wall = time.perf_counter() - wall_started
    return done / cpu, done / wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    profiles = sample_profiles(2_000)
    rng = random.Random(11)
    days = [date(2025, 12, 1) + timedelta(days=rng.randrange(0, 62)) for _ in profiles]
    load_rules()
    rate(evaluate, profiles[:200], days[:200], 0.5)  # warm up
    evaluations = rate(evaluate, profiles, days, args.seconds)
    needed = rate(needed_fields, profiles, days, args.seconds / 2)
    print(machine(), f"load average {os.getloadavg()[0]:.2f}")
    print(
        f"evaluate ({len(ProgrammeId)} programmes): {evaluations[0]:,.0f} / CPU-second on one core "
        f"({evaluations[1]:,.0f} / wall second), goal {GOAL_PER_SECOND:,}"
    )
    print(f"needed_fields: {needed[0]:,.0f} / CPU-second ({needed[1]:,.0f} / wall second)")
    return 0 if evaluations[0] >= GOAL_PER_SECOND else 1


if __name__ == "__main__":
    raise SystemExit(main())
