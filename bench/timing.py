"""Small helpers shared by the benchmarks: percentiles and a one-line machine description."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction in 0..1) of the samples."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[rank]


def summary_ms(samples_s: Sequence[float]) -> str:
    """p50, p99 and mean of durations given in seconds, printed in milliseconds."""
    return (
        f"p50 {percentile(samples_s, 0.50) * 1000:.3f} ms, "
        f"p99 {percentile(samples_s, 0.99) * 1000:.3f} ms, "
        f"mean {statistics.fmean(samples_s) * 1000:.3f} ms"
    )


def machine() -> str:
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d}"
    )
