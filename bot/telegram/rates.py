"""Rate limits as pure bookkeeping: the generic cell rate algorithm (GCRA), keyed by anything.

GCRA is a token bucket stored as one number per key, the "theoretical arrival time" (TAT): a key
may go `burst` events at once, then one event every `1 / rate` seconds. A key whose TAT has
passed is the same as a fresh key, so `prune` drops it and memory stays proportional to the keys
that are busy right now, not to every user the bot has ever seen.

Times are plain floats from a monotonic clock passed in by the caller, so tests use a fake clock
and never sleep.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
MonotonicClock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Rate:
    """`per_second` events per second sustained, and up to `burst` back to back."""

    per_second: float
    burst: int = 1

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst < 1:
            raise ValueError("a rate needs per_second > 0 and burst >= 1")

    @property
    def interval(self) -> float:
        return 1.0 / self.per_second

    @property
    def tolerance(self) -> float:
        return (self.burst - 1) * self.interval


class RateBook(Generic[Key]):
    """The TAT of every busy key under one `Rate`."""

    def __init__(self, rate: Rate) -> None:
        self.rate = rate
        self._tat: dict[Key, float] = {}

    def __len__(self) -> int:
        return len(self._tat)

    def try_take(self, key: Key, now: float) -> bool:
        """Take a slot now if there is one (True); otherwise change nothing (False)."""
        tat = max(self._tat.get(key, now), now)
        if tat - self.rate.tolerance > now:
            return False
        self._tat[key] = tat + self.rate.interval
        return True

    def reserve(self, key: Key, now: float) -> float:
        """Book the next free slot for `key`; returns how many seconds to wait for it (>= 0).

        Reservations queue up: ten callers at the same instant get ten increasing waits.
        """
        tat = max(self._tat.get(key, now), now)
        start = max(now, tat - self.rate.tolerance)
        self._tat[key] = tat + self.rate.interval
        return start - now

    def earliest(self, key: Key, now: float) -> float:
        """When `key` could next go without waiting (now or later); changes nothing."""
        tat = max(self._tat.get(key, now), now)
        return max(now, tat - self.rate.tolerance)

    def push_back(self, key: Key, until: float) -> None:
        """Nothing for `key` before `until` (Telegram told us to wait: 429 retry_after)."""
        self._tat[key] = max(self._tat.get(key, until), until + self.rate.tolerance)

    def prune(self, now: float) -> None:
        """Forget keys that are idle again: their next event would be allowed at full burst."""
        for key in [key for key, tat in self._tat.items() if tat <= now]:
            del self._tat[key]
