"""Values that change over time, looked up by day in O(log n) with no date parsing per call."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from typing import Generic, TypeVar

from bot.rules.schema import Dated

T = TypeVar("T")

_FOREVER = date.max.toordinal()


class Timeline(Generic[T]):
    """Sorted, non-overlapping dated entries (see `schema.check_no_overlap`)."""

    __slots__ = ("_ends", "_starts", "entries")

    def __init__(self, entries: Sequence[Dated[T]]) -> None:
        self.entries = tuple(entries)
        self._starts = [entry.start.toordinal() for entry in self.entries]
        self._ends = [
            entry.end.toordinal() if entry.end is not None else _FOREVER for entry in self.entries
        ]

    def entry_on(self, day: int) -> Dated[T] | None:
        """The entry in force on a day given as `date.toordinal()`, or None."""
        index = bisect_right(self._starts, day) - 1
        if index < 0 or day > self._ends[index]:
            return None
        return self.entries[index]

    def at(self, on: date) -> Dated[T] | None:
        return self.entry_on(on.toordinal())

    def __bool__(self) -> bool:
        return bool(self.entries)
